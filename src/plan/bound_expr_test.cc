#include "plan/bound_expr.h"

#include <gtest/gtest.h>

#include "exec/exec_test_util.h"

namespace upsertdb {
namespace {

using namespace exec_test;

const BExpr T = lit(Value::boolean(true));
const BExpr F = lit(Value::boolean(false));
const BExpr N = null_of(TypeId::kBool);

TEST(BoundExpr, AndOrThreeValued) {
  TestContext tc;
  auto& ctx = tc.ctx;
  EXPECT_EQ(eval_text(boolean(true, {T, N}), ctx), "NULL");
  EXPECT_EQ(eval_text(boolean(true, {N, F}), ctx), "f");
  EXPECT_EQ(eval_text(boolean(true, {T, T}), ctx), "t");
  EXPECT_EQ(eval_text(boolean(false, {F, N}), ctx), "NULL");
  EXPECT_EQ(eval_text(boolean(false, {N, T}), ctx), "t");
  EXPECT_EQ(eval_text(boolean(false, {F, F}), ctx), "f");
}

TEST(BoundExpr, AndShortCircuitsOnFalse) {
  TestContext tc;
  // 1/0 would raise division by zero if evaluated.
  BExpr boom = binop("=", binop("/", lit(Value::int4(1)), lit(Value::int4(0))), lit(Value::int4(1)));
  EXPECT_EQ(eval_text(boolean(true, {F, boom}), tc.ctx), "f");
  EXPECT_EQ(eval_text(boolean(false, {T, boom}), tc.ctx), "t");
  EXPECT_EQ(error_of([&] { eval_text(boolean(true, {T, boom}), tc.ctx); }), "22012 division by zero");
}

std::shared_ptr<InListExpr> in_list(BExpr arg, std::vector<BExpr> list, bool negated) {
  auto e = std::make_shared<InListExpr>();
  e->type = Type(TypeId::kBool);
  e->arg = std::move(arg);
  e->list = std::move(list);
  e->eqs = {eq_fn(TypeId::kInt4)};
  e->negated = negated;
  return e;
}

TEST(BoundExpr, InListWithNulls) {
  TestContext tc;
  auto one = lit(Value::int4(1)), two = lit(Value::int4(2)), n = null_of(TypeId::kInt4);
  EXPECT_EQ(eval_text(in_list(one, {two, one}, false), tc.ctx), "t");
  EXPECT_EQ(eval_text(in_list(one, {two, n}, false), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(in_list(one, {n, one}, false), tc.ctx), "t");
  EXPECT_EQ(eval_text(in_list(one, {two}, false), tc.ctx), "f");
  EXPECT_EQ(eval_text(in_list(one, {two, n}, true), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(in_list(one, {two}, true), tc.ctx), "t");
  EXPECT_EQ(eval_text(in_list(one, {one, n}, true), tc.ctx), "f");
  EXPECT_EQ(eval_text(in_list(n, {one}, false), tc.ctx), "NULL");
}

TEST(BoundExpr, CaseSearched) {
  TestContext tc;
  auto e = std::make_shared<CaseExpr>();
  e->type = Type(TypeId::kText);
  BExpr x = col(0, TypeId::kInt4);
  e->whens = {binop("<", x, lit(Value::int4(0))), binop("=", x, lit(Value::int4(0)))};
  e->thens = {lit(Value::text("neg")), lit(Value::text("zero"))};
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::int4(-3)}), "neg");
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::int4(0)}), "zero");
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::int4(5)}), "NULL");
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::null(TypeId::kInt4)}), "NULL");
  e->otherwise = lit(Value::text("pos"));
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::int4(5)}), "pos");
}

std::shared_ptr<VariadicExpr> variadic(VariadicExpr::Kind k, std::vector<BExpr> args) {
  auto e = std::make_shared<VariadicExpr>();
  e->type = args[0]->type;
  e->kind = k;
  e->args = std::move(args);
  return e;
}

TEST(BoundExpr, CoalesceIsLazyGreatestLeastIgnoreNulls) {
  TestContext tc;
  auto n = null_of(TypeId::kInt4);
  BExpr boom = binop("/", lit(Value::int4(1)), lit(Value::int4(0)));
  EXPECT_EQ(eval_text(variadic(VariadicExpr::Kind::kCoalesce, {n, lit(Value::int4(7)), boom}), tc.ctx), "7");
  EXPECT_EQ(eval_text(variadic(VariadicExpr::Kind::kCoalesce, {n, n}), tc.ctx), "NULL");
  auto vals = std::vector<BExpr>{lit(Value::int4(3)), n, lit(Value::int4(9)), lit(Value::int4(-1))};
  EXPECT_EQ(eval_text(variadic(VariadicExpr::Kind::kGreatest, vals), tc.ctx), "9");
  EXPECT_EQ(eval_text(variadic(VariadicExpr::Kind::kLeast, vals), tc.ctx), "-1");
  EXPECT_EQ(eval_text(variadic(VariadicExpr::Kind::kLeast, {n, n}), tc.ctx), "NULL");
}

