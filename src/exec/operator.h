// Operators: the pull-based (Volcano) executor. open() (re)starts an
// operator — a correlated subquery re-opens its plan per outer row — and
// next() produces one row at a time into `out`. Each operator owns its
// children. Output columns (names and types) are fixed at plan time.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/query_result.h"
#include "exec/exec_context.h"
#include "plan/bound_expr.h"

namespace upsertdb {

class Operator {
 public:
  virtual ~Operator() = default;
  virtual void open(ExecContext& ctx) = 0;
  virtual bool next(ExecContext& ctx, Row& out) = 0;
  std::vector<ColumnDesc> columns;
};
using OpPtr = std::shared_ptr<Operator>;

// Sequential scan of a table's visible rows, with an optional filter.
class SeqScanOp : public Operator {
 public:
  std::shared_ptr<TableInfo> table;
  BExpr filter;
  bool emit_rowid = false;   // append the row id as a trailing int8 (UPDATE/DELETE targets)
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
  // The row id of the last row produced (used by UPDATE/DELETE).
  RowId current_row() const { return row_ - 1; }
  const Version* current_version() const { return version_; }
 private:
  RowId row_ = 0;
  const Version* version_ = nullptr;
  std::vector<TypeId> types_;
  SerializableXact* ssi_ = nullptr;   // SERIALIZABLE: the reader whose SIREAD locks and conflicts we record
};

// Index scan: the entries of `index` whose key lies in [lower, upper] (encoded
// key prefixes; empty = unbounded), rechecked against each visible version.
class IndexScanOp : public Operator {
 public:
  std::shared_ptr<TableInfo> table;
  std::shared_ptr<IndexInfo> index;
  // Bounds are computed per execution from expressions (parameters, constants).
  std::vector<BExpr> eq_values;      // equality on the first eq_values.size() key parts
  BExpr range_lower, range_upper;    // optional range on the next key part
  bool lower_inclusive = true, upper_inclusive = true;
  BExpr filter;                      // every pushed-down predicate, rechecked on each row
  bool emit_rowid = false;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
  RowId current_row() const { return current_; }
  const Version* current_version() const { return version_; }
 private:
  std::vector<RowId> rows_;
  std::vector<std::string> keys_;    // the index key each of rows_ was found under
  size_t pos_ = 0;
  RowId current_ = 0;
  const Version* version_ = nullptr;
  std::vector<TypeId> types_;
  SerializableXact* ssi_ = nullptr;   // SERIALIZABLE: the reader whose SIREAD locks and conflicts we record
};

class FilterOp : public Operator {
 public:
  OpPtr child;
  BExpr predicate;
  void open(ExecContext& ctx) override { child->open(ctx); }
  bool next(ExecContext& ctx, Row& out) override;
};

class ProjectOp : public Operator {
 public:
  OpPtr child;
  std::vector<BExpr> exprs;
  void open(ExecContext& ctx) override { child->open(ctx); }
  bool next(ExecContext& ctx, Row& out) override;
 private:
  Row in_;
};

// Produces rows of expressions (VALUES, and SELECT without FROM as one empty row).
class ValuesOp : public Operator {
 public:
  std::vector<std::vector<BExpr>> rows;
  void open(ExecContext& ctx) override { pos_ = 0; }
  bool next(ExecContext& ctx, Row& out) override;
 private:
  size_t pos_ = 0;
};

// Nested-loop join; the inner side is materialised once per open().
class NestedLoopJoinOp : public Operator {
 public:
  enum class Type { kInner, kLeft, kRight, kFull, kCross };
  Type join_type = Type::kInner;
  OpPtr left, right;
  BExpr condition;     // over the concatenated row; null = always true
  // When set: hash join on these key expressions (left keys over the left row,
  // right keys over the right row), with `condition` as residual filter.
  std::vector<BExpr> left_keys, right_keys;
  bool lateral = false;  // right side refers to left columns: re-open per left row
  size_t left_width = 0, right_width = 0;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
 private:
  bool advance_left(ExecContext& ctx);
  std::vector<Row> inner_;
  std::vector<bool> inner_matched_;
  std::unordered_multimap<uint64_t, size_t> hash_;
  std::vector<size_t> candidates_;
  Row left_row_;
  bool have_left_ = false;
  bool left_matched_ = false;
  size_t inner_pos_ = 0;
  bool emitting_unmatched_right_ = false;
  bool left_done_ = false;
};

struct AggregateSpec {
  std::string name;            // count, sum, avg, min, max, bool_and, bool_or, string_agg, array_agg, every
  std::vector<BExpr> args;     // empty for count(*)
  bool distinct = false;
  // count((a, b)) / count(DISTINCT ROW(a, b)): args are the row's fields. A row
  // value is never NULL, so every input counts; DISTINCT compares all the fields,
  // NULL fields equal to each other (PostgreSQL's record comparison).
  bool count_row = false;
  BExpr filter;
  std::vector<BExpr> order_by; // inside-aggregate ORDER BY (string_agg(x, ',' ORDER BY y))
  std::vector<bool> order_desc;
  Type result;
};

// Hash aggregation: output row = group values followed by aggregate results.
class AggregateOp : public Operator {
 public:
  OpPtr child;
  std::vector<BExpr> group_by;
  std::vector<AggregateSpec> aggs;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
 private:
  std::vector<Row> results_;
  size_t pos_ = 0;
};

struct SortKey {
  BExpr expr;
  bool descending = false;
  bool nulls_first = false;
};

class SortOp : public Operator {
 public:
  OpPtr child;
  std::vector<SortKey> keys;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
 private:
  std::vector<Row> rows_;
  size_t pos_ = 0;
};

class LimitOp : public Operator {
 public:
  OpPtr child;
  BExpr limit, offset;   // either may be null
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
 private:
  int64_t remaining_ = -1;
  int64_t skip_ = 0;
};

// DISTINCT: keeps the first row of each key (all columns, or `key_cols` for DISTINCT ON).
class DistinctOp : public Operator {
 public:
  OpPtr child;
  std::vector<size_t> key_cols;   // empty = all columns
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
 private:
  std::vector<Row> seen_;
  std::unordered_multimap<uint64_t, size_t> index_;
};

class SetOpOp : public Operator {
 public:
  enum class Kind { kUnion, kIntersect, kExcept } kind = Kind::kUnion;
  bool all = false;
  OpPtr left, right;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
 private:
  std::vector<Row> rows_;
  size_t pos_ = 0;
};

// Drops trailing columns (sort keys that were not in the select list).
class TrimOp : public Operator {
 public:
  OpPtr child;
  size_t width = 0;
  void open(ExecContext& ctx) override { child->open(ctx); }
  bool next(ExecContext& ctx, Row& out) override {
    if (!child->next(ctx, out)) return false;
    out.resize(width);
    return true;
  }
};

// generate_series(start, stop[, step]) over integers, numerics or timestamps.
// With `function` set to another set-returning function (exec/set_functions.h)
// it returns that function's rows instead.
class GenerateSeriesOp : public Operator {
 public:
  std::vector<BExpr> args;
  bool with_ordinality = false;
  std::string function = "generate_series";
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
 private:
  std::vector<Value> rows_;   // a materialised function's rows
  size_t pos_ = 0;
  Value current_, stop_, step_;
  bool done_ = true;
  bool descending_ = false;
  int64_t ordinal_ = 0;
};

// Reads a materialised CTE (or any shared row buffer).
class BufferScanOp : public Operator {
 public:
  int cte_id = -1;
  OpPtr producer;        // runs once per statement execution to fill the buffer
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
 private:
  std::shared_ptr<std::vector<Row>> rows_;
  size_t pos_ = 0;
};

// Runs a DML statement's CTEs (data-modifying ones included) before the main query.
class CteRunnerOp : public Operator {
 public:
  std::vector<std::pair<int, OpPtr>> ctes;   // materialised in order
  OpPtr body;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override { return body->next(ctx, out); }
};

// Compares rows for sorting/grouping: NULLs last ascending as PostgreSQL.
int compare_rows_on(const Row& a, const Row& b, size_t n);
uint64_t hash_row_prefix(const Row& r, size_t n);
bool rows_equal_prefix(const Row& a, const Row& b, size_t n);

// Runs `op` to completion, collecting every row.
std::vector<Row> collect_rows(Operator& op, ExecContext& ctx);

// Three-way compare of two values where NULL sorts first or last as asked.
int compare_nullable(const Value& a, const Value& b, bool nulls_first);

// A set of distinct rows (NULLs equal each other), in first-insertion order;
// positions are stable so callers can keep per-row state beside them.
class RowSet {
 public:
  static constexpr size_t npos = static_cast<size_t>(-1);
  size_t find(const Row& key) const;
  // Position of `key`, and whether it was newly added.
  std::pair<size_t, bool> insert(const Row& key);
  const std::vector<Row>& rows() const { return rows_; }
  size_t size() const { return rows_.size(); }
  void clear();

 private:
  std::vector<Row> rows_;
  std::unordered_multimap<uint64_t, size_t> index_;
};

}  // namespace upsertdb
