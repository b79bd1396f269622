// Expected values were taken from PostgreSQL 15 (psql against the oracle cluster).
#include "types/numeric.h"

#include <gtest/gtest.h>

#include <functional>

#include "common/error.h"
#include "types/type.h"

namespace upsertdb {
namespace {

std::string N(const char* s) { return Numeric::parse(s).to_string(); }
std::string div(const char* a, const char* b) { return Numeric::parse(a).div(Numeric::parse(b)).to_string(); }

std::string error_of(const std::function<void()>& f, std::string* detail = nullptr) {
  try {
    f();
  } catch (const DbError& e) {
    if (detail) *detail = e.fields().detail;
    return e.sqlstate() + " " + e.fields().message;
  }
  return "no error";
}

TEST(NumericTest, ParseKeepsScale) {
  EXPECT_EQ(N("  12.50 "), "12.50");
  EXPECT_EQ(N("1e2"), "100");
  EXPECT_EQ(N("1.5e-3"), "0.0015");
  EXPECT_EQ(N("0.0"), "0.0");
  EXPECT_EQ(N("-0.00"), "0.00");
  EXPECT_EQ(N("-inf"), "-Infinity");
  EXPECT_EQ(N("nan"), "NaN");
  EXPECT_EQ(N("007.10"), "7.10");
  EXPECT_EQ(error_of([] { Numeric::parse("1.2.3"); }), "22P02 invalid input syntax for type numeric: \"1.2.3\"");
  EXPECT_EQ(error_of([] { Numeric::parse("abc"); }), "22P02 invalid input syntax for type numeric: \"abc\"");
}

TEST(NumericTest, DivisionScaleFollowsSelectDivScale) {
  EXPECT_EQ(div("1", "3"), "0.33333333333333333333");
  EXPECT_EQ(div("10", "4"), "2.5000000000000000");
  EXPECT_EQ(div("1.0", "3.00"), "0.33333333333333333333");
  EXPECT_EQ(div("123456789", "7"), "17636684.142857142857");
  EXPECT_EQ(div("0.000001", "3"), "0.000000333333333333333333");
  EXPECT_EQ(error_of([] { div("1", "0"); }), "22012 division by zero");
}

TEST(NumericTest, ModAndRounding) {
  auto mod = [](const char* a, const char* b) { return Numeric::parse(a).mod(Numeric::parse(b)).to_string(); };
  EXPECT_EQ(mod("5.5", "2"), "1.5");
  EXPECT_EQ(mod("-5.5", "2"), "-1.5");
  EXPECT_EQ(mod("7", "0.3"), "0.1");
  EXPECT_EQ(Numeric::parse("2.5").round(0).to_string(), "3");
  EXPECT_EQ(Numeric::parse("-2.5").round(0).to_string(), "-3");
  EXPECT_EQ(Numeric::parse("1234.567").round(-2).to_string(), "1200");
  EXPECT_EQ(Numeric::parse("-1.99").trunc(1).to_string(), "-1.9");
  EXPECT_EQ(Numeric::parse("2.5").to_int64(INT32_MIN, INT32_MAX, "integer"), 3);
  EXPECT_EQ(Numeric::parse("-2.5").to_int64(INT32_MIN, INT32_MAX, "integer"), -3);
}

TEST(NumericTest, PowerAndSqrt) {
  auto pw = [](const char* a, const char* b) { return Numeric::parse(a).pow(Numeric::parse(b)).to_string(); };
  EXPECT_EQ(pw("2", "3"), "8.0000000000000000");
  EXPECT_EQ(pw("2", "-1"), "0.5000000000000000");
  EXPECT_EQ(pw("1.1", "10"), "2.5937424601000000");
  EXPECT_EQ(pw("10", "20"), "100000000000000000000.0000000000000000");
  EXPECT_EQ(pw("0.001", "3"), "0.0000000010000000");
  EXPECT_EQ(pw("-2", "3"), "-8.0000000000000000");
  EXPECT_EQ(pw("0", "0"), "1.0000000000000000");
  EXPECT_EQ(pw("2", "0.5"), "1.4142135623730950");
  EXPECT_EQ(pw("1.5", "2.5"), "2.7556759606310754");
  EXPECT_EQ(Numeric::parse("2").sqrt().to_string(), "1.414213562373095");
  EXPECT_EQ(Numeric::parse("100").sqrt().to_string(), "10.000000000000000");
  EXPECT_EQ(Numeric::parse("0.0001").sqrt().to_string(), "0.01000000000000000");
  EXPECT_EQ(Numeric::parse("1").exp().to_string(), "2.7182818284590452");
  EXPECT_EQ(Numeric::parse("10").ln().to_string(), "2.3025850929940457");
}

TEST(NumericTest, TypmodOverflow) {
  std::string detail;
  EXPECT_EQ(error_of([] { Numeric::parse("12345.678").apply_typmod(Type::numeric_typmod(5, 2)); }, &detail),
            "22003 numeric field overflow");
  EXPECT_EQ(detail, "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
  EXPECT_EQ(error_of([] { Numeric::parse("1").apply_typmod(Type::numeric_typmod(1, 1)); }, &detail),
            "22003 numeric field overflow");
  EXPECT_EQ(detail, "A field with precision 1, scale 1 must round to an absolute value less than 1.");
  error_of([] { Numeric::parse("Infinity").apply_typmod(Type::numeric_typmod(3, 1)); }, &detail);
  EXPECT_EQ(detail, "A field with precision 3, scale 1 cannot hold an infinite value.");
  EXPECT_EQ(Numeric::parse("1.5").apply_typmod(Type::numeric_typmod(3, 0)).to_string(), "2");
  EXPECT_EQ(Numeric::parse("NaN").apply_typmod(Type::numeric_typmod(3, 1)).to_string(), "NaN");
}

TEST(NumericTest, CompareAndKeysAgree) {
  const char* ordered[] = {"-Infinity", "-1000", "-2.5", "-2.45", "-2.4", "-0.001", "0", "0.001", "0.01",
                           "1", "1.0001", "2.45", "2.5", "10", "1e20", "Infinity", "NaN"};
  for (size_t i = 0; i < std::size(ordered); ++i) {
    for (size_t j = 0; j < std::size(ordered); ++j) {
      Numeric a = Numeric::parse(ordered[i]), b = Numeric::parse(ordered[j]);
      int expect = i < j ? -1 : (i > j ? 1 : 0);
      EXPECT_EQ(a.compare(b), expect) << ordered[i] << " vs " << ordered[j];
      std::string ka, kb;
      a.encode_key(ka);
      b.encode_key(kb);
      EXPECT_EQ(ka < kb, i < j) << ordered[i] << " vs " << ordered[j];
    }
  }
  EXPECT_EQ(Numeric::parse("1.000").compare(Numeric::parse("1")), 0);
  EXPECT_EQ(Numeric::parse("1.000").hash_text(), Numeric::parse("1").hash_text());
}

TEST(NumericTest, FromDouble) {
  EXPECT_EQ(Numeric::from_double(1e20).to_string(), "100000000000000000000");
  EXPECT_EQ(Numeric::from_double(0.1f, 6).to_string(), "0.1");
  EXPECT_EQ(Numeric::from_double(0.1 + 0.2).to_string(), "0.3");
}

}  // namespace
}  // namespace upsertdb
