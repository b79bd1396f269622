// JSON functions; expected results were taken from PostgreSQL 15 (TimeZone UTC).
#include <gtest/gtest.h>

#include <cmath>

#include "functions/test_support.h"

namespace upsertdb {
namespace {

using fn_test::error_of;
using fn_test::eval;
using fn_test::lit;

class JsonFunctions : public ::testing::Test {
 protected:
  fn_test::FakeContext ctx;
  std::string e(const std::string& name, std::vector<Value> args) { return eval(ctx, name, std::move(args)); }
  std::string err(const std::string& name, std::vector<Value> args) { return error_of(ctx, name, std::move(args)); }
  static Value json(const char* s) { return value_from_text(s, Type(TypeId::kJson)); }
  static Value jsonb(const char* s) { return value_from_text(s, Type(TypeId::kJsonb)); }
};

TEST_F(JsonFunctions, ToJson) {
  EXPECT_EQ(e("to_json", {Value::text("ab\"c")}), "\"ab\\\"c\"");
  EXPECT_EQ(e("to_json", {Value::numeric("1.50")}), "1.50");
  EXPECT_EQ(e("to_json", {Value::boolean(true)}), "true");
  EXPECT_EQ(e("to_json", {value_from_text("2026-11-23 10:31:58.805366", Type(TypeId::kTimestamp))}),
            "\"2026-11-23T10:31:58.805366\"");
  EXPECT_EQ(e("to_jsonb", {value_from_text("2020-01-01", Type(TypeId::kDate))}), "\"2020-01-01\"");
  EXPECT_EQ(e("to_json", {value_from_text("1 day", Type(TypeId::kInterval))}), "\"1 day\"");
  EXPECT_EQ(e("to_jsonb", {json("{\"b\":1, \"a\":2}")}), "{\"a\": 2, \"b\": 1}");
  EXPECT_EQ(e("to_json", {Value::text(" x ", TypeId::kBpchar)}), "\" x \"");
  EXPECT_EQ(e("to_json", {Value::numeric("NaN")}), "\"NaN\"");
  EXPECT_EQ(e("to_json", {Value::float8(INFINITY)}), "\"Infinity\"");
  EXPECT_EQ(e("to_json", {Value::float8(1.5e300)}), "1.5e+300");
  EXPECT_EQ(e("to_jsonb", {Value::float8(1e-7)}), "0.0000001");
  EXPECT_EQ(err("to_json", {lit("abc")}), "42804: could not determine polymorphic type because input has type unknown");
}

TEST_F(JsonFunctions, TypeofAndLength) {
  EXPECT_EQ(e("json_typeof", {lit("[1]")}), "array");
  EXPECT_EQ(e("jsonb_typeof", {lit("{\"a\":1}")}), "object");
  EXPECT_EQ(e("json_typeof", {lit("null")}), "null");
  EXPECT_EQ(e("jsonb_typeof", {lit("1.5")}), "number");
  EXPECT_EQ(e("json_typeof", {lit(" \"x\"")}), "string");
  EXPECT_EQ(e("jsonb_typeof", {lit("true")}), "boolean");
  EXPECT_EQ(e("jsonb_array_length", {lit("[1,2,[3]]")}), "3");
  EXPECT_EQ(e("json_array_length", {lit("[]")}), "0");
  EXPECT_EQ(err("jsonb_array_length", {lit("{}")}), "22023: cannot get array length of a non-array");
}

TEST_F(JsonFunctions, BuildObjectAndArray) {
  Value null = Value::null(TypeId::kUnknown);
  EXPECT_EQ(e("json_build_object", {lit("a"), Value::int4(1), lit("b"), lit("x"), lit("c"), null, lit("d"),
                                    Value::boolean(true), lit("e"), json("{\"x\":1}")}),
            "{\"a\" : 1, \"b\" : \"x\", \"c\" : null, \"d\" : true, \"e\" : {\"x\":1}}");
  EXPECT_EQ(e("jsonb_build_object", {lit("b"), Value::int4(1), lit("a"), Value::numeric("2.50"), lit("a"), Value::int4(3)}),
            "{\"a\": 3, \"b\": 1}");
  EXPECT_EQ(e("json_build_object", {Value::int4(1), Value::int4(2)}), "{\"1\" : 2}");
  EXPECT_EQ(err("json_build_object", {lit("a")}), "22023: argument list must have even number of elements");
  EXPECT_EQ(err("json_build_object", {null, Value::int4(1)}), "22023: argument 1 cannot be null");
  EXPECT_EQ(e("json_build_array", {Value::int4(1), lit("a"), null, jsonb("[1]")}), "[1, \"a\", null, [1]]");
  EXPECT_EQ(e("jsonb_build_array", {Value::int4(1), lit("a"), null, value_from_text("2026-11-23", Type(TypeId::kDate))}),
            "[1, \"a\", null, \"2026-11-23\"]");
  EXPECT_EQ(e("json_build_array", {}), "[]");
  EXPECT_EQ(e("json_build_object", {}), "{}");
}

TEST_F(JsonFunctions, Pretty) {
  EXPECT_EQ(e("jsonb_pretty", {lit("{\"a\":[1,2,{\"b\":null}],\"c\":{}}")}),
            "{\n    \"a\": [\n        1,\n        2,\n        {\n            \"b\": null\n        }\n    ],\n"
            "    \"c\": {\n    }\n}");
}

}  // namespace
}  // namespace upsertdb
