// LockRows: SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE
// [NOWAIT | SKIP LOCKED]. Sits between the sort and the LIMIT, as PostgreSQL's
// LockRows node does, so only rows actually returned are locked. A row that
// another transaction holds a conflicting lock on, or writes in a way that
// conflicts, is waited for (or skipped / 55P03); then the lock goes into the
// transaction manager's row-lock table (txn/row_locks.h) until this
// transaction ends or rolls back to an earlier savepoint. Writers of the row
// wait for the locks that conflict with their own (exec/row_lock_waits.h).
#pragma once

#include "exec/operator.h"
#include "sql/ast.h"

namespace upsertdb {

class LockRowsOp : public Operator {
 public:
  OpPtr child;
  std::shared_ptr<TableInfo> table;
  size_t rowid_pos = 0;                      // where the row id travels in the child's rows
  ast::LockStrength strength = ast::LockStrength::kForUpdate;
  int wait_policy = 0;                       // 0 block, 1 SKIP LOCKED, 2 NOWAIT
  void open(ExecContext& ctx) override { child->open(ctx); }
  bool next(ExecContext& ctx, Row& out) override;
};

}  // namespace upsertdb
