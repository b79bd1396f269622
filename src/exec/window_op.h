// WindowOp: evaluates window function calls (f(...) OVER (PARTITION BY ...
// ORDER BY ...)) over its whole input.
//
// Contract: every input row comes out once, widened to `base` columns and then
// followed by one value per entry of `funcs` (so a bound reference to window
// function i reads slot base + i). Rows leave in the order of the last window's
// sort (PARTITION BY keys, then ORDER BY keys, input order among equals), as
// PostgreSQL's WindowAgg does; queries that need an order still say ORDER BY.
//
// Frames starting at UNBOUNDED PRECEDING run incrementally: `rows_mode` ends the
// frame at the current row (ROWS ... CURRENT ROW), otherwise at the current row's
// last peer (RANGE, PostgreSQL's default: with no ORDER BY every row of the
// partition is a peer, so the frame is the whole partition); `to_end` makes it
// the whole partition. `general` frames: ROWS with any bounds, RANGE from CURRENT
// ROW. The binder rejects the rest (RANGE offsets, GROUPS, EXCLUDE) with 0A000.
// lag / lead look at the partition, not the frame (as in PostgreSQL); their
// offset and default are evaluated on the current row.
#pragma once

#include <vector>

#include "exec/operator.h"

namespace upsertdb {

struct WindowSpec {
  std::vector<BExpr> partition_by;
  std::vector<SortKey> order_by;
  bool rows_mode = false;
  bool to_end = false;
  // Other ROWS frames (and RANGE from CURRENT ROW): each row's frame is
  // computed and its aggregates recomputed, costing the frame's width per row.
  enum class Bound { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  bool general = false;
  Bound start = Bound::kUnboundedPreceding, end = Bound::kCurrentRow;
  BExpr start_offset, end_offset;   // int8 row counts, evaluated once per execution
};

struct WindowFunc {
  enum class Kind {
    kRowNumber, kRank, kDenseRank, kPercentRank, kCumeDist, kAggregate,
    kLag, kLead,                          // args: value, offset (int4), default (the result type)
    kFirstValue, kLastValue, kNthValue,   // args: value [, n (int4)]: rows of the frame
    kNtile,                               // args: bucket count (int4)
  };
  Kind kind = Kind::kRowNumber;
  size_t window = 0;        // index into WindowOp::windows
  AggregateSpec agg;        // kAggregate: arguments, FILTER and result type (no DISTINCT / ORDER BY)
  std::vector<BExpr> args;  // the other kinds with arguments, over the input row
  Type result;
};

class WindowOp : public Operator {
 public:
  OpPtr child;
  size_t base = 0;
  std::vector<WindowSpec> windows;
  std::vector<WindowFunc> funcs;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;

 private:
  std::vector<Row> rows_;
  std::vector<size_t> order_;   // output order (indexes into rows_)
  size_t pos_ = 0;
};

}  // namespace upsertdb
