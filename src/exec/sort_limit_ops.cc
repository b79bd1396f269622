// ORDER BY (a stable sort, so equal keys keep their input order) and
// LIMIT/OFFSET with PostgreSQL's checks on negative counts.
#include <algorithm>

#include "common/error.h"
#include "exec/operator.h"

namespace upsertdb {

void SortOp::open(ExecContext& ctx) {
  child->open(ctx);
  rows_.clear();
  pos_ = 0;
  // Evaluate each key once per row, then sort (key, row) pairs.
  struct Entry {
    Row key;
    Row row;
  };
  std::vector<Entry> entries;
  Row r;
  while (child->next(ctx, r)) {
    Entry e;
    e.key.reserve(keys.size());
    for (const SortKey& key : keys) e.key.push_back(key.expr->eval(r, ctx));
    e.row = std::move(r);
    entries.push_back(std::move(e));
    r = Row();
  }
  std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    for (size_t k = 0; k < keys.size(); ++k) {
      const Value& x = a.key[k];
      const Value& y = b.key[k];
      int c;
      if (x.is_null() || y.is_null()) {
        c = compare_nullable(x, y, keys[k].nulls_first);
      } else {
        c = compare_values(x, y);
        if (keys[k].descending) c = -c;
      }
      if (c != 0) return c < 0;
    }
    return false;
  });
  rows_.reserve(entries.size());
  for (Entry& e : entries) rows_.push_back(std::move(e.row));
}

bool SortOp::next(ExecContext& ctx, Row& out) {
  if (pos_ >= rows_.size()) return false;
  out = std::move(rows_[pos_++]);
  return true;
}

namespace {

// Evaluates a LIMIT/OFFSET count: -1 when absent or NULL.
int64_t eval_count(const BExpr& e, ExecContext& ctx, const char* sqlstate, const char* message) {
  static const Row kEmpty;
  if (!e) return -1;
  Value v = e->eval(kEmpty, ctx);
  if (v.is_null()) return -1;
  if (!is_integer_type(v.type())) v = cast_value(v, Type(TypeId::kInt8), CastContext::kExplicit);
  if (v.as_int() < 0) throw DbError(sqlstate, message);
  return v.as_int();
}

}  // namespace

void LimitOp::open(ExecContext& ctx) {
  // PostgreSQL evaluates (and checks) OFFSET before LIMIT.
  skip_ = eval_count(offset, ctx, "2201X", "OFFSET must not be negative");
  remaining_ = eval_count(limit, ctx, "2201W", "LIMIT must not be negative");
  if (skip_ < 0) skip_ = 0;
  child->open(ctx);
}

bool LimitOp::next(ExecContext& ctx, Row& out) {
  // Stop pulling as soon as the limit is reached (the child may be expensive).
  if (remaining_ == 0) return false;
  while (skip_ > 0) {
    if (!child->next(ctx, out)) return false;
    --skip_;
  }
  if (!child->next(ctx, out)) return false;
  if (remaining_ > 0) --remaining_;
  return true;
}

}  // namespace upsertdb
