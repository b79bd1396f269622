// UNION / INTERSECT / EXCEPT [ALL]: both inputs are materialised and rows are
// matched as wholes with NULLs equal (PostgreSQL's "not distinct" rule).
// Output order is first appearance (left input first).
#include "exec/operator.h"

namespace upsertdb {

void SetOpOp::open(ExecContext& ctx) {
  rows_.clear();
  pos_ = 0;
  if (kind == Kind::kUnion && all) {
    rows_ = collect_rows(*left, ctx);
    for (Row& r : collect_rows(*right, ctx)) rows_.push_back(std::move(r));
    return;
  }
  RowSet distinct;
  std::vector<int64_t> left_count, right_count;
  auto add = [&](const Row& r, bool from_left) {
    auto [pos, added] = distinct.insert(r);
    if (added) {
      left_count.push_back(0);
      right_count.push_back(0);
    }
    ++(from_left ? left_count : right_count)[pos];
  };
  for (const Row& r : collect_rows(*left, ctx)) add(r, true);
  for (const Row& r : collect_rows(*right, ctx)) add(r, false);

  for (size_t i = 0; i < distinct.size(); ++i) {
    int64_t l = left_count[i], r = right_count[i], copies = 0;
    switch (kind) {
      case Kind::kUnion: copies = 1; break;
      case Kind::kIntersect: copies = all ? std::min(l, r) : (l > 0 && r > 0 ? 1 : 0); break;
      case Kind::kExcept: copies = all ? std::max<int64_t>(l - r, 0) : (l > 0 && r == 0 ? 1 : 0); break;
    }
    for (int64_t c = 0; c < copies; ++c) rows_.push_back(distinct.rows()[i]);
  }
}

bool SetOpOp::next(ExecContext& ctx, Row& out) {
  if (pos_ >= rows_.size()) return false;
  out = rows_[pos_++];
  return true;
}

}  // namespace upsertdb
