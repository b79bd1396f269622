// Expression translation: one test per ExprKind family, constants (including the
// negative integers libpg_query's JSON loses), type names.
#include <gtest/gtest.h>

#include "sql/parser_test_util.h"

namespace upsertdb {
namespace {

using ast::ConstKind;
using ast::ExprKind;
using testing::parse_expr;

struct ExprTest : ::testing::Test {
  std::unique_ptr<ast::SelectStmt> holder;
  const ast::Expr& e(std::string_view text) { return parse_expr(text, holder); }
};

TEST_F(ExprTest, IntegerConstants) {
  const ast::Expr& x = e("42");
  EXPECT_EQ(x.kind, ExprKind::kConst);
  EXPECT_EQ(x.const_kind, ConstKind::kInteger);
  EXPECT_EQ(x.ival, 42);
  EXPECT_EQ(x.text, "42");
  EXPECT_EQ(x.location, 7);
  EXPECT_EQ(e("0").ival, 0);
}

TEST_F(ExprTest, NegativeIntegersSurviveTheJsonBug) {
  EXPECT_EQ(e("-5").ival, -5);
  EXPECT_EQ(e("-5").const_kind, ConstKind::kInteger);
  EXPECT_EQ(e("- 7").ival, -7);
  EXPECT_EQ(e("- /* c */ 8").ival, -8);
  EXPECT_EQ(e("- - 5").ival, 5);
  EXPECT_EQ(e("- - - 5").ival, -5);
  EXPECT_EQ(e("-2147483647").ival, -2147483647);
  EXPECT_EQ(e("-0").ival, 0);
}

TEST_F(ExprTest, LargeIntegersComeAsFloatText) {
  const ast::Expr& x = e("3000000000");
  EXPECT_EQ(x.const_kind, ConstKind::kFloat);
  EXPECT_EQ(x.text, "3000000000");
  EXPECT_EQ(e("-2147483648").text, "-2147483648");
  EXPECT_EQ(e("-9223372036854775808").text, "-9223372036854775808");
}

TEST_F(ExprTest, OtherConstants) {
  EXPECT_EQ(e("1.5").const_kind, ConstKind::kFloat);
  EXPECT_EQ(e("1.5").text, "1.5");
  EXPECT_EQ(e("-1.5e3").text, "-1.5e3");
  EXPECT_EQ(e("'it''s'").const_kind, ConstKind::kString);
  EXPECT_EQ(e("'it''s'").text, "it's");
  EXPECT_EQ(e("E'a\\nb'").text, "a\nb");
  EXPECT_EQ(e("$$x$$").text, "x");
  EXPECT_EQ(e("true").const_kind, ConstKind::kBool);
  EXPECT_TRUE(e("true").bval);
  EXPECT_FALSE(e("false").bval);
  EXPECT_EQ(e("null").const_kind, ConstKind::kNull);
  EXPECT_EQ(e("b'101'").const_kind, ConstKind::kBitString);
  EXPECT_EQ(e("b'101'").text, "b101");
  EXPECT_EQ(e("x'1F'").text, "x1F");
}

TEST_F(ExprTest, ColumnRefsAndStars) {
  EXPECT_EQ(e("a").names, (std::vector<std::string>{"a"}));
  EXPECT_EQ(e("T.\"Mixed\"").names, (std::vector<std::string>{"t", "Mixed"}));
  EXPECT_EQ(e("s.t.a").names, (std::vector<std::string>{"s", "t", "a"}));
  EXPECT_EQ(e("t.*").names, (std::vector<std::string>{"t", "*"}));
  EXPECT_EQ(e("*").names, (std::vector<std::string>{"*"}));
  EXPECT_EQ(e("*").kind, ExprKind::kColumnRef);
}

TEST_F(ExprTest, Params) {
  EXPECT_EQ(e("$3").kind, ExprKind::kParam);
  EXPECT_EQ(e("$3").param_no, 3);
}

TEST_F(ExprTest, BinaryAndUnaryOperators) {
  const ast::Expr& x = e("a + 1 * b");
  EXPECT_EQ(x.kind, ExprKind::kBinaryOp);
  EXPECT_EQ(x.op, "+");
  EXPECT_EQ(x.location, 9);
  ASSERT_EQ(x.args.size(), 2u);
  EXPECT_EQ(x.args[1]->op, "*");
  const ast::Expr& u = e("-a");
  EXPECT_EQ(u.kind, ExprKind::kUnaryOp);
  EXPECT_EQ(u.op, "-");
  ASSERT_EQ(u.args.size(), 1u);
  EXPECT_EQ(e("|/ 25").op, "|/");
  EXPECT_EQ(e("a operator(pg_catalog.+) b").op, "+");
  EXPECT_EQ(e("a || 'x'").op, "||");
}

TEST_F(ExprTest, LikeFamily) {
  EXPECT_EQ(e("a like 'x'").op, "~~");
  EXPECT_EQ(e("a like 'x'").kind, ExprKind::kBinaryOp);
  EXPECT_EQ(e("a not like 'x'").op, "!~~");
  EXPECT_EQ(e("a ilike 'x'").op, "~~*");
  EXPECT_EQ(e("a not ilike 'x'").op, "!~~*");
}

// SIMILAR TO arrives as `a ~ similar_to_escape(p [, escape])`.
TEST_F(ExprTest, SimilarToBecomesRegexMatch) {
  const ast::Expr& x = e("a similar to 'x%'");
  EXPECT_EQ(x.kind, ExprKind::kBinaryOp);
  EXPECT_EQ(x.op, "~");
  ASSERT_EQ(x.args.size(), 2u);
  const ast::Expr& pattern = *x.args[1];
  EXPECT_EQ(pattern.kind, ExprKind::kFuncCall);
  EXPECT_EQ(pattern.names.back(), "similar_to_escape");
  EXPECT_EQ(pattern.args.size(), 1u);
  const ast::Expr& y = e("a not similar to 'x#%' escape '#'");
  EXPECT_EQ(y.op, "!~");
  EXPECT_EQ(y.args[1]->args.size(), 2u);
}

TEST_F(ExprTest, BooleanConnectives) {
  const ast::Expr& x = e("a and b and c or not d");
  EXPECT_EQ(x.kind, ExprKind::kOr);
  ASSERT_EQ(x.args.size(), 2u);
  EXPECT_EQ(x.args[0]->kind, ExprKind::kAnd);
  EXPECT_EQ(x.args[0]->args.size(), 3u);
  EXPECT_EQ(x.args[1]->kind, ExprKind::kNot);
}

TEST_F(ExprTest, NullAndBooleanTests) {
  EXPECT_EQ(e("a is null").kind, ExprKind::kIsNull);
  EXPECT_EQ(e("a isnull").kind, ExprKind::kIsNull);
  EXPECT_EQ(e("a is not null").kind, ExprKind::kIsNotNull);
  EXPECT_EQ(e("a is true").kind, ExprKind::kBooleanTest);
  EXPECT_EQ(e("a is true").op, "true");
  EXPECT_EQ(e("a is not true").op, "not_true");
  EXPECT_EQ(e("a is false").op, "false");
  EXPECT_EQ(e("a is not false").op, "not_false");
  EXPECT_EQ(e("a is unknown").op, "unknown");
  EXPECT_EQ(e("a is not unknown").op, "not_unknown");
}

TEST_F(ExprTest, DistinctAndNullif) {
  EXPECT_EQ(e("a is distinct from b").kind, ExprKind::kDistinctFrom);
  EXPECT_EQ(e("a is not distinct from b").kind, ExprKind::kNotDistinctFrom);
  const ast::Expr& n = e("nullif(a, b)");
  EXPECT_EQ(n.kind, ExprKind::kNullIf);
  EXPECT_EQ(n.args.size(), 2u);
}

TEST_F(ExprTest, Between) {
  const ast::Expr& x = e("a between 1 and 2");
  EXPECT_EQ(x.kind, ExprKind::kBetween);
  ASSERT_EQ(x.args.size(), 3u);
  EXPECT_FALSE(x.negated);
  EXPECT_FALSE(x.symmetric);
  EXPECT_EQ(x.args[2]->ival, 2);
  EXPECT_TRUE(e("a not between 1 and 2").negated);
  EXPECT_TRUE(e("a between symmetric 2 and 1").symmetric);
  const ast::Expr& y = e("a not between symmetric 2 and 1");
  EXPECT_TRUE(y.negated && y.symmetric);
}

TEST_F(ExprTest, InList) {
  const ast::Expr& x = e("a in (1, 2, 3)");
  EXPECT_EQ(x.kind, ExprKind::kInList);
  EXPECT_EQ(x.op, "=");
  EXPECT_FALSE(x.negated);
  EXPECT_EQ(x.args.size(), 4u);
  const ast::Expr& y = e("a not in (1)");
  EXPECT_EQ(y.op, "<>");
  EXPECT_TRUE(y.negated);
}

TEST_F(ExprTest, AnyAllOverArrays) {
  const ast::Expr& x = e("a = any(array[1, 2])");
  EXPECT_EQ(x.kind, ExprKind::kAnyAll);
  EXPECT_EQ(x.sublink_type, "any");
  EXPECT_EQ(x.op, "=");
  ASSERT_EQ(x.args.size(), 2u);
  EXPECT_EQ(x.args[1]->kind, ExprKind::kArray);
  EXPECT_EQ(e("a < all($1)").sublink_type, "all");
  EXPECT_EQ(e("a = some('{1}')").sublink_type, "any");
}

TEST_F(ExprTest, FunctionCalls) {
  const ast::Expr& c = e("count(*)");
  EXPECT_EQ(c.kind, ExprKind::kFuncCall);
  EXPECT_TRUE(c.agg_star);
  EXPECT_EQ(c.names, (std::vector<std::string>{"count"}));
  EXPECT_TRUE(e("count(distinct a)").agg_distinct);
  const ast::Expr& s = e("string_agg(a, ',' order by b desc nulls first) filter (where c > 0)");
  EXPECT_EQ(s.args.size(), 2u);
  ASSERT_EQ(s.agg_order.size(), 1u);
  EXPECT_TRUE(s.agg_order[0].descending);
  EXPECT_EQ(s.agg_order[0].nulls, 1);
  ASSERT_TRUE(s.agg_filter);
  EXPECT_EQ(s.agg_filter->op, ">");
  EXPECT_TRUE(e("rank() over (order by a)").has_over);
  EXPECT_FALSE(e("lower(a)").has_over);
  EXPECT_TRUE(e("f(variadic array[1])").func_variadic);
  EXPECT_EQ(e("pg_catalog.lower(a)").names, (std::vector<std::string>{"pg_catalog", "lower"}));
}

TEST_F(ExprTest, SqlSyntaxFunctionsBecomeCalls) {
  EXPECT_EQ(e("extract(year from d)").names, (std::vector<std::string>{"pg_catalog", "extract"}));
  EXPECT_EQ(e("substring(s from 1 for 2)").names.back(), "substring");
  EXPECT_EQ(e("trim(both 'x' from s)").names.back(), "btrim");
}

TEST_F(ExprTest, Casts) {
  const ast::Expr& x = e("a::int");
  EXPECT_EQ(x.kind, ExprKind::kCast);
  EXPECT_EQ(x.type_name.names, (std::vector<std::string>{"pg_catalog", "int4"}));
  EXPECT_FALSE(x.type_name.is_array);
  const ast::Expr& v = e("cast(a as varchar(10))");
  EXPECT_EQ(v.type_name.typmods, (std::vector<int32_t>{10}));
  EXPECT_EQ(e("numeric(10,2) '1.5'").type_name.typmods, (std::vector<int32_t>{10, 2}));
  EXPECT_EQ(e("numeric(10,2) '1.5'").args[0]->text, "1.5");
  EXPECT_TRUE(e("a::text[]").type_name.is_array);
  EXPECT_TRUE(e("a::int[3][]").type_name.is_array);
  EXPECT_EQ(e("a::mytype").type_name.names, (std::vector<std::string>{"mytype"}));
  EXPECT_EQ(e("a::timestamp(3) with time zone").type_name.names.back(), "timestamptz");
  EXPECT_EQ(e("a::timestamp(3) with time zone").type_name.typmods, (std::vector<int32_t>{3}));
  EXPECT_EQ(e("date '2020-01-01'").type_name.names.back(), "date");
}

TEST_F(ExprTest, CaseCoalesceGreatestLeast) {
  const ast::Expr& c = e("case a when 1 then 'x' when 2 then 'y' else 'z' end");
  EXPECT_EQ(c.kind, ExprKind::kCase);
  ASSERT_TRUE(c.case_arg);
  EXPECT_EQ(c.args.size(), 4u);
  ASSERT_TRUE(c.case_default);
  EXPECT_EQ(c.case_default->text, "z");
  const ast::Expr& s = e("case when a then 1 end");
  EXPECT_FALSE(s.case_arg);
  EXPECT_FALSE(s.case_default);
  EXPECT_EQ(s.args.size(), 2u);
  EXPECT_EQ(e("coalesce(a, b, c)").kind, ExprKind::kCoalesce);
  EXPECT_EQ(e("coalesce(a, b, c)").args.size(), 3u);
  EXPECT_EQ(e("greatest(1, 2)").kind, ExprKind::kGreatest);
  EXPECT_EQ(e("least(1, 2)").kind, ExprKind::kLeast);
}

TEST_F(ExprTest, SubLinks) {
  const ast::Expr& ex = e("exists (select 1)");
  EXPECT_EQ(ex.kind, ExprKind::kSubLink);
  EXPECT_EQ(ex.sublink_type, "exists");
  ASSERT_TRUE(ex.subquery);
  EXPECT_TRUE(ex.args.empty());
  EXPECT_EQ(e("(select 1)").sublink_type, "expr");
  const ast::Expr& in = e("a in (select b from t)");
  EXPECT_EQ(in.sublink_type, "any");
  EXPECT_EQ(in.op, "=");
  ASSERT_EQ(in.args.size(), 1u);
  EXPECT_EQ(in.subquery->from.size(), 1u);
  const ast::Expr& all = e("a < all (select 1)");
  EXPECT_EQ(all.sublink_type, "all");
  EXPECT_EQ(all.op, "<");
  EXPECT_EQ(e("a <> any (select 1)").op, "<>");
  EXPECT_EQ(e("array(select 1)").sublink_type, "array");
}

TEST_F(ExprTest, RowsArraysDefaultCollate) {
  EXPECT_EQ(e("row(1, 2)").kind, ExprKind::kRow);
  EXPECT_EQ(e("(1, 2)").kind, ExprKind::kRow);
  EXPECT_EQ(e("(1, 2)").args.size(), 2u);
  const ast::Expr& arr = e("array[[1, 2], [3, 4]]");
  EXPECT_EQ(arr.kind, ExprKind::kArray);
  ASSERT_EQ(arr.args.size(), 2u);
  EXPECT_EQ(arr.args[0]->kind, ExprKind::kArray);
  const ast::Expr& c = e("a collate \"C\"");
  EXPECT_EQ(c.kind, ExprKind::kCollate);
  EXPECT_EQ(c.names, (std::vector<std::string>{"C"}));
  EXPECT_EQ(c.args.size(), 1u);
}

TEST_F(ExprTest, SqlValueFunctions) {
  EXPECT_EQ(e("current_date").kind, ExprKind::kSqlValue);
  const char* kCases[][2] = {
      {"current_date", "current_date"},         {"current_time", "current_time"},
      {"current_time(2)", "current_time"},      {"current_timestamp", "current_timestamp"},
      {"current_timestamp(3)", "current_timestamp"}, {"localtime", "localtime"},
      {"localtimestamp(1)", "localtimestamp"},  {"current_role", "current_role"},
      {"current_user", "current_user"},         {"user", "user"},
      {"session_user", "session_user"},         {"current_catalog", "current_catalog"},
      {"current_schema", "current_schema"},
  };
  for (auto& c : kCases) EXPECT_EQ(e(c[0]).op, c[1]) << c[0];
}

TEST_F(ExprTest, FieldSelection) {
  const ast::Expr& x = e("(r).f");
  EXPECT_EQ(x.kind, ExprKind::kIndirection);
  EXPECT_EQ(x.names, (std::vector<std::string>{"f"}));
  ASSERT_EQ(x.args.size(), 1u);
  EXPECT_EQ(x.args[0]->names, (std::vector<std::string>{"r"}));
  EXPECT_EQ(e("(r).*").names, (std::vector<std::string>{"*"}));
}

TEST_F(ExprTest, TypmodsReadAsInt4LikePostgres) {
  EXPECT_EQ(e("1::numeric('10')").type_name.typmods, (std::vector<int32_t>{10}));
  ErrorFields err = testing::parse_error("select 1::numeric(3000000000)");
  EXPECT_EQ(err.sqlstate, "22003");
  EXPECT_EQ(err.message, "value \"3000000000\" is out of range for type integer");
  EXPECT_EQ(err.position, 11);
  err = testing::parse_error("select 1::numeric('a')");
  EXPECT_EQ(err.sqlstate, "22P02");
  EXPECT_EQ(err.message, "invalid input syntax for type integer: \"a\"");
  err = testing::parse_error("select 1::numeric(a)");
  EXPECT_EQ(err.message, "invalid input syntax for type integer: \"a\"");
  err = testing::parse_error("select 1::numeric(1 + 1)");
  EXPECT_EQ(err.sqlstate, "42601");
  EXPECT_EQ(err.message, "type modifiers must be simple constants or identifiers");
  EXPECT_EQ(err.position, 11);
}

}  // namespace
}  // namespace upsertdb
