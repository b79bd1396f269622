// ANY/ALL over arrays, subscripts and array functions, with the three-valued
// results PostgreSQL 15 gives (checked with psql).
#include "plan/array_exprs.h"

#include <gtest/gtest.h>

#include "exec/exec_test_util.h"
#include "types/array.h"

namespace upsertdb {
namespace {

using namespace exec_test;

BExpr ints(const char* text) {
  return lit(value_from_text(text, Type(TypeId::kInt4Array)));
}

BExpr any_all(bool any, const char* op, BExpr left, BExpr array) {
  auto e = std::make_shared<ArrayAnyAllExpr>();
  e->type = Type(TypeId::kBool);
  e->left = std::move(left);
  e->array = std::move(array);
  e->cmp = resolve_binary_operator(op, Type(TypeId::kInt4), Type(TypeId::kInt4)).fn;
  e->any = any;
  e->op = op;
  return e;
}

TEST(ArrayExprs, AnyIsThreeValued) {
  TestContext tc;
  auto one = lit(Value::int4(1)), three = lit(Value::int4(3)), n = null_of(TypeId::kInt4);
  EXPECT_EQ(eval_text(any_all(true, "=", one, ints("{1,2}")), tc.ctx), "t");
  EXPECT_EQ(eval_text(any_all(true, "=", three, ints("{1,2}")), tc.ctx), "f");
  EXPECT_EQ(eval_text(any_all(true, "=", three, ints("{1,NULL}")), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(any_all(true, "=", one, ints("{NULL,1}")), tc.ctx), "t");
  EXPECT_EQ(eval_text(any_all(true, "=", n, ints("{1}")), tc.ctx), "NULL");
  // An empty array: false whatever the left side, even NULL.
  EXPECT_EQ(eval_text(any_all(true, "=", n, ints("{}")), tc.ctx), "f");
  EXPECT_EQ(eval_text(any_all(true, "=", one, null_of(TypeId::kInt4Array)), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(any_all(true, "<", one, ints("{0,5}")), tc.ctx), "t");
}

TEST(ArrayExprs, AllIsThreeValued) {
  TestContext tc;
  auto one = lit(Value::int4(1)), three = lit(Value::int4(3)), n = null_of(TypeId::kInt4);
  EXPECT_EQ(eval_text(any_all(false, "<>", three, ints("{1,2}")), tc.ctx), "t");
  EXPECT_EQ(eval_text(any_all(false, "<>", one, ints("{1,2}")), tc.ctx), "f");
  EXPECT_EQ(eval_text(any_all(false, "<>", three, ints("{1,NULL}")), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(any_all(false, "<>", one, ints("{1,NULL}")), tc.ctx), "f");
  EXPECT_EQ(eval_text(any_all(false, "<>", n, ints("{}")), tc.ctx), "t");
  EXPECT_EQ(eval_text(any_all(false, "<>", n, ints("{2}")), tc.ctx), "NULL");
}

TEST(ArrayExprs, Subscripts) {
  TestContext tc;
  auto sub = [](BExpr a, BExpr i) {
    auto s = std::make_shared<ArraySubscriptExpr>();
    s->array = std::move(a);
    s->index = std::move(i);
    s->type = Type(TypeId::kInt4);
    return s;
  };
  EXPECT_EQ(eval_text(sub(ints("{10,20}"), lit(Value::int4(2))), tc.ctx), "20");
  EXPECT_EQ(eval_text(sub(ints("{10,20}"), lit(Value::int4(3))), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(sub(ints("{10,20}"), lit(Value::int4(0))), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(sub(ints("{10,20}"), null_of(TypeId::kInt4)), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(sub(null_of(TypeId::kInt4Array), lit(Value::int4(1))), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(sub(ints("[0:1]={5,6}"), lit(Value::int4(0))), tc.ctx), "5");
}

TEST(ArrayExprs, Functions) {
  TestContext tc;
  auto fn = [](ArrayFuncExpr::Kind k, std::vector<BExpr> args) {
    auto f = std::make_shared<ArrayFuncExpr>();
    f->kind = k;
    f->args = std::move(args);
    f->type = Type(k == ArrayFuncExpr::Kind::kToString ? TypeId::kText : TypeId::kInt4);
    return f;
  };
  using K = ArrayFuncExpr::Kind;
  auto dim1 = lit(Value::int4(1));
  EXPECT_EQ(eval_text(fn(K::kUpper, {ints("{1,2,3}"), dim1}), tc.ctx), "3");
  EXPECT_EQ(eval_text(fn(K::kLower, {ints("[0:1]={1,2}"), dim1}), tc.ctx), "0");
  EXPECT_EQ(eval_text(fn(K::kLength, {ints("{}"), dim1}), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(fn(K::kUpper, {ints("{1}"), lit(Value::int4(2))}), tc.ctx), "NULL");
  EXPECT_EQ(eval_text(fn(K::kCardinality, {ints("{}")}), tc.ctx), "0");
  auto texts = lit(value_from_text("{a,NULL,b}", Type(TypeId::kTextArray)));
  EXPECT_EQ(eval_text(fn(K::kToString, {texts, lit(Value::text(","))}), tc.ctx), "a,b");
  EXPECT_EQ(eval_text(fn(K::kToString, {texts, lit(Value::text(",")), lit(Value::text("*"))}), tc.ctx), "a,*,b");
}

}  // namespace
}  // namespace upsertdb
