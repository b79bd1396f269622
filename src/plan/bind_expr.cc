// Expression binding: AST expressions -> typed BoundExpr trees. Names resolve
// through the scope chain (innermost first); literals stay `unknown` until
// context gives them a type (PostgreSQL's rule), and every operand is cast to
// the type the resolved operator or function expects.
#include <algorithm>

#include "common/error.h"
#include "exec/aggregates.h"
#include "exec/set_functions.h"
#include "plan/agg_context.h"
#include "plan/array_exprs.h"
#include "plan/binder.h"
#include "plan/window_context.h"
#include "types/array.h"
#include "types/type.h"

namespace upsertdb {

void fail_missing_from_entry(const Scope& scope, const std::string& qualifier, int location) {
  for (const Scope* s = &scope; s; s = s->parent)
    for (const RangeEntry& entry : s->entries)
      if (entry.table && entry.table->name == qualifier && entry.alias != qualifier) {
        DbError e(sqlstate::kUndefinedTable, "invalid reference to FROM-clause entry for table \"" + qualifier + "\"");
        e.hint("Perhaps you meant to reference the table alias \"" + entry.alias + "\".");
        if (location >= 0) e.position(location + 1);
        throw e;
      }
  fail_at(sqlstate::kUndefinedTable, "missing FROM-clause entry for table \"" + qualifier + "\"", location);
}

namespace {

std::shared_ptr<ConstExpr> const_node(const BExpr& e) {
  return std::dynamic_pointer_cast<ConstExpr>(std::const_pointer_cast<BoundExpr>(e));
}

// Plan-time evaluation only folds immutable functions, which never call back
// into the session; anything that does is a bug, reported as such.
class PlanTimeFunctions : public FunctionContext {
 public:
  [[noreturn]] static void unavailable() { throw DbError(sqlstate::kInternalError, "session state used while planning"); }
  int64_t transaction_timestamp() override { unavailable(); }
  int64_t statement_timestamp() override { unavailable(); }
  int64_t clock_timestamp() override { unavailable(); }
  Value nextval(const Value&) override { unavailable(); }
  Value currval(const Value&) override { unavailable(); }
  Value setval(const Value&, const Value&, bool) override { unavailable(); }
  Value lastval() override { unavailable(); }
  std::string current_user() override { unavailable(); }
  std::string current_database() override { unavailable(); }
  std::string setting(const std::string&) override { unavailable(); }
  int32_t backend_pid() override { unavailable(); }
  double random() override { unavailable(); }
  Value regclass_from_name(const std::string&) override { unavailable(); }
  std::string regclass_name(uint32_t) override { unavailable(); }
};

}  // namespace

BExpr Binder::fold(const BExpr& e) {
  static PlanTimeFunctions functions;
  ExecContext ctx;
  ctx.functions = &functions;
  return std::make_shared<ConstExpr>(e->eval(Row{}, ctx), e->type);
}

void split_conjuncts(const ast::Expr* e, std::vector<const ast::Expr*>& out) {
  if (!e) return;
  if (e->kind == ast::ExprKind::kAnd) {
    for (const auto& a : e->args) split_conjuncts(a.get(), out);
  } else {
    out.push_back(e);
  }
}

bool window_contains_aggregate(const ast::WindowDef& w) {
  for (const auto& p : w.partition_by)
    if (contains_aggregate(*p)) return true;
  for (const auto& o : w.order_by)
    if (contains_aggregate(*o.expr)) return true;
  return false;
}

bool contains_aggregate(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kFuncCall && !e.has_over && e.names.size() >= 1 &&
      is_aggregate_function(e.names.back()))
    return true;
  if (e.kind == ast::ExprKind::kSubLink) {
    if (e.args.size() > 0 && e.args[0] && contains_aggregate(*e.args[0])) return true;
    return false;
  }
  for (const auto& a : e.args)
    if (a && contains_aggregate(*a)) return true;
  if (e.over && window_contains_aggregate(*e.over)) return true;
  if (e.case_arg && contains_aggregate(*e.case_arg)) return true;
  if (e.case_default && contains_aggregate(*e.case_default)) return true;
  return false;
}

const ast::Expr* first_aggregate(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kSubLink) return e.args.size() > 0 && e.args[0] ? first_aggregate(*e.args[0]) : nullptr;
  if (e.case_arg)
    if (const ast::Expr* a = first_aggregate(*e.case_arg)) return a;
  for (const auto& a : e.args)
    if (a)
      if (const ast::Expr* f = first_aggregate(*a)) return f;
  if (e.case_default)
    if (const ast::Expr* a = first_aggregate(*e.case_default)) return a;
  if (e.kind == ast::ExprKind::kFuncCall && !e.has_over && e.names.size() >= 1 && is_aggregate_function(e.names.back()))
    return &e;
  return nullptr;
}

