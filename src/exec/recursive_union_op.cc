#include "exec/recursive_union_op.h"

namespace upsertdb {

void RecursiveUnionOp::open(ExecContext& ctx) {
  results_.clear();
  pos_ = 0;
  RowSet seen;
  auto admit = [&](Row& r, std::vector<Row>& into) {
    if (!union_all && !seen.insert(r).second) return;
    into.push_back(r);
  };
  std::vector<Row> working;
  anchor->open(ctx);
  Row row;
  while (anchor->next(ctx, row)) admit(row, working);
  while (!working.empty()) {
    results_.insert(results_.end(), working.begin(), working.end());
    ctx.ctes[work_id] = std::make_shared<std::vector<Row>>(std::move(working));
    working.clear();
    recursive->open(ctx);
    while (recursive->next(ctx, row)) admit(row, working);
  }
  ctx.ctes.erase(work_id);
}

bool RecursiveUnionOp::next(ExecContext& ctx, Row& out) {
  if (pos_ >= results_.size()) return false;
  out = results_[pos_++];
  return true;
}

}  // namespace upsertdb
