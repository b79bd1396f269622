// Binding window function calls: f(...) OVER (PARTITION BY ... ORDER BY ...).
// The call's arguments and OVER clause are bound in the level's input scope
// (after aggregation when the level aggregates, as in PostgreSQL) and the call
// becomes a slot of the level's WindowOp (plan/window_context.h). What we do not
// run is refused with 0A000: frames other than UNBOUNDED PRECEDING to CURRENT
// ROW / UNBOUNDED FOLLOWING. Named windows resolve in plan/window_resolve.cc.
#include <string>

#include "common/error.h"
#include "exec/aggregates.h"
#include "functions/functions.h"
#include "plan/agg_context.h"
#include "plan/binder.h"
#include "plan/window_context.h"
#include "types/operators.h"

namespace upsertdb {

namespace {

// PostgreSQL's FRAMEOPTION_* bits (parsenodes.h), as the parse tree carries them.
constexpr int kFrameNonDefault = 0x1, kFrameRange = 0x2, kFrameRows = 0x4, kFrameBetween = 0x10,
              kFrameStartUnboundedPreceding = 0x20, kFrameEndUnboundedFollowing = 0x100,
              kFrameStartCurrentRow = 0x200, kFrameEndCurrentRow = 0x400, kFrameStartPreceding = 0x800,
              kFrameEndPreceding = 0x1000, kFrameStartFollowing = 0x2000, kFrameEndFollowing = 0x4000;

// The first column reference in `e` (outside subqueries), or null.
const ast::Expr* first_column_ref(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kColumnRef) return &e;
  for (const auto& a : e.args)
    if (a)
      if (const ast::Expr* c = first_column_ref(*a)) return c;
  for (const ast::Expr* x : {e.case_arg.get(), e.case_default.get()})
    if (x)
      if (const ast::Expr* c = first_column_ref(*x)) return c;
  return nullptr;
}

// True when the frame bits name exactly one start and one end bound we run.
bool runnable_frame(int f, bool rows) {
  int starts = kFrameStartUnboundedPreceding | kFrameStartCurrentRow;
  int ends = kFrameEndCurrentRow | kFrameEndUnboundedFollowing;
  if (rows) {
    starts |= kFrameStartPreceding | kFrameStartFollowing;
    ends |= kFrameEndPreceding | kFrameEndFollowing;
  }
  int allowed = kFrameNonDefault | kFrameRange | kFrameRows | kFrameBetween | starts | ends;
  auto one = [](int bits) { return bits != 0 && (bits & (bits - 1)) == 0; };
  return (f & ~allowed) == 0 && one(f & starts) && one(f & ends);
}

WindowSpec::Bound start_bound(int f) {
  using B = WindowSpec::Bound;
  return f & kFrameStartUnboundedPreceding ? B::kUnboundedPreceding
         : f & kFrameStartPreceding        ? B::kPreceding
         : f & kFrameStartFollowing        ? B::kFollowing
                                           : B::kCurrentRow;
}

WindowSpec::Bound end_bound(int f) {
  using B = WindowSpec::Bound;
  return f & kFrameEndUnboundedFollowing ? B::kUnboundedFollowing
         : f & kFrameEndPreceding        ? B::kPreceding
         : f & kFrameEndFollowing        ? B::kFollowing
                                         : B::kCurrentRow;
}

}  // namespace

// The frame as WindowSpec runs it, or 0A000 (RANGE with offsets, GROUPS, EXCLUDE).
// A ROWS offset is an int8 count that may not refer to columns (PostgreSQL's 42P10).
void Binder::set_frame(WindowSpec& w, const WindowView& def) {
  int f = def.frame_options;
  bool rows = (f & kFrameRows) != 0;
  if (!runnable_frame(f, rows))
    fail_at(sqlstate::kFeatureNotSupported,
            "window frames other than ROWS frames and RANGE frames without offsets are not supported",
            def.location);
  w.rows_mode = rows;
  w.start = start_bound(f);
  w.end = end_bound(f);
  w.to_end = w.end == WindowSpec::Bound::kUnboundedFollowing;
  w.general = w.start != WindowSpec::Bound::kUnboundedPreceding || w.end == WindowSpec::Bound::kPreceding ||
              w.end == WindowSpec::Bound::kFollowing;
  auto offset = [&](const ast::Expr* e) -> BExpr {
    if (!e) return nullptr;
    if (const ast::Expr* var = first_column_ref(*e))
      fail_at("42P10", "argument of ROWS must not contain variables", var->location);
    Scope none;
    return coerce(bind_expr(*e, none), Type(TypeId::kInt8), CastContext::kAssignment);
  };
  w.start_offset = offset(def.start_offset);
  w.end_offset = offset(def.end_offset);
}

