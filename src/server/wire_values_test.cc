#include "server/wire_values.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "types/array.h"

namespace upsertdb::server {
namespace {

std::string hex(const std::string& s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(d[c >> 4]);
    out.push_back(d[c & 15]);
  }
  return out;
}

// Expected bytes are numeric_send's output in PostgreSQL 15
// (SELECT numeric_send(x) for each value).
TEST(WireValues, NumericBinaryMatchesPostgres) {
  EXPECT_EQ(hex(encode_value(Value::numeric("0"), 1)), "0000000000000000");
  EXPECT_EQ(hex(encode_value(Value::numeric("-12.50"), 1)), "0002000040000002000c1388");
  EXPECT_EQ(hex(encode_value(Value::numeric("123456789.0001"), 1)), "0004000200000004000109291a850001");
  EXPECT_EQ(hex(encode_value(Value::numeric("0.00001"), 1)), "0001fffe0000000503e8");
  EXPECT_EQ(hex(encode_value(Value::numeric("10000"), 1)), "0001000100000000" "0001");
  EXPECT_EQ(hex(encode_value(Value::numeric("NaN"), 1)), "00000000c0000000");
}

TEST(WireValues, NumericBinaryRoundTrips) {
  Type numeric(TypeId::kNumeric);
  for (const char* text : {"0", "-12.50", "123456789.0001", "0.00001", "10000", "1e2", "99999999.99999999", "-0.5"}) {
    Value in = value_from_text(text, numeric);
    Value out = decode_param(encode_value(in, 1), numeric, 1, 1);
    EXPECT_EQ(value_to_text(out), value_to_text(in)) << text;
  }
}

TEST(WireValues, FixedWidthBinaryRoundTrips) {
  EXPECT_EQ(hex(encode_value(Value::int4(-2), 1)), "fffffffe");
  EXPECT_EQ(hex(encode_value(Value::int8(1), 1)), "0000000000000001");
  EXPECT_EQ(hex(encode_value(Value::boolean(true), 1)), "01");
  EXPECT_EQ(hex(encode_value(Value::float8(1.5), 1)), "3ff8000000000000");
  EXPECT_EQ(decode_param(encode_value(Value::int2(-300), 1), Type(TypeId::kInt2), 1, 1).as_int(), -300);
  EXPECT_EQ(decode_param(encode_value(Value::float4(2.25f), 1), Type(TypeId::kFloat4), 1, 1).as_float(), 2.25);
  Value ts = value_from_text("2024-02-29 12:34:56.789", Type(TypeId::kTimestamp));
  EXPECT_EQ(value_to_text(decode_param(encode_value(ts, 1), Type(TypeId::kTimestamp), 1, 1)),
            "2024-02-29 12:34:56.789");
  Value u = value_from_text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", Type(TypeId::kUuid));
  EXPECT_EQ(hex(encode_value(u, 1)), "a0eebc999c0b4ef8bb6d6bb9bd380a11");
}

// Expected bytes are PostgreSQL 15's array_send / int2vectorsend output
// (SELECT array_send(array[1,null,3]::int4[]) ...).
TEST(WireValues, ArrayBinaryMatchesPostgres) {
  auto arr = [](const char* text, TypeId t) { return array_from_text(text, t); };
  EXPECT_EQ(hex(encode_value(arr("{1,NULL,3}", TypeId::kInt4Array), 1)),
            "00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003");
  EXPECT_EQ(hex(encode_value(arr("{}", TypeId::kInt4Array), 1)), "000000000000000000000017");
  EXPECT_EQ(hex(encode_value(arr("{a,bc}", TypeId::kTextArray), 1)),
            "00000001000000000000001900000002000000010000000161000000026263");
  EXPECT_EQ(hex(encode_value(arr("[0:1]={t,f}", TypeId::kBoolArray), 1)),
            "000000010000000000000010000000020000000000000001010000000100");
  EXPECT_EQ(hex(encode_value(arr("1 2", TypeId::kInt2Vector), 1)),
            "0000000100000000000000150000000200000000000000020001000000020002");
  EXPECT_TRUE(binary_format_supported(TypeId::kInt8Array));
}

TEST(WireValues, ArrayBinaryRoundTrips) {
  for (auto [text, t] : std::vector<std::pair<const char*, TypeId>>{
           {"{1,NULL,3}", TypeId::kInt4Array}, {"{}", TypeId::kInt8Array}, {"{-5,7}", TypeId::kInt2Array},
           {"{\"a b\",NULL,\"\"}", TypeId::kTextArray}, {"[0:1]={t,f}", TypeId::kBoolArray},
           {"{12,4294967295}", TypeId::kOidArray}, {"{pg_class}", TypeId::kNameArray}, {"3 4", TypeId::kOidVector}}) {
    Value in = array_from_text(text, t);
    Value out = decode_param(encode_value(in, 1), Type(t), 1, 1);
    EXPECT_EQ(array_to_text(out), array_to_text(in)) << text;
  }
}

std::string array_param_error(const std::string& bytes, TypeId t) {
  try {
    decode_param(bytes, Type(t), 1, 3);
  } catch (const DbError& e) {
    return e.sqlstate() + " " + e.fields().message;
  }
  return "no error";
}

std::string unhex(const std::string& h) {
  std::string out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

TEST(WireValues, BadBinaryArraysAreRejected) {
  // An int8[] sent where int4[] is expected: PostgreSQL's array_recv message.
  EXPECT_EQ(array_param_error(unhex("00000001000000000000001400000001000000010000000800000000000000ff"),
                              TypeId::kInt4Array),
            "42804 binary data has array element type 20 (bigint) instead of expected 23 (integer)");
  EXPECT_EQ(array_param_error(unhex("000000010000000200000017"), TypeId::kInt4Array), "22P03 invalid array flags");
  EXPECT_EQ(array_param_error(unhex("00000002000000000000001700000001000000010000000100000001"), TypeId::kInt4Array),
            "0A000 multidimensional arrays are not supported");
  // int4 elements of 3 bytes (int4recv reads past the end) and of 5 (bytes left over),
  // then an element longer than the data.
  EXPECT_EQ(array_param_error(unhex("0000000100000000000000170000000100000001000000030000ff"), TypeId::kInt4Array),
            "08P01 insufficient data left in message");
  EXPECT_EQ(array_param_error(unhex("00000001000000000000001700000001000000010000000500000000ff"), TypeId::kInt4Array),
            "22P03 improper binary format in array element 1");
  EXPECT_EQ(array_param_error(unhex("00000001000000000000001700000001000000010000000400ff"), TypeId::kInt4Array),
            "22P03 insufficient data left in message");
  EXPECT_EQ(array_param_error(unhex("000000000000000000000017ff"), TypeId::kInt4Array),
            "22P03 incorrect binary data format in bind parameter 3");
  EXPECT_EQ(array_param_error(unhex("00000000000000000000"), TypeId::kInt4Array),
            "08P01 insufficient data left in message");
}

TEST(WireValues, BadBinaryParametersAreRejected) {
  try {
    decode_param("abcde", Type(TypeId::kInt4), 1, 2);
    FAIL();
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "22P03");
    EXPECT_EQ(e.fields().message, "incorrect binary data format in bind parameter 2");
  }
  try {
    decode_param("abc", Type(TypeId::kInt4), 1, 1);
    FAIL();
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "08P01");
    EXPECT_EQ(e.fields().message, "insufficient data left in message");
  }
  EXPECT_THROW(decode_param(std::string("\0\1\0\0\0\0\0\0", 8), Type(TypeId::kNumeric), 1, 1), DbError);
  try {
    decode_param("12x", Type(TypeId::kInt4), 0, 1);
    FAIL();
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "22P02");
  }
}

TEST(WireValues, FormatCodesAreChecked) {
  EXPECT_NO_THROW(check_format(0, Type(TypeId::kRecord)));
  EXPECT_NO_THROW(check_format(1, Type(TypeId::kInt4)));
  try {
    check_format(2, Type(TypeId::kInt4));
    FAIL();
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "22023");
    EXPECT_EQ(e.fields().message, "unsupported format code: 2");
  }
  EXPECT_THROW(check_format(1, Type(TypeId::kRecord)), DbError);
}

TEST(WireValues, RowDescriptionTypmodsAddVarhdrsz) {
  EXPECT_EQ(wire_typmod(Type(TypeId::kVarchar, 10)), 14);
  EXPECT_EQ(wire_typmod(Type(TypeId::kNumeric, Type::numeric_typmod(10, 2))), (10 << 16 | 2) + 4);
  EXPECT_EQ(wire_typmod(Type(TypeId::kInt4)), -1);
  EXPECT_EQ(wire_type_length(TypeId::kInt8), 8);
  EXPECT_EQ(wire_type_length(TypeId::kText), -1);
}

}  // namespace
}  // namespace upsertdb::server
