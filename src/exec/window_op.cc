// WindowOp (exec/window_op.h): materialises the input, then for each window
// sorts row indexes by (PARTITION BY, ORDER BY) and walks partitions and peer
// groups once per function. Aggregates run incrementally: a partition's
// accumulator takes rows as the frame end advances and is read (finish() does
// not consume it) at every row, so a running sum costs O(n), not O(n^2).
#include "exec/window_op.h"

#include <algorithm>
#include <memory>

#include "common/error.h"
#include "exec/aggregates.h"

namespace upsertdb {

namespace {

// NULLs compare equal to each other here: they share a partition / peer group.
bool same_keys(const Row& a, const Row& b) {
  for (size_t k = 0; k < a.size(); ++k) {
    if (a[k].is_null() || b[k].is_null()) {
      if (a[k].is_null() != b[k].is_null()) return false;
    } else if (compare_values(a[k], b[k]) != 0) {
      return false;
    }
  }
  return true;
}

int compare_sort_keys(const Row& a, const Row& b, const std::vector<SortKey>& keys) {
  for (size_t k = 0; k < keys.size(); ++k) {
    int c;
    if (a[k].is_null() || b[k].is_null()) {
      c = compare_nullable(a[k], b[k], keys[k].nulls_first);
    } else {
      c = compare_values(a[k], b[k]);
      if (keys[k].descending) c = -c;
    }
    if (c != 0) return c;
  }
  return 0;
}

// One window's rows in sorted order, with partition and peer-group bounds.
struct Layout {
  std::vector<size_t> order;        // sorted position -> row index
  std::vector<size_t> part_start;   // per sorted position: first position of its partition
  std::vector<size_t> part_end;     // ... one past its partition's last
  std::vector<size_t> peer_start;   // ... first position of its peer group
  std::vector<size_t> peer_end;     // ... one past its peer group's last
  std::vector<size_t> peer_number;  // ... 1-based peer group number within the partition
};

Layout lay_out(const WindowSpec& w, const std::vector<Row>& rows, ExecContext& ctx) {
  size_t n = rows.size();
  std::vector<Row> pkeys(n), okeys(n);
  for (size_t i = 0; i < n; ++i) {
    for (const auto& e : w.partition_by) pkeys[i].push_back(e->eval(rows[i], ctx));
    for (const auto& k : w.order_by) okeys[i].push_back(k.expr->eval(rows[i], ctx));
  }
  // Partitions only need to be contiguous: any consistent order of their keys will do.
  std::vector<SortKey> pkey_order(w.partition_by.size());
  Layout l;
  l.order.resize(n);
  for (size_t i = 0; i < n; ++i) l.order[i] = i;
  std::stable_sort(l.order.begin(), l.order.end(), [&](size_t a, size_t b) {
    int c = compare_sort_keys(pkeys[a], pkeys[b], pkey_order);
    if (c == 0) c = compare_sort_keys(okeys[a], okeys[b], w.order_by);
    return c < 0;
  });
  l.part_start.resize(n);
  l.part_end.resize(n);
  l.peer_start.resize(n);
  l.peer_end.resize(n);
  l.peer_number.resize(n);
  size_t p = 0;
  while (p < n) {
    size_t pe = p + 1;
    while (pe < n && same_keys(pkeys[l.order[p]], pkeys[l.order[pe]])) ++pe;
    size_t g = p, number = 0;
    while (g < pe) {
      size_t ge = g + 1;
      while (ge < pe && same_keys(okeys[l.order[g]], okeys[l.order[ge]])) ++ge;
      ++number;
      for (size_t i = g; i < ge; ++i) {
        l.part_start[i] = p;
        l.part_end[i] = pe;
        l.peer_start[i] = g;
        l.peer_end[i] = ge;
        l.peer_number[i] = number;
      }
      g = ge;
    }
    p = pe;
  }
  return l;
}

Value ranking_value(const WindowFunc& f, const Layout& l, size_t i) {
  size_t in_part = l.part_end[i] - l.part_start[i];
  switch (f.kind) {
    case WindowFunc::Kind::kRowNumber: return Value::int8(static_cast<int64_t>(i - l.part_start[i] + 1));
    case WindowFunc::Kind::kRank: return Value::int8(static_cast<int64_t>(l.peer_start[i] - l.part_start[i] + 1));
    case WindowFunc::Kind::kDenseRank: return Value::int8(static_cast<int64_t>(l.peer_number[i]));
    case WindowFunc::Kind::kPercentRank:
      if (in_part <= 1) return Value::float8(0);
      return Value::float8(static_cast<double>(l.peer_start[i] - l.part_start[i]) / static_cast<double>(in_part - 1));
    case WindowFunc::Kind::kCumeDist:
      return Value::float8(static_cast<double>(l.peer_end[i] - l.part_start[i]) / static_cast<double>(in_part));
    default: break;
  }
  return Value();
}

size_t frame_end(const WindowSpec& w, const Layout& l, size_t i) {
  return w.to_end ? l.part_end[i] : w.rows_mode ? i + 1 : l.peer_end[i];
}

// A general frame's row counts (n PRECEDING / FOLLOWING), read once per execution.
struct Offsets {
  int64_t start = 0, end = 0;
};

Offsets eval_offsets(const WindowSpec& w, ExecContext& ctx) {
  static const Row kEmpty;
  Offsets o;
  auto read = [&](const BExpr& e, const char* which) -> int64_t {
    if (!e) return 0;
    Value v = e->eval(kEmpty, ctx);
    if (v.is_null()) throw DbError("22004", std::string("frame ") + which + " offset must not be null");
    if (v.as_int() < 0) throw DbError("22013", std::string("frame ") + which + " offset must not be negative");
    return v.as_int();
  };
  o.start = read(w.start_offset, "starting");
  o.end = read(w.end_offset, "ending");
  return o;
}

// Row i's frame as sorted positions [first, last), clipped to its partition.
std::pair<size_t, size_t> frame_of(const WindowSpec& w, const Layout& l, size_t i, const Offsets& o) {
  size_t ps = l.part_start[i], pe = l.part_end[i];
  if (!w.general) return {ps, frame_end(w, l, i)};
  auto clip = [&](int64_t v) {
    return static_cast<size_t>(std::clamp<int64_t>(v, static_cast<int64_t>(ps), static_cast<int64_t>(pe)));
  };
  int64_t at = static_cast<int64_t>(i);
  using B = WindowSpec::Bound;
  size_t first = w.start == B::kUnboundedPreceding ? ps
                 : w.start == B::kPreceding        ? clip(at - o.start)
                 : w.start == B::kFollowing        ? clip(at + o.start)
                 : w.rows_mode                     ? i
                                                   : l.peer_start[i];
  size_t last = w.end == B::kUnboundedFollowing ? pe
                : w.end == B::kPreceding        ? clip(at - o.end + 1)
                : w.end == B::kFollowing        ? clip(at + o.end + 1)
                : w.rows_mode                   ? i + 1
                                                : l.peer_end[i];
  return {first, std::max(first, last)};
}

// lag, lead, first_value, last_value, nth_value: a value of another row (or the default).
Value row_value(const WindowFunc& f, const WindowSpec& w, const Layout& l, const std::vector<Row>& rows, size_t i,
                const Offsets& offsets, ExecContext& ctx) {
  const Row& current = rows[l.order[i]];
  auto value_at = [&](size_t pos) { return f.args[0]->eval(rows[l.order[pos]], ctx); };
  using K = WindowFunc::Kind;
  if (f.kind == K::kLag || f.kind == K::kLead) {
    int64_t offset = 1;
    if (f.args.size() > 1) {
      Value o = f.args[1]->eval(current, ctx);
      if (o.is_null()) return Value::null(f.result.id);
      offset = o.as_int();
    }
    int64_t target = static_cast<int64_t>(i) + (f.kind == K::kLag ? -offset : offset);
    if (target >= static_cast<int64_t>(l.part_start[i]) && target < static_cast<int64_t>(l.part_end[i]))
      return value_at(static_cast<size_t>(target));
    return f.args.size() > 2 ? f.args[2]->eval(current, ctx) : Value::null(f.result.id);
  }
  auto [first, end] = frame_of(w, l, i, offsets);
  if (f.kind == K::kFirstValue) return first < end ? value_at(first) : Value::null(f.result.id);
  if (f.kind == K::kLastValue) return first < end ? value_at(end - 1) : Value::null(f.result.id);
  Value n = f.args[1]->eval(current, ctx);   // kNthValue
  if (n.is_null()) return Value::null(f.result.id);
  if (n.as_int() <= 0) throw DbError("22016", "argument of nth_value must be greater than zero");
  size_t pos = first + static_cast<size_t>(n.as_int() - 1);
  return pos < end ? value_at(pos) : Value::null(f.result.id);
}

// ntile(n): the partition's rows in n buckets as equal as possible, the first
// (rows % n) buckets one row larger; n is read from the partition's first row.
void run_ntile(const WindowFunc& f, const Layout& l, std::vector<Row>& rows, size_t slot, ExecContext& ctx) {
  for (size_t p = 0; p < l.order.size(); p = l.part_end[p]) {
    Value n = f.args[0]->eval(rows[l.order[p]], ctx);
    size_t count = l.part_end[p] - p;
    if (!n.is_null() && n.as_int() <= 0) throw DbError("22014", "argument of ntile must be greater than zero");
    size_t buckets = n.is_null() ? 0 : static_cast<size_t>(n.as_int());
    size_t size = buckets ? count / buckets : 0, extra = buckets ? count % buckets : 0;
    size_t bucket = 1, used = 0;
    for (size_t i = p; i < l.part_end[p]; ++i) {
      if (!buckets) {
        rows[l.order[i]][slot] = Value::null(TypeId::kInt4);
        continue;
      }
      size_t capacity = size + (bucket <= extra ? 1 : 0);
      if (used == capacity) {
        ++bucket;
        used = 0;
      }
      ++used;
      rows[l.order[i]][slot] = Value::int4(static_cast<int32_t>(bucket));
    }
  }
}

void run_aggregate(const WindowFunc& f, const WindowSpec& w, const Layout& l, std::vector<Row>& rows, size_t slot,
                   const Offsets& offsets, ExecContext& ctx) {
  std::unique_ptr<Accumulator> acc;
  size_t added = 0;
  Row args;
  auto add = [&](size_t pos) {
    const Row& r = rows[l.order[pos]];
    if (f.agg.filter && !eval_predicate(*f.agg.filter, r, ctx)) return;
    args.clear();
    for (const auto& e : f.agg.args) args.push_back(e->eval(r, ctx));
    acc->add(args.data());
  };
  for (size_t i = 0; i < l.order.size(); ++i) {
    if (w.general) {   // accumulators cannot take rows back out: start over for each frame
      acc = make_accumulator(f.agg);
      auto [first, end] = frame_of(w, l, i, offsets);
      for (size_t pos = first; pos < end; ++pos) add(pos);
    } else {
      if (i == l.part_start[i]) {
        acc = make_accumulator(f.agg);
        added = i;
      }
      for (size_t end = frame_end(w, l, i); added < end; ++added) add(added);
    }
    Value v = acc->finish();
    if (v.is_null()) v = Value::null(f.result.id);
    rows[l.order[i]][slot] = std::move(v);
  }
}

}  // namespace

void WindowOp::open(ExecContext& ctx) {
  child->open(ctx);
  rows_.clear();
  order_.clear();
  pos_ = 0;
  Row r;
  while (child->next(ctx, r)) {
    r.resize(base + funcs.size());
    rows_.push_back(std::move(r));
    r = Row();
  }
  for (size_t w = 0; w < windows.size(); ++w) {
    Layout l = lay_out(windows[w], rows_, ctx);
    Offsets offsets = eval_offsets(windows[w], ctx);
    for (size_t f = 0; f < funcs.size(); ++f) {
      if (funcs[f].window != w) continue;
      size_t slot = base + f;
      using K = WindowFunc::Kind;
      K kind = funcs[f].kind;
      if (kind == K::kAggregate) {
        run_aggregate(funcs[f], windows[w], l, rows_, slot, offsets, ctx);
      } else if (kind == K::kNtile) {
        run_ntile(funcs[f], l, rows_, slot, ctx);
      } else if (kind == K::kLag || kind == K::kLead || kind == K::kFirstValue || kind == K::kLastValue ||
                 kind == K::kNthValue) {
        // Storing results as we go is safe: arguments read input columns only.
        for (size_t i = 0; i < l.order.size(); ++i)
          rows_[l.order[i]][slot] = row_value(funcs[f], windows[w], l, rows_, i, offsets, ctx);
      } else {
        for (size_t i = 0; i < l.order.size(); ++i) rows_[l.order[i]][slot] = ranking_value(funcs[f], l, i);
      }
    }
    order_ = std::move(l.order);
  }
  if (windows.empty())
    for (size_t i = 0; i < rows_.size(); ++i) order_.push_back(i);
}

bool WindowOp::next(ExecContext& ctx, Row& out) {
  if (pos_ >= order_.size()) return false;
  out = std::move(rows_[order_[pos_++]]);
  return true;
}

}  // namespace upsertdb