Binder::Binder(Catalog& c, std::shared_ptr<std::vector<Type>> p) : catalog(c), params(std::move(p)) {
  if (!params) params = std::make_shared<std::vector<Type>>();
}

BExpr Binder::coerce(BExpr e, const Type& target, CastContext ctx, const std::string& what) {
  if (target.id == TypeId::kUnknown) return e;
  if (e->type == target) return e;
  if (e->type.id == target.id && ctx == CastContext::kImplicit) return e;
  if (auto c = const_node(e); c && c->type.id == TypeId::kUnknown) {
    if (c->value.is_null()) return std::make_shared<ConstExpr>(Value::null(target.id), target);
    // The input function runs without the typmod and its errors point at the literal;
    // the length/precision check follows without a position (PostgreSQL's coerce_type).
    Value v;
    try {
      v = value_from_text(c->value.as_str(), Type(target.id));
    } catch (DbError& err) {
      if (c->location >= 0) err.position(c->location + 1);
      throw;
    }
    if (target.typmod >= 0) v = cast_value(v, target, ctx);
    return std::make_shared<ConstExpr>(std::move(v), target);
  }
  if (auto p = std::dynamic_pointer_cast<const ParamExpr>(e); p && p->type.id == TypeId::kUnknown) {
    (*params)[static_cast<size_t>(p->index)] = Type(target.id);
    auto np = std::make_shared<ParamExpr>(p->index, params);
    if (target.typmod < 0) return np;
    e = np;
  }
  if (e->type.id == TypeId::kUnknown || can_cast(e->type.id, target.id, ctx)) {
    auto cast = std::make_shared<CastExpr>();
    cast->arg = e;
    cast->type = target;
    cast->context = ctx;
    if (const_node(e)) {
      // Fold casts of constants so errors surface at plan time as in PostgreSQL.
      ExecContext dummy;
      return std::make_shared<ConstExpr>(cast->eval(Row{}, dummy), target);
    }
    return cast;
  }
  if (!what.empty()) {
    throw DbError(sqlstate::kDatatypeMismatch, what + " is of type " + type_display_name(target) +
                                                   " but expression is of type " + type_display_name(e->type))
        .hint("You will need to rewrite or cast the expression.");
  }
  throw DbError(sqlstate::kCannotCoerce, "cannot cast type " + type_display_name(e->type) + " to " +
                                             type_display_name(target));
}

BExpr Binder::bool_expr(BExpr e, const char* clause) {
  if (e->type.id == TypeId::kBool) return e;
  if (e->type.id == TypeId::kUnknown) return coerce(e, Type(TypeId::kBool), CastContext::kImplicit);
  throw DbError(sqlstate::kDatatypeMismatch, std::string("argument of ") + clause + " must be type boolean, not type " +
                                                 type_display_name(e->type));
}

BExpr Binder::make_const(const ast::Expr& e) {
  using K = ast::ConstKind;
  switch (e.const_kind) {
    case K::kInteger: {
      int64_t v = e.ival;
      if (!e.text.empty()) v = std::stoll(e.text);
      if (v >= INT32_MIN && v <= INT32_MAX) return std::make_shared<ConstExpr>(Value::int4(static_cast<int32_t>(v)), Type(TypeId::kInt4));
      return std::make_shared<ConstExpr>(Value::int8(v), Type(TypeId::kInt8));
    }
    case K::kFloat: {
      // Integers too large for int4 arrive here: int8 when they fit, else numeric.
      const std::string& t = e.text;
      bool integral = !t.empty() && t.find_first_not_of("-0123456789") == std::string::npos;
      if (integral) {
        try {
          size_t pos = 0;
          long long v = std::stoll(t, &pos);
          if (pos == t.size()) return std::make_shared<ConstExpr>(Value::int8(v), Type(TypeId::kInt8));
        } catch (...) {
        }
      }
      return std::make_shared<ConstExpr>(value_from_text(t, Type(TypeId::kNumeric)), Type(TypeId::kNumeric));
    }
    case K::kString: {
      auto c = std::make_shared<ConstExpr>(Value::unknown_literal(e.text), Type(TypeId::kUnknown));
      c->location = e.location;
      return c;
    }
    case K::kBool:
      return std::make_shared<ConstExpr>(Value::boolean(e.bval), Type(TypeId::kBool));
    case K::kNull:
      return std::make_shared<ConstExpr>(Value::null(TypeId::kUnknown), Type(TypeId::kUnknown));
    case K::kBitString:
      fail_at(sqlstate::kFeatureNotSupported, "bit string literals are not supported", e.location);
  }
  throw_not_supported("unsupported constant");
}

