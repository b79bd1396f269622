// MERGE (PostgreSQL 15): the source LEFT JOIN the target on the join
// condition; per joined row the first WHEN clause whose kind (MATCHED / NOT
// MATCHED) and condition fit decides: UPDATE, DELETE, INSERT or DO NOTHING.
// A target row matched by a second source row raises 21000, as PostgreSQL.
#pragma once

#include "exec/dml_ops.h"

namespace upsertdb {

class MergeOp : public DmlOp {
 public:
  struct Action {
    bool matched = true;
    BExpr condition;                           // over the joined row; null = always
    enum class Kind { kUpdate, kDelete, kInsert, kNothing } kind = Kind::kNothing;
    std::vector<std::pair<int, BExpr>> set;    // UPDATE: column -> value over the joined row
    std::vector<int> insert_cols;              // INSERT: target columns ...
    std::vector<BExpr> insert_values;          // ... and their values over the joined row
  };
  OpPtr child;                 // source row ‖ target physical row ‖ target row id (NULL when unmatched)
  size_t target_offset = 0;    // where the target's physical row starts in the joined row
  size_t rowid_slot = 0;
  std::vector<Action> actions;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;

 private:
  Row in_;
};

}  // namespace upsertdb
