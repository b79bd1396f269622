#include <gtest/gtest.h>

#include "exec/aggregates.h"
#include "exec/exec_test_util.h"

namespace upsertdb {
namespace {

using namespace exec_test;

AggregateSpec agg(const std::string& name, std::vector<BExpr> args, bool star = false) {
  AggregateSpec s;
  s.name = name;
  s.args = std::move(args);
  std::vector<Type> types;
  for (auto& a : s.args) types.push_back(a->type);
  s.result = resolve_aggregate(name, types, star).result;
  return s;
}

// (g text, x int4, y int8, s text, b bool)
std::shared_ptr<ValuesOp> input() {
  auto n4 = Value::null(TypeId::kInt4);
  return values({
      {Value::text("a"), Value::int4(1), Value::int8(10), Value::text("p"), Value::boolean(true)},
      {Value::text("b"), Value::int4(5), Value::int8(20), Value::text("q"), Value::boolean(false)},
      {Value::text("a"), Value::int4(2), Value::int8(30), Value::text("r"), Value::boolean(true)},
      {Value::text("a"), n4, Value::int8(40), Value::null(TypeId::kText), Value::null(TypeId::kBool)},
      {Value::text("b"), Value::int4(5), Value::int8(50), Value::text("s"), Value::boolean(true)},
  });
}

std::vector<std::string> aggregate(std::vector<BExpr> group_by, std::vector<AggregateSpec> aggs, OpPtr in = input()) {
  TestContext tc;
  auto op = std::make_shared<AggregateOp>();
  op->child = in;
  op->group_by = std::move(group_by);
  op->aggs = std::move(aggs);
  return run(*op, tc.ctx);
}

BExpr x() { return col(1, TypeId::kInt4); }
BExpr y() { return col(2, TypeId::kInt8); }

TEST(Aggregate, GroupsInFirstSeenOrder) {
  auto got = aggregate({col(0, TypeId::kText)},
                       {agg("count", {}, true), agg("count", {x()}), agg("sum", {x()}), agg("avg", {x()}),
                        agg("min", {y()}), agg("max", {y()}), agg("sum", {y()})});
  EXPECT_EQ(got, strs({"a|3|2|3|1.5000000000000000|10|40|80", "b|2|2|10|5.0000000000000000|20|50|70"}));
}

TEST(Aggregate, NoGroupByOverNoRowsGivesOneRow) {
  auto empty = std::make_shared<ValuesOp>();
  empty->columns = input()->columns;
  EXPECT_EQ(aggregate({}, {agg("count", {}, true), agg("count", {x()}), agg("sum", {x()}), agg("max", {x()})}, empty),
            strs({"0|0|NULL|NULL"}));
  EXPECT_TRUE(aggregate({col(0, TypeId::kText)}, {agg("count", {}, true)}, empty).empty());
}

TEST(Aggregate, BooleansAndStringAgg) {
  auto sa = agg("string_agg", {col(3, TypeId::kText), lit(Value::text(","))});
  EXPECT_EQ(aggregate({}, {agg("bool_and", {col(4, TypeId::kBool)}), agg("bool_or", {col(4, TypeId::kBool)}),
                           agg("every", {col(4, TypeId::kBool)}), sa}),
            strs({"f|t|f|p,q,r,s"}));
  sa.order_by = {col(3, TypeId::kText)};
  sa.order_desc = {true};
  EXPECT_EQ(aggregate({}, {sa}), strs({"s,r,q,p"}));
}

TEST(Aggregate, DistinctAndFilter) {
  auto d = agg("count", {x()});
  d.distinct = true;
  auto s = agg("sum", {x()});
  s.distinct = true;
  auto f = agg("count", {}, true);
  f.filter = binop(">", x(), lit(Value::int4(1)));
  EXPECT_EQ(aggregate({}, {d, s, f}), strs({"3|8|3"}));
}

TEST(Aggregate, AverageScalesLikePostgres) {
  auto in = values({{Value::numeric("1.50")}, {Value::numeric("2")}});
  auto n = col(0, TypeId::kNumeric);
  EXPECT_EQ(aggregate({}, {agg("sum", {n}), agg("avg", {n})}, in), strs({"3.50|1.7500000000000000"}));
  auto fl = values({{Value::float4(1)}, {Value::float4(2.5)}});
  EXPECT_EQ(aggregate({}, {agg("avg", {col(0, TypeId::kFloat4)}), agg("sum", {col(0, TypeId::kFloat4)})}, fl),
            strs({"1.75|3.5"}));
  auto iv = values({{value_from_text("1 day", Type(TypeId::kInterval))},
                    {value_from_text("2 days 3 hours", Type(TypeId::kInterval))}});
  EXPECT_EQ(aggregate({}, {agg("avg", {col(0, TypeId::kInterval)})}, iv), strs({"1 day 13:30:00"}));
}

TEST(Aggregate, IntegerSumsDoNotOverflow) {
  auto big = values({{Value::int8(INT64_MAX)}, {Value::int8(1)}});
  auto c8 = col(0, TypeId::kInt8);
  EXPECT_EQ(aggregate({}, {agg("sum", {c8}), agg("avg", {c8})}, big), strs({"9223372036854775808|4611686018427387904"}));
  auto i4 = values({{Value::int4(INT32_MAX)}, {Value::int4(1)}});
  EXPECT_EQ(aggregate({}, {agg("sum", {col(0, TypeId::kInt4)})}, i4), strs({"2147483648"}));
  auto i2 = values({{Value::int2(1)}, {Value::int2(2)}, {Value::int2(2)}});
  EXPECT_EQ(aggregate({}, {agg("avg", {col(0, TypeId::kInt2)})}, i2), strs({"1.6666666666666667"}));
}

TEST(Aggregate, MinMaxOfVarcharIsText) {
  auto in = values({{Value::text("b", TypeId::kVarchar)}, {Value::text("a", TypeId::kVarchar)}});
  auto m = agg("min", {col(0, TypeId::kVarchar)});
  EXPECT_EQ(m.result.id, TypeId::kText);
  EXPECT_EQ(aggregate({}, {m, agg("max", {col(0, TypeId::kVarchar)})}, in), strs({"a|b"}));
}

std::string resolve(const std::string& name, std::vector<TypeId> ids, bool star = false) {
  std::vector<Type> types;
  for (TypeId t : ids) types.push_back(Type(t));
  return error_of([&] {
    AggregateSignature s = resolve_aggregate(name, types, star);
    throw DbError("00000", type_display_name(s.result));
  });
}

TEST(ResolveAggregate, ResultTypesAndErrors) {
  using T = TypeId;
  EXPECT_EQ(resolve("count", {}, true), "00000 bigint");
  EXPECT_EQ(resolve("sum", {T::kInt4}), "00000 bigint");
  EXPECT_EQ(resolve("sum", {T::kInt2}), "00000 bigint");
  EXPECT_EQ(resolve("sum", {T::kInt8}), "00000 numeric");
  EXPECT_EQ(resolve("sum", {T::kFloat4}), "00000 real");
  EXPECT_EQ(resolve("sum", {T::kInterval}), "00000 interval");
  EXPECT_EQ(resolve("avg", {T::kInt4}), "00000 numeric");
  EXPECT_EQ(resolve("avg", {T::kFloat4}), "00000 double precision");
  EXPECT_EQ(resolve("min", {T::kBpchar}), "00000 character");
  EXPECT_EQ(resolve("max", {T::kUnknown}), "00000 text");
  EXPECT_EQ(resolve("bool_and", {T::kUnknown}), "00000 boolean");
  EXPECT_EQ(resolve("string_agg", {T::kUnknown, T::kUnknown}), "00000 text");
  EXPECT_EQ(resolve("sum", {T::kText}), "42883 function sum(text) does not exist");
  EXPECT_EQ(resolve("sum", {T::kVarchar}), "42883 function sum(character varying) does not exist");
  EXPECT_EQ(resolve("min", {T::kBool}), "42883 function min(boolean) does not exist");
  EXPECT_EQ(resolve("count", {T::kInt4, T::kInt4}), "42883 function count(integer, integer) does not exist");
  EXPECT_EQ(resolve("string_agg", {T::kInt4, T::kUnknown}),
            "42883 function string_agg(integer, unknown) does not exist");
  EXPECT_EQ(resolve("sum", {T::kUnknown}), "42725 function sum(unknown) is not unique");
  EXPECT_EQ(resolve("array_agg", {T::kInt4}), "00000 integer[]");
  EXPECT_EQ(resolve("array_agg", {T::kVarchar}), "00000 text[]");
  EXPECT_EQ(resolve("array_agg", {T::kNumeric}), "0A000 arrays of type numeric are not supported");
  try {
    resolve_aggregate("avg", {Type(T::kText)}, false);
  } catch (const DbError& e) {
    EXPECT_EQ(e.fields().hint,
              "No function matches the given name and argument types. You might need to add explicit type casts.");
  }
}

}  // namespace
}  // namespace upsertdb