BExpr Binder::unify(std::vector<BExpr>& exprs, const char* context) {
  std::vector<Type> types;
  for (auto& e : exprs) types.push_back(e->type);
  Type t = common_type(types, context);
  if (t.id == TypeId::kUnknown) t = Type(TypeId::kText);
  for (auto& e : exprs) e = coerce(e, t, CastContext::kImplicit);
  return nullptr;
}

BExpr Binder::bind_operator(const std::string& op_in, BExpr l, BExpr r, int location) {
  std::string op = op_in == "!=" ? "<>" : op_in;
  ResolvedBinaryOp res;
  try {
    res = resolve_binary_operator(op, l->type, r->type);
  } catch (DbError& err) {
    if (location >= 0) err.position(location + 1);
    throw;
  }
  auto b = std::make_shared<BinaryExpr>();
  b->left = coerce(l, res.left, CastContext::kImplicit);
  b->right = coerce(r, res.right, CastContext::kImplicit);
  b->fn = res.fn;
  b->op = op;
  b->type = res.result;
  if (no_fold == 0 && const_node(b->left) && const_node(b->right)) return fold(b);
  return b;
}

// ---- column references ---------------------------------------------------------

BExpr Binder::bind_column_ref(const ast::Expr& e, Scope& scope) {
  const auto& names = e.names;
  if (names.empty() || names.back() == "*")
    fail_at(sqlstate::kSyntaxError, "row expansion via \"*\" is not supported here", e.location);
  if (names.size() > 3)
    fail_at(sqlstate::kSyntaxError, "improper qualified name (too many dotted names)", e.location);
  std::string column = names.back();
  std::string qualifier = names.size() >= 2 ? names[names.size() - 2] : "";
  bool qualifier_seen = false;
  int level = 0;
  std::vector<bool*> passed;
  for (Scope* s = &scope; s; s = s->parent, ++level) {
    const ScopeColumn* found = nullptr;
    for (const RangeEntry& entry : s->entries) {
      if (!qualifier.empty() && entry.alias != qualifier) continue;
      if (!qualifier.empty()) qualifier_seen = true;
      for (const ScopeColumn& c : entry.columns) {
        if (c.name != column) continue;
        if (qualifier.empty() && c.using_hidden) continue;
        if (found && found->slot != c.slot) {
          fail_at(sqlstate::kAmbiguousColumn, "column reference \"" + column + "\" is ambiguous", e.location);
        }
        found = &c;
      }
    }
    if (found) {
      for (bool* p : passed) *p = true;
      return std::make_shared<ColumnExpr>(found->slot, level, found->type);
    }
    if (s->correlated) passed.push_back(s->correlated);
  }
  if (!qualifier.empty() && !qualifier_seen) fail_missing_from_entry(scope, qualifier, e.location);
  if (!qualifier.empty())
    fail_at(sqlstate::kUndefinedColumn, "column " + qualifier + "." + column + " does not exist", e.location);
  fail_at(sqlstate::kUndefinedColumn, "column \"" + column + "\" does not exist", e.location);
}

// ---- aggregates -------------------------------------------------------------------

// The arguments, FILTER and inside-aggregate ORDER BY of an aggregate call bound
// in `input`, its signature resolved (PostgreSQL's errors at the call) and `fp`
// set to the call's fingerprint. Shared by plain and window aggregates.
AggregateSpec Binder::bind_aggregate_spec(const ast::Expr& e, Scope& input, std::string& fp) {
  const std::string name = e.names.back();
  refuse_window_calls(e.agg_filter.get(), "FILTER");
  AggregateSpec spec;
  spec.name = name;
  spec.distinct = e.agg_distinct;
  std::vector<Type> types;
  fp = name + (e.agg_distinct ? "(distinct " : "(");
  if (name == "count" && !e.agg_star && e.args.size() == 1 && e.args[0]->kind == ast::ExprKind::kRow) {
    // The one aggregate over a row value UpsertDB computes (it has no record values
    // otherwise): count((a, b)) and count(DISTINCT (a, b)), over the row's fields.
    spec.count_row = true;
    fp += "row(";
    for (const auto& field : e.args[0]->args) {
      BExpr f = bind_expr(*field, input);
      if (f->type.id == TypeId::kUnknown) {
        // A record field keeps the literal's type unknown, which has no ordering.
        if (e.agg_distinct)
          fail_at(sqlstate::kUndefinedFunction, "could not identify a comparison function for type unknown",
                  -1);   // PostgreSQL gives no position
        f = coerce(f, Type(TypeId::kText), CastContext::kImplicit);
      }
      fp += f->fingerprint() + ",";
      spec.args.push_back(std::move(f));
    }
    fp += ")";
  }
  if (!spec.count_row) {
    for (const auto& a : e.args) {
      spec.args.push_back(bind_expr(*a, input));
      types.push_back(spec.args.back()->type);
    }
  }
  AggregateSignature sig;
  if (spec.count_row) {
    sig = AggregateSignature{{}, Type(TypeId::kInt8)};
  } else {
    try {
      sig = resolve_aggregate(name, types, e.agg_star);
    } catch (DbError& err) {
      if (e.location >= 0) err.position(e.location + 1);
      throw;
    }
  }
  for (size_t i = 0; i < spec.args.size() && !spec.count_row; ++i) {
    if (i < sig.arg_types.size()) spec.args[i] = coerce(spec.args[i], sig.arg_types[i], CastContext::kImplicit);
    fp += spec.args[i]->fingerprint() + ",";
  }
  if (e.agg_star) fp += "*";
  fp += ")";
  if (e.agg_filter) {
    spec.filter = bool_expr(bind_expr(*e.agg_filter, input), "FILTER");
    fp += " filter " + spec.filter->fingerprint();
  }
  for (const auto& o : e.agg_order) {
    spec.order_by.push_back(bind_expr(*o.expr, input));
    spec.order_desc.push_back(o.descending);
    fp += " order " + spec.order_by.back()->fingerprint() + (o.descending ? " desc" : "");
  }
  spec.result = sig.result;
  return spec;
}