namespace {

bool ranking_kind(const std::string& name, WindowFunc::Kind* kind) {
  if (name == "row_number") *kind = WindowFunc::Kind::kRowNumber;
  else if (name == "rank") *kind = WindowFunc::Kind::kRank;
  else if (name == "dense_rank") *kind = WindowFunc::Kind::kDenseRank;
  else if (name == "percent_rank") *kind = WindowFunc::Kind::kPercentRank;
  else if (name == "cume_dist") *kind = WindowFunc::Kind::kCumeDist;
  else return false;
  return true;
}

bool value_kind(const std::string& name, WindowFunc::Kind* kind) {
  if (name == "lag") *kind = WindowFunc::Kind::kLag;
  else if (name == "lead") *kind = WindowFunc::Kind::kLead;
  else if (name == "first_value") *kind = WindowFunc::Kind::kFirstValue;
  else if (name == "last_value") *kind = WindowFunc::Kind::kLastValue;
  else if (name == "nth_value") *kind = WindowFunc::Kind::kNthValue;
  else if (name == "ntile") *kind = WindowFunc::Kind::kNtile;
  else return false;
  return true;
}

// Identical OVER clauses share one window (one sort).
std::string window_fingerprint(const WindowSpec& w) {
  std::string fp = "w(";
  for (const auto& p : w.partition_by) fp += p->fingerprint() + ",";
  fp += ")(";
  for (const auto& k : w.order_by)
    fp += k.expr->fingerprint() + (k.descending ? " d" : " a") + (k.nulls_first ? "f," : "l,");
  fp += ")" + std::to_string(w.rows_mode) + std::to_string(w.to_end) + std::to_string(w.general) +
        std::to_string(static_cast<int>(w.start)) + std::to_string(static_cast<int>(w.end));
  for (const BExpr& o : {w.start_offset, w.end_offset}) fp += "," + (o ? o->fingerprint() : std::string("-"));
  return fp;
}

}  // namespace

bool is_window_function(const std::string& name) {
  WindowFunc::Kind kind;
  return ranking_kind(name, &kind) || value_kind(name, &kind);
}

const ast::Expr* first_window_call(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kFuncCall && e.has_over) return &e;
  if (e.kind == ast::ExprKind::kSubLink) return e.args.size() > 0 && e.args[0] ? first_window_call(*e.args[0]) : nullptr;
  if (e.case_arg)
    if (const ast::Expr* w = first_window_call(*e.case_arg)) return w;
  for (const auto& a : e.args)
    if (a)
      if (const ast::Expr* w = first_window_call(*a)) return w;
  if (e.case_default)
    if (const ast::Expr* w = first_window_call(*e.case_default)) return w;
  if (e.agg_filter)
    if (const ast::Expr* w = first_window_call(*e.agg_filter)) return w;
  return nullptr;
}

void refuse_window_calls(const ast::Expr* e, const char* clause) {
  if (const ast::Expr* w = e ? first_window_call(*e) : nullptr)
    fail_at(sqlstate::kWindowingError, std::string("window functions are not allowed in ") + clause, w->location);
}

// lag / lead (value [, offset [, default]]), first_value / last_value (value),
// nth_value (value, n), ntile (n), with PostgreSQL's signatures: int4 counts, and
// lag / lead's default sharing the value's common type (anycompatible).
void Binder::bind_value_function_args(const ast::Expr& e, Scope& input, WindowFunc& fn) {
  const std::string& name = e.names.back();
  using K = WindowFunc::Kind;
  size_t min_args = fn.kind == K::kNthValue ? 2 : 1;
  size_t max_args = fn.kind == K::kLag || fn.kind == K::kLead ? 3 : fn.kind == K::kNthValue ? 2 : 1;
  for (const auto& a : e.args) fn.args.push_back(bind_expr(*a, input));
  if (fn.args.size() < min_args || fn.args.size() > max_args || e.agg_star || e.agg_distinct) {
    std::string sig;
    for (size_t i = 0; i < fn.args.size(); ++i) sig += (i ? ", " : "") + type_display_name(fn.args[i]->type);
    throw DbError(sqlstate::kUndefinedFunction, "function " + name + "(" + sig + ") does not exist")
        .position(e.location + 1)
        .hint("No function matches the given name and argument types. You might need to add explicit type casts.");
  }
  if (fn.kind == K::kNtile) {
    fn.args[0] = coerce(fn.args[0], Type(TypeId::kInt4), CastContext::kImplicit);
    fn.result = Type(TypeId::kInt4);
    return;
  }
  for (size_t i = 1; i < fn.args.size(); ++i)
    if (!(i == 2 && (fn.kind == K::kLag || fn.kind == K::kLead)))
      fn.args[i] = coerce(fn.args[i], Type(TypeId::kInt4), CastContext::kImplicit);
  Type t = fn.args[0]->type;
  if (fn.args.size() == 3) t = common_type({t, fn.args[2]->type}, name);
  if (t.id == TypeId::kUnknown)
    fail_at(sqlstate::kDatatypeMismatch, "could not determine polymorphic type because input has type unknown", -1);
  fn.args[0] = coerce(fn.args[0], t, CastContext::kImplicit);
  if (fn.args.size() == 3) fn.args[2] = coerce(fn.args[2], t, CastContext::kImplicit);
  fn.result = t;
}