TEST(BoundExpr, NullIfDistinctAndTests) {
  TestContext tc;
  auto one = lit(Value::int4(1)), two = lit(Value::int4(2)), n = null_of(TypeId::kInt4);
  auto nullif = [&](BExpr l, BExpr r) {
    auto e = std::make_shared<NullIfExpr>();
    e->type = l->type;
    e->left = l;
    e->right = r;
    e->eq = eq_fn(TypeId::kInt4);
    return e;
  };
  EXPECT_EQ(eval_text(nullif(one, one), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(nullif(one, two), tc.ctx), "1");
  EXPECT_EQ(eval_text(nullif(one, n), tc.ctx), "1");

  auto distinct = [&](BExpr l, BExpr r, bool not_distinct) {
    auto e = std::make_shared<DistinctExpr>();
    e->type = Type(TypeId::kBool);
    e->left = l;
    e->right = r;
    e->eq = eq_fn(TypeId::kInt4);
    e->not_distinct = not_distinct;
    return e;
  };
  EXPECT_EQ(eval_text(distinct(n, n, false), tc.ctx), "f");
  EXPECT_EQ(eval_text(distinct(one, n, false), tc.ctx), "t");
  EXPECT_EQ(eval_text(distinct(one, one, false), tc.ctx), "f");
  EXPECT_EQ(eval_text(distinct(one, two, true), tc.ctx), "f");
  EXPECT_EQ(eval_text(distinct(n, n, true), tc.ctx), "t");

  auto test = [&](BExpr a, const char* t) {
    auto e = std::make_shared<BoolTestExpr>();
    e->type = Type(TypeId::kBool);
    e->arg = a;
    e->test = t;
    return eval_text(e, tc.ctx);
  };
  EXPECT_EQ(test(N, "true"), "f");
  EXPECT_EQ(test(N, "not_true"), "t");
  EXPECT_EQ(test(N, "unknown"), "t");
  EXPECT_EQ(test(F, "false"), "t");
  EXPECT_EQ(test(F, "not_false"), "f");
  EXPECT_EQ(test(T, "not_unknown"), "t");

  auto isnull = std::make_shared<NullTestExpr>();
  isnull->type = Type(TypeId::kBool);
  isnull->arg = n;
  isnull->is_not = true;
  EXPECT_EQ(eval_text(isnull, tc.ctx), "f");
}

int g_calls = 0;
Value counting_add(FunctionContext&, const Value* args, size_t n) {
  ++g_calls;
  return Value::int4(static_cast<int32_t>(args[0].as_int() + args[1].as_int()));
}

TEST(BoundExpr, StrictFunctionSkipsCallOnNull) {
  TestContext tc;
  auto f = std::make_shared<FuncExpr>();
  f->type = Type(TypeId::kInt4);
  f->name = "add";
  f->fn.fn = counting_add;
  f->fn.result = f->type;
  f->args = {lit(Value::int4(2)), lit(Value::int4(3))};
  g_calls = 0;
  EXPECT_EQ(eval_text(f, tc.ctx), "5");
  EXPECT_TRUE(f->is_constant());
  f->args[1] = null_of(TypeId::kInt4);
  EXPECT_EQ(eval_text(f, tc.ctx), "NULL");
  EXPECT_EQ(g_calls, 1);
  f->fn.volatility = 's';
  EXPECT_FALSE(f->is_constant());
  f->fn.volatility = 'i';
  f->args[1] = col(0, TypeId::kInt4);
  EXPECT_FALSE(f->is_constant());
}

TEST(BoundExpr, ParamsAreCastToTheirInferredType) {
  TestContext tc;
  auto types = std::make_shared<std::vector<Type>>(std::vector<Type>{Type(TypeId::kInt4), Type(TypeId::kText)});
  std::vector<Value> params{Value::text("42"), Value::null(TypeId::kText)};
  tc.ctx.params = &params;
  auto p0 = std::make_shared<ParamExpr>(0, types);
  Value v = p0->eval({}, tc.ctx);
  EXPECT_EQ(v.type(), TypeId::kInt4);
  EXPECT_EQ(v.as_int(), 42);
  EXPECT_TRUE(std::make_shared<ParamExpr>(1, types)->eval({}, tc.ctx).is_null());
  EXPECT_EQ(error_of([&] { std::make_shared<ParamExpr>(2, std::make_shared<std::vector<Type>>(3, Type(TypeId::kInt4)))->eval({}, tc.ctx); }),
            "42P02 there is no parameter $3");
  params[0] = Value::text("x");
  EXPECT_EQ(error_of([&] { p0->eval({}, tc.ctx); }), "22P02 invalid input syntax for type integer: \"x\"");
}

std::shared_ptr<SubqueryExpr> subquery(SubqueryExpr::Kind k, OpPtr plan, Type t = Type(TypeId::kInt4)) {
  auto e = std::make_shared<SubqueryExpr>();
  e->type = t;
  e->kind = k;
  e->plan = std::move(plan);
  return e;
}

// Uncorrelated results are cached per execution by expression, so each
// check below evaluates a fresh expression in a fresh context.
std::string eval_once(const BExpr& e) {
  TestContext tc;
  return eval_text(e, tc.ctx);
}

TEST(BoundExpr, ScalarSubqueryCardinality) {
  auto two_rows = values({{Value::int4(1)}, {Value::int4(2)}});
  EXPECT_EQ(error_of([&] { eval_once(subquery(SubqueryExpr::Kind::kScalar, two_rows)); }),
            "21000 more than one row returned by a subquery used as an expression");
  auto none = std::make_shared<ValuesOp>();
  EXPECT_EQ(eval_once(subquery(SubqueryExpr::Kind::kScalar, none)), "NULL");
  EXPECT_EQ(eval_once(subquery(SubqueryExpr::Kind::kExists, none, Type(TypeId::kBool))), "f");
  EXPECT_EQ(eval_once(subquery(SubqueryExpr::Kind::kExists, two_rows, Type(TypeId::kBool))), "t");
  auto one_row = values({{Value::int4(7)}});
  EXPECT_EQ(eval_once(subquery(SubqueryExpr::Kind::kScalar, one_row)), "7");
  // ARRAY(subquery) collects every row, none giving an empty array.
  EXPECT_EQ(eval_once(subquery(SubqueryExpr::Kind::kArray, two_rows, Type(TypeId::kInt4Array))), "{1,2}");
  EXPECT_EQ(eval_once(subquery(SubqueryExpr::Kind::kArray, none, Type(TypeId::kInt4Array))), "{}");
}

TEST(BoundExpr, AnyAllThreeValued) {
  auto list = values({{Value::int4(1)}, {Value::null(TypeId::kInt4)}, {Value::int4(3)}});
  auto empty = std::make_shared<ValuesOp>();
  auto q = [&](SubqueryExpr::Kind k, OpPtr plan, Value x, const char* op) {
    auto e = subquery(k, plan, Type(TypeId::kBool));
    e->test = lit(x);
    e->cmp = resolve_binary_operator(op, Type(TypeId::kInt4), Type(TypeId::kInt4)).fn;
    return eval_once(e);
  };
  EXPECT_EQ(q(SubqueryExpr::Kind::kAny, list, Value::int4(3), "="), "t");
  EXPECT_EQ(q(SubqueryExpr::Kind::kAny, list, Value::int4(2), "="), "NULL");
  EXPECT_EQ(q(SubqueryExpr::Kind::kAny, empty, Value::null(TypeId::kInt4), "="), "f");
  EXPECT_EQ(q(SubqueryExpr::Kind::kAll, list, Value::int4(2), "<"), "f");
  EXPECT_EQ(q(SubqueryExpr::Kind::kAll, list, Value::int4(0), "<"), "NULL");
  EXPECT_EQ(q(SubqueryExpr::Kind::kAll, empty, Value::int4(0), "<"), "t");
  auto no_nulls = values({{Value::int4(1)}, {Value::int4(3)}});
  EXPECT_EQ(q(SubqueryExpr::Kind::kAll, no_nulls, Value::int4(0), "<"), "t");
  EXPECT_EQ(q(SubqueryExpr::Kind::kAny, no_nulls, Value::int4(2), "="), "f");
}

TEST(BoundExpr, InAndNotInSubqueryLookup) {
  // x = ANY (SELECT ...) / x <> ALL (SELECT ...) take the sorted-lookup path;
  // the answers must match the three-valued definition.
  auto with_null = values({{Value::int4(5)}, {Value::null(TypeId::kInt4)}, {Value::int4(3)}, {Value::int4(9)}});
  auto without = values({{Value::int4(5)}, {Value::int4(3)}});
  auto empty = std::make_shared<ValuesOp>();
  auto q = [&](SubqueryExpr::Kind k, OpPtr plan, Value x) {
    auto e = subquery(k, plan, Type(TypeId::kBool));
    e->test = lit(x);
    e->cmp = resolve_binary_operator(k == SubqueryExpr::Kind::kAny ? "=" : "<>", Type(TypeId::kInt4),
                                     Type(TypeId::kInt4)).fn;
    return eval_once(e);
  };
  using K = SubqueryExpr::Kind;
  EXPECT_EQ(q(K::kAny, with_null, Value::int4(9)), "t");
  EXPECT_EQ(q(K::kAny, with_null, Value::int4(4)), "NULL");
  EXPECT_EQ(q(K::kAny, without, Value::int4(4)), "f");
  EXPECT_EQ(q(K::kAny, without, Value::int8(3)), "t");
  EXPECT_EQ(q(K::kAny, without, Value::null(TypeId::kInt4)), "NULL");
  EXPECT_EQ(q(K::kAny, empty, Value::null(TypeId::kInt4)), "f");
  EXPECT_EQ(q(K::kAll, with_null, Value::int4(9)), "f");
  EXPECT_EQ(q(K::kAll, with_null, Value::int4(4)), "NULL");
  EXPECT_EQ(q(K::kAll, without, Value::int4(4)), "t");
  EXPECT_EQ(q(K::kAll, empty, Value::null(TypeId::kInt4)), "t");
  // The cached, sorted result serves every probe of one execution.
  TestContext tc;
  auto e = subquery(K::kAny, with_null, Type(TypeId::kBool));
  e->test = col(0, TypeId::kInt4);
  e->cmp = resolve_binary_operator("=", Type(TypeId::kInt4), Type(TypeId::kInt4)).fn;
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::int4(3)}), "t");
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::int4(5)}), "t");
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::int4(6)}), "NULL");
}

