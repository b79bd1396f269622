// Evaluation of the bound expression nodes whose logic is more than a line:
// SQL three-valued logic (AND/OR, IN, ANY/ALL), the special forms (CASE,
// COALESCE, GREATEST/LEAST, NULLIF), strict function calls and sub-SELECTs.
#include "plan/bound_expr.h"

#include <algorithm>
#include <cstdio>

#include "common/error.h"
#include "exec/operator.h"
#include "types/array.h"
#include "types/op_impl.h"

namespace upsertdb {

namespace {

std::string join_fingerprints(const std::vector<BExpr>& exprs) {
  std::string s;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i) s += ",";
    s += exprs[i] ? exprs[i]->fingerprint() : "_";
  }
  return s;
}

bool all_constant(const std::vector<BExpr>& exprs) {
  for (const auto& e : exprs)
    if (!e->is_constant()) return false;
  return true;
}

// Makes a row visible as the enclosing row of a subquery for as long as the
// guard lives (exceptions included).
class OuterRowGuard {
 public:
  OuterRowGuard(ExecContext& ctx, const Row* row) : ctx_(ctx) { ctx_.outer.push_back(row); }
  ~OuterRowGuard() { ctx_.outer.pop_back(); }
  OuterRowGuard(const OuterRowGuard&) = delete;
  OuterRowGuard& operator=(const OuterRowGuard&) = delete;

 private:
  ExecContext& ctx_;
};

}  // namespace

std::string ConstExpr::fingerprint() const {
  std::string s = "k" + std::to_string(static_cast<int>(type.id)) + ":" + std::to_string(type.typmod) + ":";
  if (value.is_null()) return s + "null";
  return s + "'" + value_to_text(value) + "'";
}

Value ParamExpr::eval(const Row&, ExecContext& ctx) const {
  if (!ctx.params || static_cast<size_t>(index) >= ctx.params->size()) {
    throw DbError(sqlstate::kUndefinedParameter, "there is no parameter $" + std::to_string(index + 1));
  }
  const Value& v = (*ctx.params)[static_cast<size_t>(index)];
  const Type& want = (*types)[static_cast<size_t>(index)];
  if (v.is_null()) return Value::null(want.id);
  if (want.id == TypeId::kUnknown || v.type() == want.id) return v;
  // Parameters usually arrive as text (the wire protocol's text format).
  if (v.type() == TypeId::kUnknown || v.type() == TypeId::kText) return value_from_text(v.as_str(), want);
  return cast_value(v, want, CastContext::kExplicit);
}

Value BoolExpr::eval(const Row& row, ExecContext& ctx) const {
  // AND: any false -> false; else any null -> null; else true. OR is the dual.
  bool saw_null = false;
  for (const auto& a : args) {
    Value v = a->eval(row, ctx);
    if (v.is_null()) {
      saw_null = true;
      continue;
    }
    if (v.as_bool() != is_and) return Value::boolean(!is_and);
  }
  if (saw_null) return Value::null(TypeId::kBool);
  return Value::boolean(is_and);
}

std::string BoolExpr::fingerprint() const {
  return std::string(is_and ? "and(" : "or(") + join_fingerprints(args) + ")";
}

bool BoolExpr::is_constant() const { return all_constant(args); }

Value NullTestExpr::eval(const Row& row, ExecContext& ctx) const {
  bool null = arg->eval(row, ctx).is_null();
  return Value::boolean(is_not ? !null : null);
}

Value BoolTestExpr::eval(const Row& row, ExecContext& ctx) const {
  Value v = arg->eval(row, ctx);
  bool is_true = !v.is_null() && v.as_bool();
  bool is_false = !v.is_null() && !v.as_bool();
  if (test == "true") return Value::boolean(is_true);
  if (test == "not_true") return Value::boolean(!is_true);
  if (test == "false") return Value::boolean(is_false);
  if (test == "not_false") return Value::boolean(!is_false);
  if (test == "unknown") return Value::boolean(v.is_null());
  if (test == "not_unknown") return Value::boolean(!v.is_null());
  throw DbError(sqlstate::kInternalError, "unrecognized boolean test: " + test);
}

