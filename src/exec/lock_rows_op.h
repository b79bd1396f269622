// LockRows: SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE
// [NOWAIT | SKIP LOCKED]. Sits between the sort and the LIMIT, as PostgreSQL's
// LockRows node does, so only rows actually returned are locked. A row that
// another transaction holds a conflicting lock on, or writes in a way that
// conflicts, is waited for (or skipped / 55P03); then the lock goes into the
// transaction manager's row-lock table (txn/row_locks.h) until this
// transaction ends or rolls back to an earlier savepoint. Writers of the row
// wait for the locks that conflict with their own (exec/row_lock_waits.h).
//
// A row changed by a transaction that committed after this statement's
// snapshot (typically the one waited for) is, at READ COMMITTED, re-checked
// as PostgreSQL's EvalPlanQual does: the newest version is locked, the WHERE
// clause is evaluated on it, and the row is returned with its new contents
// when it still qualifies, skipped (but left locked, as in PostgreSQL) when
// not. A deleted row is skipped. REPEATABLE READ and SERIALIZABLE raise 40001.
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
  // The READ COMMITTED re-check: possible when the child's rows are `project`
  // over the table's physical row followed by its row id (a single-table
  // scan); `recheck` is the WHERE over that row (null = no WHERE).
  bool can_recheck = false;
  BExpr recheck;
  std::vector<BExpr> project;
  void open(ExecContext& ctx) override { child->open(ctx); }
  bool next(ExecContext& ctx, Row& out) override;

 private:
  // Re-evaluates the query for `current`, the newest version of row `id`;
  // false when the row no longer qualifies, else `out` is its new output row.
  bool recheck_version(ExecContext& ctx, RowId id, const Version& current, Row& out);
};

}  // namespace upsertdb