TEST(BoundExpr, CorrelatedSubquerySeesOuterRow) {
  TestContext tc;
  // (SELECT outer.x * 10)
  auto proj = std::make_shared<ProjectOp>();
  proj->child = std::make_shared<ValuesOp>();
  std::static_pointer_cast<ValuesOp>(proj->child)->rows.push_back({});
  proj->exprs = {binop("*", col(0, TypeId::kInt4, 1), lit(Value::int4(10)))};
  auto e = subquery(SubqueryExpr::Kind::kScalar, proj);
  e->correlated = true;
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::int4(2)}), "20");
  EXPECT_EQ(eval_text(e, tc.ctx, {Value::int4(5)}), "50");
  EXPECT_TRUE(tc.ctx.outer.empty());
}

TEST(BoundExpr, UncorrelatedSubqueryRunsOncePerExecution) {
  auto types = std::make_shared<std::vector<Type>>(std::vector<Type>{Type(TypeId::kInt4)});
  auto v = std::make_shared<ValuesOp>();
  v->rows.push_back({std::make_shared<ParamExpr>(0, types)});
  auto e = subquery(SubqueryExpr::Kind::kScalar, v);
  TestContext first;
  std::vector<Value> p1{Value::int4(1)};
  first.ctx.params = &p1;
  EXPECT_EQ(eval_text(e, first.ctx), "1");
  p1[0] = Value::int4(99);   // same execution: the cached result stands
  EXPECT_EQ(eval_text(e, first.ctx), "1");
  TestContext second;
  std::vector<Value> p2{Value::int4(2)};
  second.ctx.params = &p2;
  EXPECT_EQ(eval_text(e, second.ctx), "2");
}

TEST(BoundExpr, FingerprintsDistinguishTypesAndShapes) {
  EXPECT_NE(lit(Value::int4(1))->fingerprint(), lit(Value::text("1"))->fingerprint());
  EXPECT_EQ(binop("+", col(0, TypeId::kInt4), lit(Value::int4(1)))->fingerprint(),
            binop("+", col(0, TypeId::kInt4), lit(Value::int4(1)))->fingerprint());
  EXPECT_NE(boolean(true, {T, F})->fingerprint(), boolean(false, {T, F})->fingerprint());
}

}  // namespace
}  // namespace upsertdb