Value DistinctExpr::eval(const Row& row, ExecContext& ctx) const {
  Value l = left->eval(row, ctx);
  Value r = right->eval(row, ctx);
  bool distinct;
  if (l.is_null() || r.is_null()) {
    distinct = l.is_null() != r.is_null();
  } else {
    distinct = !eq(l, r).as_bool();
  }
  return Value::boolean(not_distinct ? !distinct : distinct);
}

Value FuncExpr::eval(const Row& row, ExecContext& ctx) const {
  Value buf[4];
  std::vector<Value> heap;
  Value* vals = buf;
  if (args.size() > 4) {
    heap.resize(args.size());
    vals = heap.data();
  }
  for (size_t i = 0; i < args.size(); ++i) {
    vals[i] = args[i]->eval(row, ctx);
    if (fn.strict && vals[i].is_null()) return Value::null(type.id);
  }
  if (!ctx.functions) throw DbError(sqlstate::kInternalError, "no function context for " + name + "()");
  return fn.fn(*ctx.functions, vals, args.size());
}

std::string FuncExpr::fingerprint() const { return name + "(" + join_fingerprints(args) + ")"; }

bool FuncExpr::is_constant() const { return fn.volatility == 'i' && all_constant(args); }

Value CaseExpr::eval(const Row& row, ExecContext& ctx) const {
  // The operand form arrives with each WHEN already rewritten to "operand = value".
  for (size_t i = 0; i < whens.size(); ++i) {
    if (eval_predicate(*whens[i], row, ctx)) return thens[i]->eval(row, ctx);
  }
  if (otherwise) return otherwise->eval(row, ctx);
  return Value::null(type.id);
}

std::string CaseExpr::fingerprint() const {
  std::string s = "case(" + (operand ? operand->fingerprint() : std::string("_"));
  for (size_t i = 0; i < whens.size(); ++i) s += ";" + whens[i]->fingerprint() + "=>" + thens[i]->fingerprint();
  s += ";else " + (otherwise ? otherwise->fingerprint() : std::string("null")) + ")";
  return s;
}

Value VariadicExpr::eval(const Row& row, ExecContext& ctx) const {
  if (kind == Kind::kCoalesce) {
    // Lazy: later arguments are not evaluated once a non-null one is found.
    for (const auto& a : args) {
      Value v = a->eval(row, ctx);
      if (!v.is_null()) return v;
    }
    return Value::null(type.id);
  }
  // GREATEST / LEAST ignore NULLs; NULL only when every argument is NULL.
  Value best = Value::null(type.id);
  for (const auto& a : args) {
    Value v = a->eval(row, ctx);
    if (v.is_null()) continue;
    if (best.is_null()) {
      best = std::move(v);
      continue;
    }
    int c = compare_values(v, best);
    if (kind == Kind::kGreatest ? c > 0 : c < 0) best = std::move(v);
  }
  return best;
}

std::string VariadicExpr::fingerprint() const {
  const char* n = kind == Kind::kCoalesce ? "coalesce(" : kind == Kind::kGreatest ? "greatest(" : "least(";
  return n + join_fingerprints(args) + ")";
}

Value NullIfExpr::eval(const Row& row, ExecContext& ctx) const {
  Value l = left->eval(row, ctx);
  if (l.is_null()) return Value::null(type.id);
  Value r = right->eval(row, ctx);
  if (!r.is_null() && eq(l, r).as_bool()) return Value::null(type.id);
  return l;
}

Value InListExpr::eval(const Row& row, ExecContext& ctx) const {
  // PostgreSQL: a match gives true; otherwise NULL if the probe or any list
  // element was NULL; otherwise false. NOT IN negates that (NULL stays NULL).
  Value a = arg->eval(row, ctx);
  if (a.is_null()) return Value::null(TypeId::kBool);
  bool saw_null = false;
  for (size_t i = 0; i < list.size(); ++i) {
    Value v = list[i]->eval(row, ctx);
    if (v.is_null()) {
      saw_null = true;
      continue;
    }
    BinaryFn eq = eqs[i < eqs.size() ? i : eqs.size() - 1];
    Value r = eq(a, v);
    if (r.is_null()) {
      saw_null = true;
      continue;
    }
    if (r.as_bool()) return Value::boolean(!negated);
  }
  if (saw_null) return Value::null(TypeId::kBool);
  return Value::boolean(negated);
}

std::string InListExpr::fingerprint() const {
  return std::string(negated ? "notin(" : "in(") + arg->fingerprint() + ";" + join_fingerprints(list) + ")";
}