BExpr Binder::bind_aggregate(const ast::Expr& e, Scope& scope) {
  const std::string name = e.names.back();
  AggContext* agg = scope.agg;
  if (!agg) {
    fail_at(sqlstate::kGroupingError, "aggregate functions are not allowed here", e.location);
  }
  if (agg->in_agg_args)
    fail_at(sqlstate::kGroupingError, "aggregate function calls cannot be nested", e.location);
  agg->in_agg_args = true;
  Scope input = *agg->input;
  input.agg = agg;   // a nested aggregate call reports "cannot be nested"
  std::string fp;
  AggregateSpec spec = bind_aggregate_spec(e, input, fp);
  agg->in_agg_args = false;
  int index = -1;
  for (size_t i = 0; i < agg->agg_fps.size(); ++i)
    if (agg->agg_fps[i] == fp) index = static_cast<int>(i);
  if (index < 0) {
    index = static_cast<int>(agg->aggs.size());
    agg->aggs.push_back(spec);
    agg->agg_fps.push_back(fp);
  }
  return std::make_shared<ColumnExpr>(static_cast<int>(agg->group_exprs.size()) + index, 0, spec.result);
}

// ---- function calls ----------------------------------------------------------------

BExpr Binder::bind_func_call(const ast::Expr& e, Scope& scope) {
  std::string name = e.names.back();
  bool information_schema_fn = e.names.size() == 2 && e.names[0] == "information_schema" && name == "_pg_expandarray";
  if (e.names.size() > 1 && e.names[0] != "pg_catalog" && e.names[0] != "public" && !information_schema_fn)
    fail_at(sqlstate::kInvalidSchemaName, "schema \"" + e.names[0] + "\" does not exist", e.location);
  if (e.has_over) return bind_window_call(e, scope);
  if (is_window_function(name))
    fail_at(sqlstate::kWrongObjectType, "window function " + name + " requires an OVER clause", e.location);
  if (is_aggregate_function(name)) return bind_aggregate(e, scope);
  if (e.agg_star || e.agg_distinct || !e.agg_order.empty() || e.agg_filter) {
    fail_at(sqlstate::kWrongObjectType, "function " + name + " is not an aggregate function", e.location);
  }
  if (is_set_returning_function(name) && srf_sink && !scope.agg) {
    SrfSink* sink = srf_sink;
    srf_sink = nullptr;   // no SRF inside an SRF's arguments
    std::vector<BExpr> args;
    Type t = bind_srf_args(name, e, scope, args);
    srf_sink = sink;
    sink->calls.push_back(SrfCall{name, std::move(args), t});
    return std::make_shared<ColumnExpr>(static_cast<int>(sink->input_width + sink->calls.size() - 1), 0, t);
  }
  if (is_set_returning_function(name))
    fail_at(sqlstate::kFeatureNotSupported, "set-returning functions are not supported in this context", e.location);
  if (ArrayFuncExpr::Kind kind; array_function_kind(name, &kind))
    return bind_array_function(e, scope, static_cast<int>(kind));
  std::vector<BExpr> args;
  std::vector<Type> types;
  for (const auto& a : e.args) {
    args.push_back(bind_expr(*a, scope));
    types.push_back(args.back()->type);
  }
  ResolvedFunction fn;
  try {
    fn = resolve_function(name, types);
  } catch (DbError& err) {
    if (e.location >= 0) err.position(e.location + 1);
    throw;
  }
  auto f = std::make_shared<FuncExpr>();
  f->name = name;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i < fn.arg_types.size() && fn.arg_types[i].id != TypeId::kUnknown)
      args[i] = coerce(args[i], fn.arg_types[i], CastContext::kImplicit);
    else if (args[i]->type.id == TypeId::kUnknown)
      args[i] = coerce(args[i], Type(TypeId::kText), CastContext::kImplicit);
  }
  f->args = std::move(args);
  f->fn = fn;
  f->type = fn.result;
  if (no_fold == 0 && fn.volatility == 'i') {
    bool all_const = true;
    for (const auto& a : f->args) all_const &= const_node(a) != nullptr;
    if (all_const) return fold(f);
  }
  return f;
}

