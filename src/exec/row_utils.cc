// Row helpers shared by the operators: ordering, hashing and equality of row
// prefixes with NULLs treated as equal to each other (GROUP BY, DISTINCT and
// set operations group NULLs together) and sorting after every value.
#include "exec/operator.h"

namespace upsertdb {

int compare_nullable(const Value& a, const Value& b, bool nulls_first) {
  if (a.is_null() || b.is_null()) {
    if (a.is_null() && b.is_null()) return 0;
    return a.is_null() == nulls_first ? -1 : 1;
  }
  return compare_values(a, b);
}

int compare_rows_on(const Row& a, const Row& b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    int c = compare_nullable(a[i], b[i], false);
    if (c != 0) return c;
  }
  return 0;
}

uint64_t hash_row_prefix(const Row& r, size_t n) {
  uint64_t h = 0x84222325cbf29ce4ULL;
  for (size_t i = 0; i < n; ++i) {
    h ^= hash_value(r[i]) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  }
  return h;
}

bool rows_equal_prefix(const Row& a, const Row& b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (a[i].is_null() || b[i].is_null()) {
      if (a[i].is_null() != b[i].is_null()) return false;
      continue;
    }
    if (!values_equal(a[i], b[i])) return false;
  }
  return true;
}

std::vector<Row> collect_rows(Operator& op, ExecContext& ctx) {
  std::vector<Row> rows;
  op.open(ctx);
  Row r;
  while (op.next(ctx, r)) rows.push_back(r);
  return rows;
}

size_t RowSet::find(const Row& key) const {
  auto range = index_.equal_range(hash_row_prefix(key, key.size()));
  for (auto it = range.first; it != range.second; ++it) {
    if (rows_equal_prefix(rows_[it->second], key, key.size())) return it->second;
  }
  return npos;
}

std::pair<size_t, bool> RowSet::insert(const Row& key) {
  size_t found = find(key);
  if (found != npos) return {found, false};
  rows_.push_back(key);
  index_.emplace(hash_row_prefix(key, key.size()), rows_.size() - 1);
  return {rows_.size() - 1, true};
}

void RowSet::clear() {
  rows_.clear();
  index_.clear();
}

}  // namespace upsertdb
