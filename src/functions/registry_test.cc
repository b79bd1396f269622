// Overload resolution against PostgreSQL 15's choices (each expectation was
// checked on a PostgreSQL 15 server with pg_typeof / the error it raises).
#include <gtest/gtest.h>

#include "functions/functions.h"
#include "functions/test_support.h"

namespace upsertdb {
namespace {

using T = TypeId;

std::string result_of(std::string_view name, std::vector<Type> args) {
  return type_display_name(resolve_function(name, args).result);
}

std::string resolve_error(std::string_view name, std::vector<Type> args) {
  try {
    resolve_function(name, args);
  } catch (const DbError& e) {
    return e.sqlstate() + ": " + e.fields().message + " HINT: " + e.fields().hint;
  }
  return "";
}

TEST(FunctionResolution, ExactMatchKeepsIntegerWidth) {
  EXPECT_EQ(result_of("abs", {Type(T::kInt2)}), "smallint");
  EXPECT_EQ(result_of("abs", {Type(T::kInt4)}), "integer");
  EXPECT_EQ(result_of("abs", {Type(T::kNumeric)}), "numeric");
}

TEST(FunctionResolution, ImplicitCastsPreferFloat8) {
  EXPECT_EQ(result_of("round", {Type(T::kInt4)}), "double precision");
  EXPECT_EQ(result_of("sqrt", {Type(T::kInt4)}), "double precision");
  EXPECT_EQ(result_of("trunc", {Type(T::kFloat4)}), "double precision");
  EXPECT_EQ(result_of("power", {Type(T::kInt4), Type(T::kInt4)}), "double precision");
  EXPECT_EQ(result_of("power", {Type(T::kNumeric), Type(T::kInt4)}), "numeric");
  EXPECT_EQ(result_of("log", {Type(T::kInt4), Type(T::kInt4)}), "numeric");
}

TEST(FunctionResolution, MostExactMatchesWin) {
  ResolvedFunction f = resolve_function("mod", {Type(T::kInt2), Type(T::kInt4)});
  EXPECT_EQ(type_display_name(f.result), "integer");
  EXPECT_EQ(f.arg_types[0], Type(T::kInt4));
  EXPECT_EQ(result_of("mod", {Type(T::kInt4), Type(T::kNumeric)}), "numeric");
}

TEST(FunctionResolution, UnknownLiteralsAdapt) {
  EXPECT_EQ(result_of("round", {Type(T::kUnknown)}), "double precision");
  EXPECT_EQ(result_of("abs", {Type(T::kUnknown)}), "double precision");
  ResolvedFunction f = resolve_function("lpad", {Type(T::kUnknown), Type(T::kUnknown)});
  EXPECT_EQ(f.arg_types[0], Type(T::kText));
  EXPECT_EQ(f.arg_types[1], Type(T::kInt4));
  EXPECT_EQ(result_of("quote_literal", {Type(T::kInt4)}), "text");
  EXPECT_EQ(result_of("position", {Type(T::kUnknown), Type(T::kUnknown)}), "integer");
}

TEST(FunctionResolution, VarcharAndTypmodsPassThroughStringFunctions) {
  ResolvedFunction f = resolve_function("left", {Type(T::kVarchar, 10), Type(T::kInt4)});
  EXPECT_EQ(f.arg_types[0], Type(T::kText));
  ResolvedFunction g = resolve_function("round", {Type(T::kNumeric, Type::numeric_typmod(10, 2)), Type(T::kInt4)});
  EXPECT_EQ(g.arg_types[0], Type(T::kNumeric, Type::numeric_typmod(10, 2)));
}

TEST(FunctionResolution, NoMatchIs42883WithHint) {
  const std::string hint = " HINT: No function matches the given name and argument types. You might need to add explicit type casts.";
  EXPECT_EQ(resolve_error("lower", {Type(T::kInt4)}), "42883: function lower(integer) does not exist" + hint);
  EXPECT_EQ(resolve_error("substr", {Type(T::kUnknown), Type(T::kInt8)}),
            "42883: function substr(unknown, bigint) does not exist" + hint);
  EXPECT_EQ(resolve_error("ltrim", {Type(T::kText), Type(T::kInt4)}),
            "42883: function ltrim(text, integer) does not exist" + hint);
  EXPECT_EQ(resolve_error("concat", {}), "42883: function concat() does not exist" + hint);
  EXPECT_EQ(resolve_error("no_such_fn", {Type(T::kVarchar, 3)}),
            "42883: function no_such_fn(character varying) does not exist" + hint);
}

TEST(FunctionResolution, AmbiguityIs42725WithHint) {
  const std::string hint = " HINT: Could not choose a best candidate function. You might need to add explicit type casts.";
  EXPECT_EQ(resolve_error("to_hex", {Type(T::kUnknown)}), "42725: function to_hex(unknown) is not unique" + hint);
  EXPECT_EQ(resolve_error("gcd", {Type(T::kInt2), Type(T::kInt2)}),
            "42725: function gcd(smallint, smallint) is not unique" + hint);
}

TEST(FunctionResolution, VariadicAnyKeepsArgumentTypes) {
  ResolvedFunction f = resolve_function("concat", {Type(T::kUnknown), Type(T::kInt4), Type(T::kBool)});
  ASSERT_EQ(f.arg_types.size(), 3u);
  EXPECT_EQ(f.arg_types[0], Type(T::kUnknown));
  EXPECT_EQ(f.arg_types[1], Type(T::kInt4));
  EXPECT_FALSE(f.strict);
  ResolvedFunction ws = resolve_function("concat_ws", {Type(T::kUnknown), Type(T::kInt4)});
  EXPECT_EQ(ws.arg_types[0], Type(T::kText));
}

TEST(FunctionResolution, Volatility) {
  EXPECT_TRUE(resolve_function("random", {}).is_volatile);
  EXPECT_EQ(resolve_function("random", {}).volatility, 'v');
  EXPECT_FALSE(resolve_function("abs", {Type(T::kInt4)}).is_volatile);
  EXPECT_EQ(resolve_function("abs", {Type(T::kInt4)}).volatility, 'i');
}

TEST(FunctionResolution, SchemaPrefixAndAggregates) {
  EXPECT_EQ(result_of("pg_catalog.lower", {Type(T::kText)}), "text");
  EXPECT_TRUE(is_aggregate_function("count"));
  EXPECT_TRUE(is_aggregate_function("string_agg"));
  EXPECT_FALSE(is_aggregate_function("lower"));
  EXPECT_TRUE(function_exists("lower"));
  EXPECT_FALSE(function_exists("count"));
}

}  // namespace
}  // namespace upsertdb
