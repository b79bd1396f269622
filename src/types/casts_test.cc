// Expected results and error texts were taken from PostgreSQL 15 (psql).
#include <gtest/gtest.h>

#include <cmath>

#include "types/test_util.h"

namespace upsertdb {
namespace {

using testing::error_of;

std::string cast(const Value& v, Type to, CastContext ctx = CastContext::kExplicit) {
  return value_to_text(cast_value(v, to, ctx));
}

TEST(CastsTest, ContextsFollowPgCast) {
  EXPECT_TRUE(can_cast(TypeId::kInt4, TypeId::kInt8, CastContext::kImplicit));
  EXPECT_FALSE(can_cast(TypeId::kInt4, TypeId::kInt2, CastContext::kImplicit));
  EXPECT_TRUE(can_cast(TypeId::kInt4, TypeId::kInt2, CastContext::kAssignment));
  EXPECT_FALSE(can_cast(TypeId::kText, TypeId::kInt4, CastContext::kAssignment));
  EXPECT_TRUE(can_cast(TypeId::kText, TypeId::kInt4, CastContext::kExplicit));
  EXPECT_FALSE(can_cast(TypeId::kInt4, TypeId::kText, CastContext::kImplicit));
  EXPECT_TRUE(can_cast(TypeId::kInt4, TypeId::kText, CastContext::kAssignment));
  EXPECT_FALSE(can_cast(TypeId::kBool, TypeId::kInt4, CastContext::kAssignment));
  EXPECT_TRUE(can_cast(TypeId::kBool, TypeId::kInt4, CastContext::kExplicit));
  EXPECT_FALSE(can_cast(TypeId::kInt8, TypeId::kBool, CastContext::kExplicit));
  EXPECT_TRUE(can_cast(TypeId::kDate, TypeId::kTimestampTz, CastContext::kImplicit));
  EXPECT_FALSE(can_cast(TypeId::kTimestampTz, TypeId::kTimestamp, CastContext::kImplicit));
  EXPECT_TRUE(can_cast(TypeId::kUnknown, TypeId::kUuid, CastContext::kImplicit));
  EXPECT_EQ(error_of([] { cast_value(Value::int4(1), Type(TypeId::kDate), CastContext::kExplicit); }),
            "42846 cannot cast type integer to date");
}

TEST(CastsTest, NumericConversions) {
  EXPECT_EQ(cast(Value::float8(12.5), Type(TypeId::kInt4)), "12");
  EXPECT_EQ(cast(Value::float8(13.5), Type(TypeId::kInt4)), "14");
  EXPECT_EQ(cast(Value::numeric("2.5"), Type(TypeId::kInt4)), "3");
  EXPECT_EQ(cast(Value::numeric("-2.5"), Type(TypeId::kInt4)), "-3");
  EXPECT_EQ(error_of([] { cast(Value::float8(2147483648.0), Type(TypeId::kInt4)); }), "22003 integer out of range");
  EXPECT_EQ(error_of([] { cast(Value::float8(NAN), Type(TypeId::kInt4)); }), "22003 integer out of range");
  EXPECT_EQ(error_of([] { cast(Value::numeric("NaN"), Type(TypeId::kInt4)); }), "0A000 cannot convert NaN to integer");
  EXPECT_EQ(error_of([] { cast(Value::numeric("Infinity"), Type(TypeId::kInt4)); }),
            "0A000 cannot convert infinity to integer");
  EXPECT_EQ(error_of([] { cast(Value::int4(70000), Type(TypeId::kInt2)); }), "22003 smallint out of range");
  EXPECT_EQ(error_of([] { cast(Value::float8(1e39), Type(TypeId::kFloat4)); }), "22003 value out of range: overflow");
  EXPECT_EQ(cast(Value::float8(1e20), Type(TypeId::kNumeric)), "100000000000000000000");
  EXPECT_EQ(cast(Value::float4(0.1f), Type(TypeId::kNumeric)), "0.1");
  EXPECT_EQ(cast(Value::int4(5), Type(TypeId::kNumeric, Type::numeric_typmod(4, 2))), "5.00");
  EXPECT_EQ(cast(Value::boolean(true), Type(TypeId::kInt4)), "1");
  EXPECT_EQ(cast(Value::int4(1), Type(TypeId::kBool)), "t");
}

// numeric -> float goes through the text form, so range errors quote the digits.
TEST(CastsTest, NumericToFloatRange) {
  EXPECT_EQ(error_of([] { cast(Value::numeric("1000000000000000000000000000000000000000"), Type(TypeId::kFloat4)); }),
            "22003 \"1000000000000000000000000000000000000000\" is out of range for type real");
  EXPECT_EQ(error_of([] { cast(Value::numeric("-1000000000000000000000000000000000000000"), Type(TypeId::kFloat4)); }),
            "22003 \"-1000000000000000000000000000000000000000\" is out of range for type real");
  EXPECT_EQ(error_of([] { cast(Value::numeric("0.00000000000000000000000000000000000000000000000001"), Type(TypeId::kFloat4)); }),
            "22003 \"0.00000000000000000000000000000000000000000000000001\" is out of range for type real");
  std::string huge = "1" + std::string(309, '0');
  EXPECT_EQ(error_of([&] { cast(Value::numeric(huge), Type(TypeId::kFloat8)); }),
            "22003 \"" + huge + "\" is out of range for type double precision");
  EXPECT_EQ(cast(Value::numeric("-0.00000000000000000000000000000000000000000000000001"), Type(TypeId::kFloat8)), "-1e-50");
  EXPECT_EQ(cast(Value::numeric("0.1"), Type(TypeId::kFloat4)), "0.1");
  EXPECT_EQ(cast(Value::numeric("NaN"), Type(TypeId::kFloat4)), "NaN");
  EXPECT_EQ(cast(Value::numeric("-Infinity"), Type(TypeId::kFloat8)), "-Infinity");
}

// bool -> text/varchar/bpchar is booltext(); ::name uses bool's output (t/f).
TEST(CastsTest, BoolToTextSpellsTheWord) {
  EXPECT_EQ(cast(Value::boolean(true), Type(TypeId::kText)), "true");
  EXPECT_EQ(cast(Value::boolean(false), Type(TypeId::kVarchar)), "false");
  EXPECT_EQ(cast(Value::boolean(true), Type(TypeId::kBpchar)), "true");
  EXPECT_EQ(cast(Value::boolean(true), Type(TypeId::kBpchar, 2)), "tr");
  EXPECT_EQ(cast(Value::boolean(true), Type(TypeId::kName)), "t");
  EXPECT_EQ(value_to_text(Value::boolean(true)), "t");
}

TEST(CastsTest, Strings) {
  EXPECT_EQ(cast(Value::unknown_literal("abcd"), Type(TypeId::kVarchar, 3)), "abc");
  EXPECT_EQ(error_of([] { cast(Value::unknown_literal("abcd"), Type(TypeId::kVarchar, 3), CastContext::kAssignment); }),
            "22001 value too long for type character varying(3)");
  EXPECT_EQ(cast(Value::text("abcd"), Type(TypeId::kVarchar, 3)), "abc");
  EXPECT_EQ(cast(Value::text("abc  ", TypeId::kBpchar), Type(TypeId::kText)), "abc");
  EXPECT_EQ(cast(Value::text("t"), Type(TypeId::kBool)), "t");
  EXPECT_EQ(cast(Value::int4(42), Type(TypeId::kText), CastContext::kAssignment), "42");
  EXPECT_EQ(error_of([] { cast(Value::text("abc"), Type(TypeId::kInt4)); }),
            "22P02 invalid input syntax for type integer: \"abc\"");
}

TEST(CastsTest, DateTimeAndOid) {
  Value iv = value_from_text("-1 hour", Type(TypeId::kInterval));
  EXPECT_EQ(cast(iv, Type(TypeId::kTime)), "23:00:00");
  Value ts = value_from_text("2024-01-02 03:04:05", Type(TypeId::kTimestamp));
  EXPECT_EQ(cast(ts, Type(TypeId::kTime)), "03:04:05");
  EXPECT_EQ(cast(ts, Type(TypeId::kDate)), "2024-01-02");
  EXPECT_EQ(cast(ts, Type(TypeId::kTimestampTz)), "2024-01-02 03:04:05+00");
  EXPECT_EQ(cast(Value::oid(4294967295u), Type(TypeId::kInt4)), "-1");
  EXPECT_EQ(error_of([] { cast(Value::int8(-1), Type(TypeId::kOid)); }), "22003 OID out of range");
  EXPECT_EQ(error_of([] { cast(Value::int8(8589934592LL), Type(TypeId::kOid)); }), "22003 OID out of range");
}

TEST(CastsTest, Jsonb) {
  EXPECT_EQ(cast(Value::jsonb("1.5"), Type(TypeId::kInt4)), "2");
  EXPECT_EQ(cast(Value::jsonb("1.5"), Type(TypeId::kNumeric)), "1.5");
  EXPECT_EQ(cast(Value::jsonb("true"), Type(TypeId::kBool)), "t");
  EXPECT_EQ(error_of([] { cast(Value::jsonb("{\"a\": 1}"), Type(TypeId::kInt4)); }),
            "22023 cannot cast jsonb object to type integer");
  EXPECT_EQ(cast(Value::json("{\"b\":1, \"a\":2}"), Type(TypeId::kJsonb), CastContext::kAssignment),
            "{\"a\": 2, \"b\": 1}");
}

TEST(CastsTest, NullStaysNull) {
  Value v = cast_value(Value::null(TypeId::kInt4), Type(TypeId::kText), CastContext::kExplicit);
  EXPECT_TRUE(v.is_null());
  EXPECT_EQ(v.type(), TypeId::kText);
}

}  // namespace
}  // namespace upsertdb