namespace {

// Runs a subquery plan. `limit` stops early (EXISTS needs one row, a scalar
// subquery two, to detect the cardinality error).
std::vector<Row> run_subquery(Operator& plan, const Row& row, ExecContext& ctx, size_t limit) {
  OuterRowGuard guard(ctx, &row);
  plan.open(ctx);
  std::vector<Row> rows;
  Row r;
  while (rows.size() < limit && plan.next(ctx, r)) rows.push_back(r);
  return rows;
}

}  // namespace

Value SubqueryExpr::eval(const Row& row, ExecContext& ctx) const {
  const size_t limit = kind == Kind::kExists ? 1 : kind == Kind::kScalar ? 2 : SIZE_MAX;

  // Uncorrelated subqueries run once per statement execution (an InitPlan);
  // the cache lives in the ExecContext so a re-executed plan starts afresh.
  std::shared_ptr<std::vector<Row>> rows;
  if (!correlated) {
    auto it = ctx.subquery_results.find(this);
    if (it != ctx.subquery_results.end()) rows = it->second;
  }
  // x IN (SELECT ...) and x NOT IN (SELECT ...) over an uncorrelated
  // subquery: sort the result once and binary-search it per probe.
  const bool lookup = !correlated && ((kind == Kind::kAny && cmp == ops::cmp_eq) ||
                                      (kind == Kind::kAll && cmp == ops::cmp_ne));
  auto first_col_less = [](const Row& a, const Row& b) { return compare_nullable(a[0], b[0], false) < 0; };
  if (!rows) {
    rows = std::make_shared<std::vector<Row>>(run_subquery(*plan, row, ctx, limit));
    if (kind == Kind::kScalar && rows->size() > 1) {
      throw DbError(sqlstate::kCardinalityViolation, "more than one row returned by a subquery used as an expression");
    }
    if (lookup) std::sort(rows->begin(), rows->end(), first_col_less);
    if (!correlated) ctx.subquery_results[this] = rows;
  }
  if (lookup) {
    const bool any = kind == Kind::kAny;
    if (rows->empty()) return Value::boolean(!any);
    Value t = test->eval(row, ctx);
    if (t.is_null()) return Value::null(TypeId::kBool);
    Row probe{t};
    auto it = std::lower_bound(rows->begin(), rows->end(), probe, first_col_less);
    if (it != rows->end() && !(*it)[0].is_null() && values_equal((*it)[0], t)) return Value::boolean(any);
    if (rows->back()[0].is_null()) return Value::null(TypeId::kBool);   // NULLs sort last
    return Value::boolean(!any);
  }

  switch (kind) {
    case Kind::kExists: return Value::boolean(!rows->empty());
    case Kind::kScalar: {
      if (rows->empty() || (*rows)[0].empty() || (*rows)[0][0].is_null()) return Value::null(type.id);
      return (*rows)[0][0];
    }
    case Kind::kAny:
    case Kind::kAll: {
      // ANY: true if some comparison is true, else NULL if some was NULL, else false.
      // ALL: false if some comparison is false, else NULL if some was NULL, else true.
      const bool any = kind == Kind::kAny;
      if (rows->empty()) return Value::boolean(!any);
      Value t = test->eval(row, ctx);
      bool saw_null = false;
      for (const Row& r : *rows) {
        if (t.is_null() || r[0].is_null()) {
          saw_null = true;
          continue;
        }
        Value c = cmp(t, r[0]);
        if (c.is_null()) {
          saw_null = true;
          continue;
        }
        if (c.as_bool() == any) return Value::boolean(any);
      }
      if (saw_null) return Value::null(TypeId::kBool);
      return Value::boolean(!any);
    }
    case Kind::kArray: {
      std::vector<Value> elements;
      elements.reserve(rows->size());
      for (const Row& r : *rows) elements.push_back(r[0]);
      return make_array(type.id, elements);
    }
  }
  return Value::null(type.id);
}

std::string SubqueryExpr::fingerprint() const {
  static const char* kNames[] = {"scalar", "exists", "any", "all", "array"};
  char addr[32];
  std::snprintf(addr, sizeof addr, "%p", static_cast<const void*>(plan.get()));
  return std::string("subq:") + kNames[static_cast<int>(kind)] + ":" + addr + (test ? ":" + test->fingerprint() : "");
}

}  // namespace upsertdb
