// The small streaming operators: filter, projection, VALUES, DISTINCT, and
// the readers/runners of materialised CTEs.
#include "exec/operator.h"

namespace upsertdb {

bool FilterOp::next(ExecContext& ctx, Row& out) {
  while (child->next(ctx, out)) {
    if (eval_predicate(*predicate, out, ctx)) return true;
  }
  return false;
}

bool ProjectOp::next(ExecContext& ctx, Row& out) {
  if (!child->next(ctx, in_)) return false;
  out.resize(exprs.size());
  for (size_t i = 0; i < exprs.size(); ++i) out[i] = exprs[i]->eval(in_, ctx);
  return true;
}

bool ValuesOp::next(ExecContext& ctx, Row& out) {
  static const Row kEmpty;
  if (pos_ >= rows.size()) return false;
  const auto& exprs = rows[pos_++];
  out.resize(exprs.size());
  for (size_t i = 0; i < exprs.size(); ++i) out[i] = exprs[i]->eval(kEmpty, ctx);
  return true;
}

void DistinctOp::open(ExecContext& ctx) {
  child->open(ctx);
  seen_.clear();
  index_.clear();
}

bool DistinctOp::next(ExecContext& ctx, Row& out) {
  Row key;
  while (child->next(ctx, out)) {
    if (key_cols.empty()) {
      key = out;
    } else {
      key.clear();
      for (size_t c : key_cols) key.push_back(out[c]);
    }
    uint64_t h = hash_row_prefix(key, key.size());
    bool dup = false;
    auto range = index_.equal_range(h);
    for (auto it = range.first; it != range.second && !dup; ++it) {
      dup = rows_equal_prefix(seen_[it->second], key, key.size());
    }
    if (dup) continue;
    seen_.push_back(std::move(key));
    index_.emplace(h, seen_.size() - 1);
    return true;
  }
  return false;
}

namespace {

std::shared_ptr<std::vector<Row>> materialise_cte(ExecContext& ctx, int id, Operator& producer) {
  auto it = ctx.ctes.find(id);
  if (it != ctx.ctes.end()) return it->second;
  auto rows = std::make_shared<std::vector<Row>>(collect_rows(producer, ctx));
  ctx.ctes[id] = rows;
  return rows;
}

}  // namespace

void BufferScanOp::open(ExecContext& ctx) {
  pos_ = 0;
  auto it = ctx.ctes.find(cte_id);
  if (it != ctx.ctes.end()) {
    rows_ = it->second;
  } else if (producer) {
    rows_ = materialise_cte(ctx, cte_id, *producer);
  } else {
    rows_ = std::make_shared<std::vector<Row>>();
  }
}

bool BufferScanOp::next(ExecContext& ctx, Row& out) {
  if (!rows_ || pos_ >= rows_->size()) return false;
  out = (*rows_)[pos_++];
  return true;
}

void CteRunnerOp::open(ExecContext& ctx) {
  for (auto& [id, op] : ctes) materialise_cte(ctx, id, *op);
  body->open(ctx);
}

}  // namespace upsertdb
