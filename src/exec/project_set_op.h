// ProjectSet: set-returning functions in a select list (SELECT
// generate_series(1, 3), x FROM t). For each input row every SRF is expanded
// and the results run in lockstep, as in PostgreSQL 10+: the row count is the
// longest expansion and shorter ones are padded with NULL. Output = the input
// row followed by one column per SRF.
#pragma once

#include "exec/operator.h"

namespace upsertdb {

class ProjectSetOp : public Operator {
 public:
  struct Srf {
    std::vector<BExpr> args;   // the function's arguments over the input row
    Type type;
    std::string function = "generate_series";   // or unnest, pg_partition_ancestors
  };
  OpPtr child;
  std::vector<Srf> srfs;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;

 private:
  Row in_;
  std::vector<std::vector<Value>> series_;
  size_t pos_ = 0, length_ = 0;
};

}  // namespace upsertdb