// A window's PARTITION BY / ORDER BY bound in `input` and its frame checked.
WindowSpec Binder::bind_window_spec(const WindowView& def, Scope& input) {
  for (const auto& p : *def.partition_by) refuse_window_calls(p.get(), "window definitions");
  for (const auto& o : *def.order_by) refuse_window_calls(o.expr.get(), "window definitions");
  WindowSpec w;
  for (const auto& p : *def.partition_by) {
    BExpr b = bind_expr(*p, input);
    if (b->type.id == TypeId::kUnknown) b = coerce(b, Type(TypeId::kText), CastContext::kImplicit);
    w.partition_by.push_back(std::move(b));
  }
  for (const auto& o : *def.order_by) {
    SortKey k;
    k.expr = bind_expr(*o.expr, input);
    if (k.expr->type.id == TypeId::kUnknown) k.expr = coerce(k.expr, Type(TypeId::kText), CastContext::kImplicit);
    k.descending = o.descending;
    k.nulls_first = o.nulls == 0 ? o.descending : o.nulls == 1;
    w.order_by.push_back(std::move(k));
  }
  set_frame(w, def);
  return w;
}

BExpr Binder::bind_window_call(const ast::Expr& e, Scope& scope) {
  const std::string name = e.names.back();
  const ast::WindowDef& def = *e.over;
  WindowContext* wc = scope.window;
  if (scope.agg && scope.agg->in_agg_args)
    fail_at(sqlstate::kGroupingError, "aggregate function calls cannot contain window function calls", e.location);
  if (!wc) fail_at(sqlstate::kWindowingError, "window functions are not allowed here", e.location);
  if (wc->in_args) fail_at(sqlstate::kWindowingError, "window function calls cannot be nested", e.location);
  static const NamedWindows kNone;
  const NamedWindows& named = wc->named ? *wc->named : kNone;
  WindowView view = resolve_window(*e.over, named, named.size(), /*over_clause=*/true);
  wc->in_args = true;
  struct Done {
    bool& flag;
    ~Done() { flag = false; }
  } done{wc->in_args};
  Scope input = *wc->input;
  input.window = wc;

  // The call as an ordinary function: PostgreSQL's 42883 (at the call) when no
  // function of that name takes these arguments.
  auto resolve_as_plain_function = [&]() {
    std::vector<Type> types;
    for (const auto& a : e.args) types.push_back(bind_expr(*a, input)->type);
    try {
      resolve_function(name, types);
    } catch (DbError& err) {
      if (e.location >= 0) err.position(e.location + 1);
      throw;
    }
  };
  WindowFunc fn;
  if (ranking_kind(name, &fn.kind)) {
    if (!e.args.empty() || e.agg_star) {
      if (name != "row_number")
        fail_at(sqlstate::kWrongObjectType, "WITHIN GROUP is required for ordered-set aggregate " + name, e.location);
      resolve_as_plain_function();
    }
    fn.result = Type(fn.kind == WindowFunc::Kind::kPercentRank || fn.kind == WindowFunc::Kind::kCumeDist
                         ? TypeId::kFloat8
                         : TypeId::kInt8);
  } else if (is_aggregate_function(name)) {
    if (e.agg_distinct)
      fail_at(sqlstate::kFeatureNotSupported, "DISTINCT is not implemented for window functions", e.location);
    if (!e.agg_order.empty())
      fail_at(sqlstate::kFeatureNotSupported, "aggregate ORDER BY is not implemented for window functions",
              e.location);
    std::string fp;
    fn.kind = WindowFunc::Kind::kAggregate;
    fn.agg = bind_aggregate_spec(e, input, fp);
    fn.result = fn.agg.result;
  } else if (value_kind(name, &fn.kind)) {
    bind_value_function_args(e, input, fn);
  } else {
    resolve_as_plain_function();
    fail_at(sqlstate::kWrongObjectType,
            "OVER specified, but " + name + " is not a window function nor an aggregate function", e.location);
  }

  WindowSpec w = bind_window_spec(view, input);
  std::string wfp = window_fingerprint(w);
  size_t index = wc->windows.size();
  for (size_t i = 0; i < wc->window_fps.size(); ++i)
    if (wc->window_fps[i] == wfp) index = i;
  if (index == wc->windows.size()) {
    wc->windows.push_back(std::move(w));
    wc->window_fps.push_back(wfp);
  }
  fn.window = index;
  auto ref = std::make_shared<ColumnExpr>(WindowContext::kProvisional + static_cast<int>(wc->funcs.size()), 0,
                                          fn.result);
  wc->funcs.push_back(std::move(fn));
  wc->refs.push_back(ref);
  return ref;
}

}  // namespace upsertdb
