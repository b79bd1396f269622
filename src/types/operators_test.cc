// Operator resolution and evaluation; expectations from PostgreSQL 15 (psql).
#include "types/operators.h"

#include <gtest/gtest.h>

#include "types/test_util.h"

namespace upsertdb {
namespace {

using testing::error_of;

// Resolves `l op r`, casts the inputs as the binder would, evaluates.
std::string eval(const Value& l, std::string_view op, const Value& r, Type* result = nullptr) {
  ResolvedBinaryOp o = resolve_binary_operator(op, Type(l.type()), Type(r.type()));
  if (result) *result = o.result;
  Value lv = cast_value(l, o.left, CastContext::kImplicit);
  Value rv = cast_value(r, o.right, CastContext::kImplicit);
  Value out = o.fn(lv, rv);
  return out.is_null() ? "NULL" : value_to_text(out);
}

std::string eval1(std::string_view op, const Value& a) {
  ResolvedUnaryOp o = resolve_unary_operator(op, Type(a.type()));
  return value_to_text(o.fn(cast_value(a, o.arg, CastContext::kImplicit)));
}

Value lit(const char* s) { return Value::unknown_literal(s); }
Value typed(const char* s, TypeId t) { return value_from_text(s, Type(t)); }

TEST(OperatorsTest, ResultTypes) {
  auto result_of = [](TypeId l, const char* op, TypeId r) {
    return type_display_name(resolve_binary_operator(op, Type(l), Type(r)).result);
  };
  EXPECT_EQ(result_of(TypeId::kInt2, "+", TypeId::kInt2), "smallint");
  EXPECT_EQ(result_of(TypeId::kInt2, "+", TypeId::kInt4), "integer");
  EXPECT_EQ(result_of(TypeId::kInt4, "+", TypeId::kInt8), "bigint");
  EXPECT_EQ(result_of(TypeId::kInt4, "+", TypeId::kNumeric), "numeric");
  EXPECT_EQ(result_of(TypeId::kInt4, "*", TypeId::kFloat8), "double precision");
  EXPECT_EQ(result_of(TypeId::kNumeric, "+", TypeId::kFloat8), "double precision");
  EXPECT_EQ(result_of(TypeId::kInt4, "^", TypeId::kInt4), "double precision");
  EXPECT_EQ(result_of(TypeId::kFloat4, "+", TypeId::kInt4), "double precision");
  EXPECT_EQ(result_of(TypeId::kInt2, "=", TypeId::kInt4), "boolean");
  EXPECT_EQ(result_of(TypeId::kInt4, "=", TypeId::kInt8), "boolean");
  EXPECT_EQ(result_of(TypeId::kUnknown, "=", TypeId::kUnknown), "boolean");
  EXPECT_EQ(result_of(TypeId::kTimestampTz, "+", TypeId::kUnknown), "timestamp with time zone");
  EXPECT_EQ(result_of(TypeId::kDate, "-", TypeId::kDate), "integer");
  EXPECT_EQ(result_of(TypeId::kDate, "+", TypeId::kInterval), "timestamp without time zone");
  EXPECT_EQ(result_of(TypeId::kJsonb, "->", TypeId::kUnknown), "jsonb");
  EXPECT_EQ(result_of(TypeId::kVarchar, "||", TypeId::kBpchar), "text");
}

TEST(OperatorsTest, Errors) {
  std::string hint;
  EXPECT_EQ(error_of([] { resolve_binary_operator("+", Type(TypeId::kInt4), Type(TypeId::kText)); }, nullptr, &hint),
            "42883 operator does not exist: integer + text");
  EXPECT_EQ(hint, "No operator matches the given name and argument types. You might need to add explicit type casts.");
  EXPECT_EQ(error_of([] { resolve_binary_operator("||", Type(TypeId::kInt4), Type(TypeId::kInt4)); }),
            "42883 operator does not exist: integer || integer");
  EXPECT_EQ(error_of([] { resolve_binary_operator("+", Type(TypeId::kDate), Type(TypeId::kUnknown)); }, nullptr, &hint),
            "42725 operator is not unique: date + unknown");
  EXPECT_EQ(hint, "Could not choose a best candidate operator. You might need to add explicit type casts.");
  EXPECT_EQ(error_of([] { resolve_unary_operator("-", Type(TypeId::kText)); }, nullptr, &hint),
            "42883 operator does not exist: - text");
  EXPECT_EQ(hint, "No operator matches the given name and argument type. You might need to add an explicit type cast.");
}

TEST(OperatorsTest, IntegerArithmetic) {
  EXPECT_EQ(eval(Value::int4(7), "/", Value::int4(2)), "3");
  EXPECT_EQ(eval(Value::int4(-7), "%", Value::int4(2)), "-1");
  EXPECT_EQ(error_of([] { eval(Value::int2(32767), "+", Value::int2(1)); }), "22003 smallint out of range");
  EXPECT_EQ(error_of([] { eval(Value::int4(INT32_MIN), "/", Value::int4(-1)); }), "22003 integer out of range");
  EXPECT_EQ(error_of([] { eval(Value::int8(INT64_MAX), "+", Value::int8(1)); }), "22003 bigint out of range");
  EXPECT_EQ(error_of([] { eval(Value::int4(5), "%", Value::int4(0)); }), "22012 division by zero");
  EXPECT_EQ(eval(Value::int2(1), "<<", Value::int4(20)), "0");
  EXPECT_EQ(eval(Value::int4(1), "<<", Value::int4(33)), "2");
  EXPECT_EQ(eval(Value::int8(1), "<<", Value::int4(65)), "2");
  EXPECT_EQ(eval(Value::int4(6), "#", Value::int4(3)), "5");
  EXPECT_EQ(eval1("~", Value::int4(5)), "-6");
  EXPECT_EQ(eval1("@", Value::int4(-5)), "5");
  EXPECT_EQ(eval1("|/", Value::int4(16)), "4");
  EXPECT_EQ(eval1("||/", Value::int4(27)), "3.0000000000000004");   // glibc cbrt, as PostgreSQL prints it
  EXPECT_EQ(eval(Value::int4(2), "^", Value::int4(3)), "8");
  EXPECT_EQ(eval(Value::int4(1), "+", lit("2")), "3");
}

TEST(OperatorsTest, FloatsAndNumeric) {
  EXPECT_EQ(eval(Value::float8(0.1), "+", Value::float8(0.2)), "0.30000000000000004");
  EXPECT_EQ(error_of([] { eval(Value::float8(1e300), "*", Value::float8(1e300)); }), "22003 value out of range: overflow");
  EXPECT_EQ(error_of([] { eval(Value::float8(1), "/", Value::float8(0)); }), "22012 division by zero");
  EXPECT_EQ(eval(Value::int4(1), "/", Value::numeric("3")), "0.33333333333333333333");
  EXPECT_EQ(eval(Value::numeric("1.000"), "=", Value::int4(1)), "t");
  EXPECT_EQ(eval(Value::numeric("2.5"), "^", Value::int4(2)), "6.2500000000000000");
}

TEST(OperatorsTest, Strings) {
  EXPECT_EQ(eval(lit("a"), "||", Value::int4(1)), "a1");
  EXPECT_EQ(eval(Value::int4(1), "||", lit("a")), "1a");
  EXPECT_EQ(eval(lit("x"), "||", Value::boolean(true)), "xtrue");
  EXPECT_EQ(eval(Value::boolean(false), "||", Value::text("x")), "falsex");
  EXPECT_EQ(eval(Value::text("ab ", TypeId::kBpchar), "||", lit("c")), "abc");
  EXPECT_EQ(eval(Value::text("ab  ", TypeId::kBpchar), "~~", lit("ab")), "f");
  EXPECT_EQ(eval(Value::text("ab  ", TypeId::kBpchar), "~~", lit("ab  ")), "t");
  EXPECT_EQ(eval(lit("a%"), "~~", lit("a\\%")), "t");
  EXPECT_EQ(eval(lit("ABC"), "~~*", lit("a_c")), "t");
  EXPECT_EQ(error_of([] { eval(lit("abc"), "~~", lit("a\\")); }), "22025 LIKE pattern must not end with escape character");
  EXPECT_EQ(eval(lit("abc"), "~", lit("\\d")), "f");
  EXPECT_EQ(eval(lit("a1"), "~", lit("\\d")), "t");
  EXPECT_EQ(eval(lit("a_b"), "~", lit("^\\w+$")), "t");
  EXPECT_EQ(eval(lit("1 2"), "~", lit("^[\\d ]+$")), "t");
  EXPECT_EQ(eval(lit("ABC"), "~*", lit("^abc$")), "t");
  EXPECT_EQ(eval(lit("abc"), "~*", lit("^A[B-C]+$")), "t");
  EXPECT_EQ(eval(lit("ABC"), "~*", lit("^\\w+$")), "t");
  EXPECT_EQ(eval(lit("1"), "~*", lit("^\\D$")), "f");
  EXPECT_EQ(eval(lit("É"), "~*", lit("é")), "f");   // the C locale folds ASCII only
  // Non-capturing groups, as similar_to_escape() emits them.
  EXPECT_EQ(eval(lit("abc"), "~", lit("^(?:(?:a|b).*)$")), "t");
  EXPECT_EQ(eval(lit("xbc"), "~", lit("^(?:(?:a|b).*)$")), "f");
  EXPECT_EQ(eval(lit("abc"), "~", lit("^(?:a){1,1}?(b){1,1}(?:c)$")), "t");
  EXPECT_EQ(eval(lit("(?:"), "~", lit("[(?:]{3}")), "t");
  EXPECT_EQ(eval(lit("bc"), "~", lit("^(?:a){1,1}?(b){1,1}(?:c)$")), "f");
  // UTF-8 characters are single characters; classes stay ASCII as in the C locale.
  EXPECT_EQ(eval(lit("é"), "~", lit("^.$")), "t");
  EXPECT_EQ(eval(lit("éa"), "~", lit("^[^a]a$")), "t");
  EXPECT_EQ(eval(lit("é"), "~", lit("^[[:alpha:]]$")), "f");
  EXPECT_EQ(eval(lit("é"), "~", lit("\\w")), "f");
  EXPECT_EQ(eval(lit("a-b"), "~", lit("^[[:alnum:]-]+$")), "t");
  EXPECT_EQ(eval(lit("["), "~", lit("[[:punct:]]")), "t");
  EXPECT_EQ(error_of([] { eval(lit("x"), "~", lit("[[:foo:]]")); }),
            "2201B invalid regular expression: invalid character class");
  // Non-greedy quantifiers match the same strings as greedy ones.
  EXPECT_EQ(eval(lit("x"), "~", lit("^xa+?$")), "f");
  EXPECT_EQ(eval(lit("xaa"), "~", lit("^xa+?$")), "t");
  EXPECT_EQ(eval(lit("x"), "~", lit("^xa??$")), "t");
  EXPECT_EQ(eval(lit("x?"), "~", lit("^x\\??$")), "t");
  EXPECT_EQ(eval(lit("?"), "~", lit("^[*?]$")), "t");
  EXPECT_EQ(error_of([] { eval(lit("abc"), "~", lit("(")); }),
            "2201B invalid regular expression: parentheses () not balanced");
  EXPECT_EQ(eval(Value::text("ab", TypeId::kBpchar), "=", Value::text("ab  ", TypeId::kBpchar)), "t");
  EXPECT_EQ(eval(Value::text("b"), "<", Value::text("ab")), "f");
  EXPECT_EQ(eval(Value::text("ab"), "<", Value::text("abc")), "t");
}

TEST(OperatorsTest, DateTime) {
  EXPECT_EQ(eval(typed("2024-01-31", TypeId::kDate), "+", typed("1 month", TypeId::kInterval)), "2024-02-29 00:00:00");
  EXPECT_EQ(eval(typed("2024-03-01", TypeId::kDate), "-", typed("2024-01-01", TypeId::kDate)), "60");
  EXPECT_EQ(eval(typed("2024-01-01", TypeId::kDate), "+", Value::int4(1)), "2024-01-02");
  EXPECT_EQ(eval(typed("2024-01-01", TypeId::kDate), "+", typed("10:00", TypeId::kTime)), "2024-01-01 10:00:00");
  EXPECT_EQ(eval(typed("10:00", TypeId::kTime), "+", typed("15 hours", TypeId::kInterval)), "01:00:00");
  EXPECT_EQ(eval(typed("10:00", TypeId::kTime), "-", typed("11:30", TypeId::kTime)), "-01:30:00");
  EXPECT_EQ(eval(typed("1 day", TypeId::kInterval), "*", Value::numeric("1.5")), "1 day 12:00:00");
  EXPECT_EQ(eval(typed("1 mon", TypeId::kInterval), "=", typed("30 days", TypeId::kInterval)), "t");
  EXPECT_EQ(eval(typed("2024-01-02 00:00:00+00", TypeId::kTimestampTz), "+", lit("1 day")), "2024-01-03 00:00:00+00");
  EXPECT_EQ(eval(typed("2024-01-02", TypeId::kDate), "<", typed("2024-01-02 00:00:01", TypeId::kTimestamp)), "t");
}

TEST(OperatorsTest, Json) {
  Value doc = typed("{\"a\": {\"b\": [1, \"x\"]}, \"c\": null}", TypeId::kJsonb);
  EXPECT_EQ(eval(doc, "->", lit("a")), "{\"b\": [1, \"x\"]}");
  EXPECT_EQ(eval(doc, "->>", lit("c")), "NULL");
  EXPECT_EQ(eval(doc, "->>", lit("missing")), "NULL");
  Value arr = typed("[1, \"x\"]", TypeId::kJsonb);
  EXPECT_EQ(eval(arr, "->>", Value::int4(1)), "x");
  EXPECT_EQ(eval(arr, "->", Value::int4(-2)), "1");
  EXPECT_EQ(eval(doc, "@>", lit("{\"a\": {\"b\": [1]}}")), "t");
  EXPECT_EQ(eval(doc, "?", lit("c")), "t");
  EXPECT_EQ(eval(typed("{\"a\": 1}", TypeId::kJsonb), "||", lit("{\"b\": 2, \"a\": 3}")), "{\"a\": 3, \"b\": 2}");
  EXPECT_EQ(eval(typed("[1]", TypeId::kJsonb), "||", lit("2")), "[1, 2]");
}

}  // namespace
}  // namespace upsertdb