BExpr Binder::bind_sublink(const ast::Expr& e, Scope& scope) {
  auto sub = std::make_shared<SubqueryExpr>();
  bool correlated = false;
  OpPtr plan = bind_select(*e.subquery, &scope, &correlated);
  sub->correlated = correlated;
  const std::string& kind = e.sublink_type;
  if (kind == "exists") {
    sub->kind = SubqueryExpr::Kind::kExists;
    sub->type = Type(TypeId::kBool);
  } else if (kind == "expr" || kind == "array") {
    if (plan->columns.size() != 1)
      fail_at(sqlstate::kSyntaxError, "subquery must return only one column", e.location);
    if (kind == "array") {
      TypeId element = plan->columns[0].type.id == TypeId::kUnknown ? TypeId::kText : plan->columns[0].type.id;
      sub->kind = SubqueryExpr::Kind::kArray;
      sub->type = Type(array_type_or_fail(element, e.location));
    } else {
      sub->kind = SubqueryExpr::Kind::kScalar;
      sub->type = plan->columns[0].type;
    }
  } else if (kind == "any" || kind == "all") {
    if (plan->columns.size() != 1)
      fail_at(sqlstate::kSyntaxError, "subquery has too many columns", e.location);
    BExpr test = bind_expr(*e.args[0], scope);
    std::string op = e.op.empty() ? "=" : e.op;
    ResolvedBinaryOp res = resolve_binary_operator(op == "!=" ? "<>" : op, test->type, plan->columns[0].type);
    if (res.result.id != TypeId::kBool)
      fail_at(sqlstate::kWrongObjectType, "op ANY/ALL (array) requires operator to yield boolean", e.location);
    sub->test = coerce(test, res.left, CastContext::kImplicit);
    if (res.right != plan->columns[0].type) {
      auto proj = std::make_shared<ProjectOp>();
      proj->child = plan;
      proj->exprs.push_back(coerce(std::make_shared<ColumnExpr>(0, 0, plan->columns[0].type), res.right,
                                   CastContext::kImplicit));
      proj->columns = plan->columns;
      proj->columns[0].type = res.right;
      plan = proj;
    }
    sub->cmp = res.fn;
    sub->kind = kind == "any" ? SubqueryExpr::Kind::kAny : SubqueryExpr::Kind::kAll;
    sub->type = Type(TypeId::kBool);
  } else {
    fail_at(sqlstate::kFeatureNotSupported, "unsupported subquery kind " + kind, e.location);
  }
  sub->plan = plan;
  return sub;
}

// ---- row comparisons ----------------------------------------------------------------

// (a, b) op (c, d): = and <> compare pairwise; < <= > >= compare
// lexicographically, as PostgreSQL's row-wise comparison does.
BExpr Binder::bind_row_comparison(const ast::Expr& e, Scope& scope) {
  const auto& l = e.args[0]->args;
  const auto& r = e.args[1]->args;
  std::string op = e.op == "!=" ? "<>" : e.op;
  if (l.size() != r.size())
    fail_at(sqlstate::kSyntaxError, "unequal number of entries in row expressions", e.location);
  if (l.empty()) fail_at(sqlstate::kFeatureNotSupported, "cannot compare rows of zero length", e.location);
  auto make_bool = [](bool is_and, std::vector<BExpr> args) {
    auto b = std::make_shared<BoolExpr>();
    b->is_and = is_and;
    b->args = std::move(args);
    b->type = Type(TypeId::kBool);
    return b;
  };
  if (op == "=" || op == "<>") {
    std::vector<BExpr> parts;
    for (size_t i = 0; i < l.size(); ++i)
      parts.push_back(bind_operator(op, bind_expr(*l[i], scope), bind_expr(*r[i], scope), e.location));
    return parts.size() == 1 ? parts[0] : make_bool(op == "=", parts);
  }
  if (op != "<" && op != "<=" && op != ">" && op != ">=")
    fail_at(sqlstate::kUndefinedFunction, "operator " + op + " is not supported for row expressions", e.location);
  std::string strict = op.substr(0, 1);
  // Build from the last column outwards: cmp_n = (l_n op r_n); cmp_i = (l_i strict r_i) OR (l_i = r_i AND cmp_{i+1}).
  BExpr acc = bind_operator(op, bind_expr(*l.back(), scope), bind_expr(*r.back(), scope), e.location);
  for (size_t i = l.size() - 1; i-- > 0;) {
    BExpr lt = bind_operator(strict, bind_expr(*l[i], scope), bind_expr(*r[i], scope), e.location);
    BExpr eq = bind_operator("=", bind_expr(*l[i], scope), bind_expr(*r[i], scope), e.location);
    acc = make_bool(false, {lt, make_bool(true, {eq, acc})});
  }
  return acc;
}

