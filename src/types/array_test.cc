// Expected outputs and error texts were taken from PostgreSQL 15 (psql).
#include "types/array.h"

#include <gtest/gtest.h>

#include "types/operators.h"
#include "types/test_util.h"

namespace upsertdb {
namespace {

using testing::error_of;
using testing::io;

const Type kInt4s(TypeId::kInt4Array);
const Type kTexts(TypeId::kTextArray);

TEST(ArrayTest, TextRoundTrips) {
  EXPECT_EQ(io("{1,2,3}", kInt4s), "{1,2,3}");
  EXPECT_EQ(io(" { 1 , 2 } ", kInt4s), "{1,2}");
  EXPECT_EQ(io("{}", kInt4s), "{}");
  EXPECT_EQ(io("{NULL,1,null}", kInt4s), "{NULL,1,NULL}");
  EXPECT_EQ(io("[0:1]={1,2}", kInt4s), "[0:1]={1,2}");
  EXPECT_EQ(io("[1:2]={1,2}", kInt4s), "{1,2}");
  EXPECT_EQ(io("{a,\"b\"}", kTexts), "{a,b}");
  EXPECT_EQ(io("{\"\"}", kTexts), "{\"\"}");
  EXPECT_EQ(io("{ \"a\" }", kTexts), "{a}");
  EXPECT_EQ(io("{ a b }", kTexts), "{\"a b\"}");
  EXPECT_EQ(io("{\"NULL\",NULL}", kTexts), "{\"NULL\",NULL}");
  EXPECT_EQ(io("{\"x\\\"y\",\"x\\\\y\",\"{\",a\\,b}", kTexts), "{\"x\\\"y\",\"x\\\\y\",\"{\",\"a,b\"}");
  EXPECT_EQ(io("{-32768,32767}", Type(TypeId::kInt2Array)), "{-32768,32767}");
  EXPECT_EQ(io("{0,4294967295}", Type(TypeId::kOidArray)), "{0,4294967295}");
  EXPECT_EQ(io("{true,f,NULL}", Type(TypeId::kBoolArray)), "{t,f,NULL}");
}

TEST(ArrayTest, BuiltArraysQuoteLikeArrayOut) {
  Value a = make_array(TypeId::kTextArray, {Value::text("a"), Value::text("b c"), Value::null(TypeId::kText),
                                            Value::text("NULL"), Value::text(""), Value::text("x\"y"),
                                            Value::text("x\\y"), Value::text("{"), Value::text("null")});
  EXPECT_EQ(value_to_text(a), "{a,\"b c\",NULL,\"NULL\",\"\",\"x\\\"y\",\"x\\\\y\",\"{\",\"null\"}");
  ArrayContents c = array_contents(a);
  EXPECT_EQ(c.lower, 1);
  ASSERT_EQ(c.elements.size(), 9u);
  EXPECT_TRUE(c.elements[2].is_null());
  EXPECT_EQ(c.elements[5].as_str(), "x\"y");
}

TEST(ArrayTest, MalformedLiterals) {
  std::string detail;
  EXPECT_EQ(error_of([] { io("x", kInt4s); }, &detail), "22P02 malformed array literal: \"x\"");
  EXPECT_EQ(detail, "Array value must start with \"{\" or dimension information.");
  EXPECT_EQ(error_of([] { io("{1,2", kInt4s); }, &detail), "22P02 malformed array literal: \"{1,2\"");
  EXPECT_EQ(detail, "Unexpected end of input.");
  EXPECT_EQ(error_of([] { io("{1,2}x", kInt4s); }, &detail), "22P02 malformed array literal: \"{1,2}x\"");
  EXPECT_EQ(detail, "Junk after closing right brace.");
  EXPECT_EQ(error_of([] { io("{1,,2}", kInt4s); }, &detail), "22P02 malformed array literal: \"{1,,2}\"");
  EXPECT_EQ(detail, "Unexpected \",\" character.");
  EXPECT_EQ(error_of([] { io("{\"a\"b}", kTexts); }, &detail), "22P02 malformed array literal: \"{\"a\"b}\"");
  EXPECT_EQ(detail, "Unexpected array element.");
  EXPECT_EQ(error_of([] { io("[0:2]={1,2}", kInt4s); }, &detail), "22P02 malformed array literal: \"[0:2]={1,2}\"");
  EXPECT_EQ(detail, "Specified array dimensions do not match array contents.");
  EXPECT_EQ(error_of([] { io("{1,a}", kInt4s); }), "22P02 invalid input syntax for type integer: \"a\"");
  EXPECT_EQ(error_of([] { io("{{1},{2}}", kInt4s); }), "0A000 multidimensional arrays are not supported");
}

TEST(ArrayTest, Vectors) {
  EXPECT_EQ(io("1 2 3", Type(TypeId::kInt2Vector)), "1 2 3");
  EXPECT_EQ(io("", Type(TypeId::kInt2Vector)), "");
  EXPECT_EQ(io(" 23  25 ", Type(TypeId::kOidVector)), "23 25");
  EXPECT_EQ(error_of([] { io("{1,2}", Type(TypeId::kInt2Vector)); }),
            "22P02 invalid input syntax for type smallint: \"{1,2}\"");
  // int2vector -> int2[] keeps the lower bound 0, as PostgreSQL's binary-coercible cast.
  Value v = value_from_text("1 2", Type(TypeId::kInt2Vector));
  Value a = cast_value(v, Type(TypeId::kInt2Array), CastContext::kImplicit);
  EXPECT_EQ(value_to_text(a), "[0:1]={1,2}");
  EXPECT_EQ(value_to_text(array_subscript(v, 0)), "1");
  EXPECT_TRUE(array_subscript(v, 2).is_null());
  int32_t lo = 0, hi = 0;
  ASSERT_TRUE(array_dimension_bounds(a, 1, &lo, &hi));
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 1);
}

TEST(ArrayTest, Casts) {
  Value a = value_from_text("{1,NULL,3}", kInt4s);
  EXPECT_TRUE(can_cast(TypeId::kInt4Array, TypeId::kInt8Array, CastContext::kImplicit));
  EXPECT_FALSE(can_cast(TypeId::kInt8Array, TypeId::kInt4Array, CastContext::kImplicit));
  EXPECT_TRUE(can_cast(TypeId::kInt8Array, TypeId::kInt4Array, CastContext::kAssignment));
  EXPECT_FALSE(can_cast(TypeId::kTextArray, TypeId::kInt4Array, CastContext::kAssignment));
  EXPECT_TRUE(can_cast(TypeId::kTextArray, TypeId::kInt4Array, CastContext::kExplicit));
  EXPECT_FALSE(can_cast(TypeId::kText, TypeId::kInt4Array, CastContext::kImplicit));
  EXPECT_TRUE(can_cast(TypeId::kText, TypeId::kInt4Array, CastContext::kExplicit));
  EXPECT_TRUE(can_cast(TypeId::kInt4Array, TypeId::kText, CastContext::kAssignment));
  EXPECT_EQ(value_to_text(cast_value(a, Type(TypeId::kInt8Array), CastContext::kImplicit)), "{1,NULL,3}");
  EXPECT_EQ(value_to_text(cast_value(a, Type(TypeId::kText), CastContext::kExplicit)), "{1,NULL,3}");
  EXPECT_EQ(value_to_text(cast_value(Value::text("{4,5}"), kInt4s, CastContext::kExplicit)), "{4,5}");
  Value big = value_from_text("{1,40000}", Type(TypeId::kInt4Array));
  EXPECT_EQ(error_of([&] { cast_value(big, Type(TypeId::kInt2Array), CastContext::kAssignment); }),
            "22003 smallint out of range");
}

TEST(ArrayTest, SubscriptsAndBounds) {
  Value a = value_from_text("{10,20,NULL}", kInt4s);
  EXPECT_EQ(array_subscript(a, 1).as_int(), 10);
  EXPECT_EQ(array_subscript(a, 2).as_int(), 20);
  EXPECT_TRUE(array_subscript(a, 3).is_null());
  EXPECT_TRUE(array_subscript(a, 0).is_null());
  EXPECT_TRUE(array_subscript(a, 4).is_null());
  EXPECT_TRUE(array_subscript(a, -1).is_null());
  int32_t lo = 0, hi = 0;
  ASSERT_TRUE(array_dimension_bounds(a, 1, &lo, &hi));
  EXPECT_EQ(lo, 1);
  EXPECT_EQ(hi, 3);
  EXPECT_FALSE(array_dimension_bounds(a, 2, &lo, &hi));
  EXPECT_FALSE(array_dimension_bounds(value_from_text("{}", kInt4s), 1, &lo, &hi));
}

TEST(ArrayTest, ComparisonFollowsBtArrayCmp) {
  auto cmp = [](const char* a, const char* b) {
    return compare_values(value_from_text(a, kInt4s), value_from_text(b, kInt4s));
  };
  EXPECT_EQ(cmp("{1,2}", "{1,2}"), 0);
  EXPECT_LT(cmp("{1,2}", "{1,3}"), 0);
  EXPECT_LT(cmp("{1,2}", "{1,2,3}"), 0);
  EXPECT_GT(cmp("{2}", "{1,2,3}"), 0);
  EXPECT_GT(cmp("{NULL}", "{5}"), 0);   // NULL elements sort after values
  EXPECT_EQ(cmp("{NULL}", "{NULL}"), 0);
  EXPECT_NE(cmp("[0:1]={1,2}", "{1,2}"), 0);
  Value x = value_from_text("{1,2}", kInt4s), y = value_from_text("{1,2}", kInt4s);
  EXPECT_EQ(hash_value(x), hash_value(y));
  ResolvedBinaryOp eq = resolve_binary_operator("=", kInt4s, Type(TypeId::kUnknown));
  EXPECT_EQ(eq.right.id, TypeId::kInt4Array);
  EXPECT_TRUE(eq.fn(x, y).as_bool());
}

TEST(ArrayTest, ElementTypes) {
  EXPECT_EQ(array_type_for_element(TypeId::kInt4), TypeId::kInt4Array);
  EXPECT_EQ(array_type_for_element(TypeId::kVarchar), TypeId::kTextArray);
  EXPECT_EQ(array_type_for_element(TypeId::kNumeric), TypeId::kUnknown);
  EXPECT_EQ(array_element_type(TypeId::kOidVector), TypeId::kOid);
  EXPECT_EQ(type_oid(TypeId::kInt2Vector), 22u);
  EXPECT_EQ(type_oid(TypeId::kOidArray), 1028u);
  EXPECT_EQ(type_display_name(Type(TypeId::kInt4Array)), "integer[]");
  EXPECT_EQ(resolve_expression_type_name({"pg_catalog", "int2"}, {}, true).id, TypeId::kInt2Array);
  EXPECT_EQ(resolve_expression_type_name({"int2vector"}, {}, false).id, TypeId::kInt2Vector);
  EXPECT_EQ(error_of([] { resolve_type_name({"int4"}, {}, true); }), "0A000 array types are not supported");
  EXPECT_EQ(error_of([] { resolve_type_name({"int2vector"}, {}); }), "42704 type \"int2vector\" does not exist");
  EXPECT_EQ(error_of([] { resolve_expression_type_name({"numeric"}, {}, true); }),
            "0A000 arrays of type numeric are not supported");
}

TEST(ArrayTest, Regnamespace) {
  EXPECT_EQ(io("public", Type(TypeId::kRegnamespace)), "public");
  EXPECT_EQ(io("11", Type(TypeId::kRegnamespace)), "pg_catalog");
  EXPECT_EQ(io("5", Type(TypeId::kRegnamespace)), "5");
  EXPECT_EQ(error_of([] { io("nope", Type(TypeId::kRegnamespace)); }), "3F000 schema \"nope\" does not exist");
  Value ns = cast_value(Value::oid(2200), Type(TypeId::kRegnamespace), CastContext::kImplicit);
  EXPECT_EQ(value_to_text(ns), "public");
  EXPECT_EQ(cast_value(ns, Type(TypeId::kOid), CastContext::kImplicit).as_int(), 2200);
}

}  // namespace
}  // namespace upsertdb
