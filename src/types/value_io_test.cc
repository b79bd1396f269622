// Expected outputs and error texts were taken from PostgreSQL 15 (psql).
#include <gtest/gtest.h>

#include "types/test_util.h"

namespace upsertdb {
namespace {

using testing::error_of;
using testing::io;

TEST(ValueIoTest, Integers) {
  EXPECT_EQ(io(" 12 ", Type(TypeId::kInt4)), "12");
  EXPECT_EQ(io("-32768", Type(TypeId::kInt2)), "-32768");
  EXPECT_EQ(io("9223372036854775807", Type(TypeId::kInt8)), "9223372036854775807");
  EXPECT_EQ(error_of([] { io("99999999999", Type(TypeId::kInt4)); }),
            "22003 value \"99999999999\" is out of range for type integer");
  EXPECT_EQ(error_of([] { io("40000", Type(TypeId::kInt2)); }),
            "22003 value \"40000\" is out of range for type smallint");
  EXPECT_EQ(error_of([] { io("12a", Type(TypeId::kInt4)); }), "22P02 invalid input syntax for type integer: \"12a\"");
  EXPECT_EQ(error_of([] { io("", Type(TypeId::kInt4)); }), "22P02 invalid input syntax for type integer: \"\"");
  EXPECT_EQ(error_of([] { io("1.5", Type(TypeId::kInt4)); }), "22P02 invalid input syntax for type integer: \"1.5\"");
  EXPECT_EQ(error_of([] { io("x", Type(TypeId::kInt8)); }), "22P02 invalid input syntax for type bigint: \"x\"");
}

TEST(ValueIoTest, Floats) {
  auto f8 = [](double d) { return value_to_text(Value::float8(d)); };
  auto f4 = [](float f) { return value_to_text(Value::float4(f)); };
  EXPECT_EQ(f8(0.1), "0.1");
  EXPECT_EQ(f8(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(f8(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(f8(1e20), "1e+20");
  EXPECT_EQ(f8(1.5e-7), "1.5e-07");
  EXPECT_EQ(f8(1e15), "1e+15");
  EXPECT_EQ(f8(1e14), "100000000000000");
  EXPECT_EQ(f8(123456789012345), "123456789012345");
  EXPECT_EQ(f8(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(f8(1e-4), "0.0001");
  EXPECT_EQ(f8(1e-5), "1e-05");
  EXPECT_EQ(f8(0.00012345), "0.00012345");
  EXPECT_EQ(f8(-0.0), "-0");
  EXPECT_EQ(f4(1e6f), "1e+06");
  EXPECT_EQ(f4(123456.0f), "123456");
  EXPECT_EQ(f4(1234567.0f), "1.234567e+06");
  EXPECT_EQ(f4(0.1f), "0.1");
  EXPECT_EQ(f4(1.1f * 1.1f), "1.21");
  EXPECT_EQ(f4(3.4e38f), "3.4e+38");
  EXPECT_EQ(io("  1.5  ", Type(TypeId::kFloat8)), "1.5");
  EXPECT_EQ(io("inf", Type(TypeId::kFloat8)), "Infinity");
  EXPECT_EQ(io("-Infinity", Type(TypeId::kFloat4)), "-Infinity");
  EXPECT_EQ(io("nan", Type(TypeId::kFloat8)), "NaN");
  EXPECT_EQ(error_of([] { io("1e400", Type(TypeId::kFloat8)); }),
            "22003 \"1e400\" is out of range for type double precision");
  EXPECT_EQ(error_of([] { io("1e50", Type(TypeId::kFloat4)); }), "22003 \"1e50\" is out of range for type real");
  EXPECT_EQ(error_of([] { io("abc", Type(TypeId::kFloat8)); }),
            "22P02 invalid input syntax for type double precision: \"abc\"");
  EXPECT_EQ(error_of([] { io("abc", Type(TypeId::kFloat4)); }), "22P02 invalid input syntax for type real: \"abc\"");
}

TEST(ValueIoTest, Booleans) {
  for (const char* t : {"t", "true", "TRUE", " true ", "yes", "y", "on", "1"}) EXPECT_EQ(io(t, Type(TypeId::kBool)), "t") << t;
  for (const char* f : {"f", "false", "no", "n", "off", "of", "0"}) EXPECT_EQ(io(f, Type(TypeId::kBool)), "f") << f;
  EXPECT_EQ(error_of([] { io("o", Type(TypeId::kBool)); }), "22P02 invalid input syntax for type boolean: \"o\"");
  EXPECT_EQ(error_of([] { io("x", Type(TypeId::kBool)); }), "22P02 invalid input syntax for type boolean: \"x\"");
}

TEST(ValueIoTest, Bytea) {
  EXPECT_EQ(io("\\x01 02", Type(TypeId::kBytea)), "\\x0102");
  EXPECT_EQ(io("ab\\001c", Type(TypeId::kBytea)), "\\x61620163");
  EXPECT_EQ(io("a\\\\b", Type(TypeId::kBytea)), "\\x615c62");
  // hex_decode's errors are 22023 (invalid parameter value), not 22P02.
  EXPECT_EQ(error_of([] { io("\\x0g", Type(TypeId::kBytea)); }), "22023 invalid hexadecimal digit: \"g\"");
  EXPECT_EQ(error_of([] { io("\\x012", Type(TypeId::kBytea)); }), "22023 invalid hexadecimal data: odd number of digits");
  EXPECT_EQ(error_of([] { io("\\x0", Type(TypeId::kBytea)); }), "22023 invalid hexadecimal data: odd number of digits");
  EXPECT_EQ(error_of([] { io("\\x1\xc3\xa9", Type(TypeId::kBytea)); }), "22023 invalid hexadecimal digit: \"\xc3\xa9\"");
  EXPECT_EQ(error_of([] { io("\\x1\v2", Type(TypeId::kBytea)); }), "22023 invalid hexadecimal digit: \"\v\"");
  EXPECT_EQ(io("\\x\t01\r\n02 ", Type(TypeId::kBytea)), "\\x0102");
  EXPECT_EQ(error_of([] { io("a\\9", Type(TypeId::kBytea)); }), "22P02 invalid input syntax for type bytea");
}

TEST(ValueIoTest, Uuid) {
  const std::string canon = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
  EXPECT_EQ(io("{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", Type(TypeId::kUuid)), canon);
  EXPECT_EQ(io("A0EEBC999C0B4EF8BB6D6BB9BD380A11", Type(TypeId::kUuid)), canon);
  EXPECT_EQ(io("a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11", Type(TypeId::kUuid)), canon);
  EXPECT_EQ(io("a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", Type(TypeId::kUuid)), canon);
  EXPECT_EQ(error_of([] { io("xyz", Type(TypeId::kUuid)); }), "22P02 invalid input syntax for type uuid: \"xyz\"");
  EXPECT_EQ(error_of([] { io("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", Type(TypeId::kUuid)); }),
            "22P02 invalid input syntax for type uuid: \"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1\"");
}

TEST(ValueIoTest, CharacterTypes) {
  EXPECT_EQ(io("ab", Type(TypeId::kBpchar, 4)), "ab  ");
  EXPECT_EQ(io("ab   ", Type(TypeId::kBpchar, 2)), "ab");   // excess spaces are dropped
  EXPECT_EQ(error_of([] { io("abc  ", Type(TypeId::kBpchar, 2)); }), "22001 value too long for type character(2)");
  EXPECT_EQ(io("abc  ", Type(TypeId::kVarchar, 3)), "abc");
  EXPECT_EQ(error_of([] { io("abcd", Type(TypeId::kVarchar, 3)); }),
            "22001 value too long for type character varying(3)");
  EXPECT_EQ(error_of([] { io("abcd", Type(TypeId::kBpchar, 3)); }), "22001 value too long for type character(3)");
  EXPECT_EQ(io("héé", Type(TypeId::kVarchar, 3)), "héé");   // characters, not bytes
}

TEST(ValueIoTest, Oid) {
  EXPECT_EQ(io("-1", Type(TypeId::kOid)), "4294967295");
  EXPECT_EQ(error_of([] { io("4294967296", Type(TypeId::kOid)); }),
            "22003 value \"4294967296\" is out of range for type oid");
}

TEST(ValueIoTest, NumericTypmodOnInput) {
  EXPECT_EQ(io("1.5", Type(TypeId::kNumeric, Type::numeric_typmod(3, 0))), "2");
  EXPECT_EQ(io("12.5", Type(TypeId::kNumeric, Type::numeric_typmod(5, 2))), "12.50");
  EXPECT_EQ(error_of([] { io("12345.678", Type(TypeId::kNumeric, Type::numeric_typmod(5, 2))); }),
            "22003 numeric field overflow");
}

}  // namespace
}  // namespace upsertdb