// ---- the dispatcher ---------------------------------------------------------------

BExpr Binder::bind_expr(const ast::Expr& e, Scope& scope) {
  using K = ast::ExprKind;
  // After aggregation, a whole expression may match a GROUP BY expression.
  if (scope.agg && !scope.agg->in_agg_args && e.kind != K::kConst && e.kind != K::kParam &&
      !contains_aggregate(e) && e.kind != K::kSubLink) {
    AggContext* agg = scope.agg;
    Scope input = *agg->input;
    input.agg = nullptr;
    BExpr probe;
    try {
      probe = bind_expr(e, input);
    } catch (const DbError&) {
      probe = nullptr;
    }
    if (probe) {
      int g = agg->find_group(probe->fingerprint());
      if (g >= 0) return std::make_shared<ColumnExpr>(g, 0, probe->type);
      if (e.kind == K::kColumnRef) {
        auto col = std::dynamic_pointer_cast<const ColumnExpr>(probe);
        if (col && col->level == 0) {
          std::string shown = e.names.back();
          for (const RangeEntry& entry : input.entries)
            for (const ScopeColumn& c : entry.columns)
              if (c.slot == col->index && !entry.alias.empty()) shown = entry.alias + "." + e.names.back();
          fail_at(sqlstate::kGroupingError,
                  "column \"" + shown + "\" must appear in the GROUP BY clause or be used in an aggregate function",
                  e.location);
        }
        return probe;   // an outer reference: constant for this query
      }
    }
  }
  switch (e.kind) {
    case K::kColumnRef:
      return bind_column_ref(e, scope);
    case K::kConst:
      return make_const(e);
    case K::kParam: {
      if (e.param_no < 1 || e.param_no > 65535)
        fail_at(sqlstate::kUndefinedParameter, "there is no parameter $" + std::to_string(e.param_no), e.location);
      size_t i = static_cast<size_t>(e.param_no - 1);
      if (params->size() <= i) params->resize(i + 1, Type(TypeId::kUnknown));
      referenced_params.insert(static_cast<int>(i));
      return std::make_shared<ParamExpr>(static_cast<int>(i), params);
    }
    case K::kBinaryOp:
      if (e.args[0]->kind == K::kRow && e.args[1]->kind == K::kRow) return bind_row_comparison(e, scope);
      return bind_operator(e.op, bind_expr(*e.args[0], scope), bind_expr(*e.args[1], scope), e.location);
    case K::kUnaryOp: {
      BExpr a = bind_expr(*e.args[0], scope);
      if (a->type.id == TypeId::kUnknown) a = coerce(a, Type(TypeId::kNumeric), CastContext::kImplicit);
      ResolvedUnaryOp res = resolve_unary_operator(e.op, a->type);
      auto u = std::make_shared<UnaryExpr>();
      u->arg = coerce(a, res.arg, CastContext::kImplicit);
      u->fn = res.fn;
      u->op = e.op;
      u->type = res.result;
      if (no_fold == 0 && const_node(u->arg)) {
        ExecContext dummy;
        return std::make_shared<ConstExpr>(u->eval(Row{}, dummy), u->type);
      }
      return u;
    }
    case K::kAnd:
    case K::kOr: {
      auto b = std::make_shared<BoolExpr>();
      b->is_and = e.kind == K::kAnd;
      for (const auto& a : e.args) b->args.push_back(bool_expr(bind_expr(*a, scope), b->is_and ? "AND" : "OR"));
      b->type = Type(TypeId::kBool);
      return b;
    }
    case K::kNot: {
      auto n = std::make_shared<NotExpr>();
      n->arg = bool_expr(bind_expr(*e.args[0], scope), "NOT");
      n->type = Type(TypeId::kBool);
      return n;
    }
    case K::kIsNull:
    case K::kIsNotNull: {
      auto n = std::make_shared<NullTestExpr>();
      n->arg = bind_expr(*e.args[0], scope);
      n->is_not = e.kind == K::kIsNotNull;
      n->type = Type(TypeId::kBool);
      return n;
    }
    case K::kBooleanTest: {
      auto t = std::make_shared<BoolTestExpr>();
      t->arg = bool_expr(bind_expr(*e.args[0], scope), "IS TRUE");
      t->test = e.op;
      t->type = Type(TypeId::kBool);
      return t;
    }
    case K::kDistinctFrom:
    case K::kNotDistinctFrom: {
      BExpr l = bind_expr(*e.args[0], scope), r = bind_expr(*e.args[1], scope);
      ResolvedBinaryOp res = resolve_binary_operator("=", l->type, r->type);
      auto d = std::make_shared<DistinctExpr>();
      d->left = coerce(l, res.left, CastContext::kImplicit);
      d->right = coerce(r, res.right, CastContext::kImplicit);
      d->eq = res.fn;
      d->not_distinct = e.kind == K::kNotDistinctFrom;
      d->type = Type(TypeId::kBool);
      return d;
    }
    case K::kBetween: {
      auto range = [&](const ast::Expr& lo, const ast::Expr& hi) {
        auto b = std::make_shared<BoolExpr>();
        b->is_and = true;
        b->args.push_back(bind_operator(">=", bind_expr(*e.args[0], scope), bind_expr(lo, scope), e.location));
        b->args.push_back(bind_operator("<=", bind_expr(*e.args[0], scope), bind_expr(hi, scope), e.location));
        b->type = Type(TypeId::kBool);
        return b;
      };
      BExpr result = range(*e.args[1], *e.args[2]);
      if (e.symmetric) {
        auto o = std::make_shared<BoolExpr>();
        o->is_and = false;
        o->args = {result, range(*e.args[2], *e.args[1])};
        o->type = Type(TypeId::kBool);
        result = o;
      }
      if (e.negated) {
        auto n = std::make_shared<NotExpr>();
        n->arg = result;
        n->type = Type(TypeId::kBool);
        result = n;
      }
      return result;
    }
    case K::kInList: {
      std::vector<BExpr> all;
      for (const auto& a : e.args) all.push_back(bind_expr(*a, scope));
      unify(all, "IN");
      auto in = std::make_shared<InListExpr>();
      in->arg = all[0];
      ResolvedBinaryOp res = resolve_binary_operator("=", all[0]->type, all[0]->type);
      for (size_t i = 1; i < all.size(); ++i) {
        in->list.push_back(all[i]);
        in->eqs.push_back(res.fn);
      }
      in->negated = e.negated || e.op == "<>";
      in->type = Type(TypeId::kBool);
      return in;
    }
    case K::kAnyAll:
      return bind_any_all_array(e, scope);
    case K::kFuncCall:
      return bind_func_call(e, scope);
    case K::kCast: {
      Type t;
      try {
        t = resolve_expression_type_name(e.type_name.names, e.type_name.typmods, e.type_name.is_array);
      } catch (DbError& err) {
        if (e.type_name.location >= 0) err.position(e.type_name.location + 1);
        throw;
      }
      // ARRAY[]::int[]: the cast gives the empty constructor its type.
      BExpr a = e.args[0]->kind == K::kArray && is_array_type(t.id) ? bind_array_ctor(*e.args[0], scope, t.id)
                                                                    : bind_expr(*e.args[0], scope);
      if (auto c = const_node(a); c && c->type.id == TypeId::kUnknown) {
        if (c->value.is_null()) return std::make_shared<ConstExpr>(Value::null(t.id), t);
        try {
          // An explicit cast truncates to the typmod where an assignment would fail.
          Value v = value_from_text(c->value.as_str(), Type(t.id));
          if (t.typmod >= 0) v = cast_value(v, t, CastContext::kExplicit);
          return std::make_shared<ConstExpr>(std::move(v), t);
        } catch (DbError& err) {
          if (e.args[0]->location >= 0) err.position(e.args[0]->location + 1);
          throw;
        }
      }
      if (a->type == t) return a;
      if (a->type.id != TypeId::kUnknown && !can_cast(a->type.id, t.id, CastContext::kExplicit))
        fail_at(sqlstate::kCannotCoerce,
                "cannot cast type " + type_display_name(a->type) + " to " + type_display_name(t), e.location);
      if (auto p = std::dynamic_pointer_cast<const ParamExpr>(a); p && p->type.id == TypeId::kUnknown)
        return coerce(a, t, CastContext::kExplicit);
      auto cast = std::make_shared<CastExpr>();
      cast->arg = a;
      cast->type = t;
      cast->context = CastContext::kExplicit;
      if (const_node(a)) {
        ExecContext dummy;
        return std::make_shared<ConstExpr>(cast->eval(Row{}, dummy), t);
      }
      return cast;
    }
    case K::kCase: {
      // Constant folding follows PostgreSQL: an arm whose WHEN is constantly
      // false, and everything after a constantly true WHEN, is never folded, so
      // `CASE WHEN false THEN 1/0 ELSE 0 END` does not fail while planning.
      auto c = std::make_shared<CaseExpr>();
      BExpr operand = e.case_arg ? bind_expr(*e.case_arg, scope) : nullptr;
      std::vector<BExpr> thens;
      bool decided = false;   // a constantly true WHEN was seen
      for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
        NoFold outer_guard(*this, decided);
        if (operand) {
          c->whens.push_back(bind_operator("=", operand, bind_expr(*e.args[i], scope), e.args[i]->location));
        } else {
          c->whens.push_back(bool_expr(bind_expr(*e.args[i], scope), "CASE/WHEN"));
        }
        auto k = const_node(c->whens.back());
        bool never = k && (k->value.is_null() || !k->value.as_bool());
        bool always = k && !k->value.is_null() && k->value.as_bool();
        {
          NoFold guard(*this, never);
          thens.push_back(bind_expr(*e.args[i + 1], scope));
        }
        if (always) decided = true;
      }
      std::vector<BExpr> results;
      if (e.case_default) {
        NoFold guard(*this, decided);
        results.push_back(bind_expr(*e.case_default, scope));
      }
      results.insert(results.end(), thens.begin(), thens.end());
      unify(results, "CASE");
      size_t first_then = 0;
      if (e.case_default) {
        c->otherwise = results[0];
        first_then = 1;
      }
      for (size_t i = first_then; i < results.size(); ++i) c->thens.push_back(results[i]);
      c->type = results[0]->type;
      return c;
    }
    case K::kCoalesce:
    case K::kGreatest:
    case K::kLeast: {
      auto v = std::make_shared<VariadicExpr>();
      bool decided = false;   // COALESCE after a non-null constant: the rest is never evaluated
      for (const auto& a : e.args) {
        NoFold guard(*this, decided);
        v->args.push_back(bind_expr(*a, scope));
        auto k = const_node(v->args.back());
        if (e.kind == K::kCoalesce && k && !k->value.is_null()) decided = true;
      }
      const char* ctx = e.kind == K::kCoalesce ? "COALESCE" : e.kind == K::kGreatest ? "GREATEST" : "LEAST";
      unify(v->args, ctx);
      v->kind = e.kind == K::kCoalesce   ? VariadicExpr::Kind::kCoalesce
                : e.kind == K::kGreatest ? VariadicExpr::Kind::kGreatest
                                         : VariadicExpr::Kind::kLeast;
      v->type = v->args[0]->type;
      return v;
    }
    case K::kNullIf: {
      BExpr l = bind_expr(*e.args[0], scope), r = bind_expr(*e.args[1], scope);
      ResolvedBinaryOp res = resolve_binary_operator("=", l->type, r->type);
      auto n = std::make_shared<NullIfExpr>();
      n->left = coerce(l, res.left, CastContext::kImplicit);
      n->right = coerce(r, res.right, CastContext::kImplicit);
      n->eq = res.fn;
      n->type = n->left->type;
      return n;
    }
    case K::kSubLink:
      return bind_sublink(e, scope);
    case K::kRow:
      fail_at(sqlstate::kFeatureNotSupported, "row expressions are not supported here", e.location);
    case K::kArray:
      return bind_array_ctor(e, scope, TypeId::kUnknown);
    case K::kDefault:
      fail_at(sqlstate::kSyntaxError, "DEFAULT is not allowed in this context", e.location);
    case K::kSqlValue: {
      auto call = [&](const char* fn) {
        ast::Expr f(K::kFuncCall);
        f.names = {fn};
        f.location = e.location;
        return bind_func_call(f, scope);
      };
      const std::string& k = e.op;
      if (k == "current_timestamp" || k == "now") return call("now");
      if (k == "current_date") return coerce(call("now"), Type(TypeId::kDate), CastContext::kExplicit);
      if (k == "localtimestamp") return coerce(call("now"), Type(TypeId::kTimestamp), CastContext::kExplicit);
      if (k == "localtime") return coerce(call("now"), Type(TypeId::kTime), CastContext::kExplicit);
      if (k == "current_user" || k == "user" || k == "current_role") return call("current_user");
      if (k == "session_user") return call("session_user");
      if (k == "current_catalog") return call("current_database");
      if (k == "current_schema") return call("current_schema");
      fail_at(sqlstate::kFeatureNotSupported, k + " is not supported", e.location);
    }
    case K::kCollate: {
      std::string coll = e.names.empty() ? "" : e.names.back();
      if (coll != "C" && coll != "default" && coll != "POSIX" && coll != "ucs_basic")
        fail_at(sqlstate::kUndefinedObject, "collation \"" + coll + "\" for encoding \"UTF8\" does not exist",
                e.location);
      return bind_expr(*e.args[0], scope);
    }
    case K::kIndirection:
      return bind_indirection(e, scope);
  }
  throw_not_supported("unsupported expression");
}

}  // namespace upsertdb
