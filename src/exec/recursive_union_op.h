// WITH RECURSIVE: runs the non-recursive term, then the recursive term over
// the rows the previous round produced (its self-reference reads the working
// table ctx.ctes[work_id]) until a round produces nothing. UNION (without ALL)
// discards rows already produced, which is also what ends most recursions.
#pragma once

#include "exec/operator.h"

namespace upsertdb {

class RecursiveUnionOp : public Operator {
 public:
  OpPtr anchor, recursive;
  int work_id = -1;
  bool union_all = false;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;

 private:
  std::vector<Row> results_;
  size_t pos_ = 0;
};

}  // namespace upsertdb
