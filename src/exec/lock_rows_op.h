// LockRows: SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE
// [NOWAIT | SKIP LOCKED]. Sits between the sort and the LIMIT, as PostgreSQL's
// LockRows node does, so only rows actually returned are locked. A row another
// transaction is writing is waited for (or skipped / 55P03); the exclusive
// strengths then lock it the way our writers do — by writing a version with
// the same contents — so other writers wait for this transaction. The SHARE
// strengths wait for writers but take no lock of their own yet.
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
