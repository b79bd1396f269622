// compare_values / hash_value / encode_key must agree with each other.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "types/test_util.h"

namespace upsertdb {
namespace {

void expect_sorted(const std::vector<Value>& vals) {
  for (size_t i = 0; i < vals.size(); ++i) {
    for (size_t j = 0; j < vals.size(); ++j) {
      int expect = i < j ? -1 : (i > j ? 1 : 0);
      int got = compare_values(vals[i], vals[j]);
      EXPECT_EQ((got > 0) - (got < 0), expect) << value_to_text(vals[i]) << " vs " << value_to_text(vals[j]);
      std::string ki, kj;
      encode_key(vals[i], ki);
      encode_key(vals[j], kj);
      EXPECT_EQ(ki < kj, i < j) << value_to_text(vals[i]) << " vs " << value_to_text(vals[j]);
    }
  }
}

TEST(CompareTest, IntegersAndNullLast) {
  std::vector<Value> v = {Value::int8(INT64_MIN), Value::int8(-5), Value::int8(0), Value::int8(7), Value::int8(INT64_MAX)};
  expect_sorted(v);
  std::string a, n;
  encode_key(Value::int8(INT64_MAX), a);
  encode_key(Value::null(TypeId::kInt8), n);
  EXPECT_LT(a, n);
  EXPECT_EQ(compare_values(Value::int2(3), Value::int8(3)), 0);
}

TEST(CompareTest, FloatsNaNGreatestNegativeZeroEqual) {
  expect_sorted({Value::float8(-INFINITY), Value::float8(-1.5), Value::float8(0), Value::float8(1e-300),
                 Value::float8(2), Value::float8(INFINITY), Value::float8(NAN)});
  EXPECT_TRUE(values_equal(Value::float8(-0.0), Value::float8(0.0)));
  EXPECT_EQ(hash_value(Value::float8(-0.0)), hash_value(Value::float8(0.0)));
  EXPECT_TRUE(values_equal(Value::float8(NAN), Value::float8(NAN)));
}

TEST(CompareTest, TextBytewisePrefixFirst) {
  expect_sorted({Value::text(""), Value::text("a"), Value::text(std::string("a\0", 2)), Value::text("ab"),
                 Value::text("b"), Value::text("é")});
  EXPECT_TRUE(values_equal(Value::text("ab  ", TypeId::kBpchar), Value::text("ab", TypeId::kBpchar)));
  EXPECT_EQ(hash_value(Value::text("ab  ", TypeId::kBpchar)), hash_value(Value::text("ab", TypeId::kBpchar)));
  EXPECT_EQ(compare_values(Value::text("abc", TypeId::kVarchar), Value::text("abc")), 0);
}

TEST(CompareTest, NumericByValue) {
  EXPECT_TRUE(values_equal(Value::numeric("1.0"), Value::numeric("1.00")));
  EXPECT_EQ(hash_value(Value::numeric("1.0")), hash_value(Value::numeric("1")));
  expect_sorted({Value::numeric("-10"), Value::numeric("-9.5"), Value::numeric("0"), Value::numeric("0.5"),
                 Value::numeric("10"), Value::numeric("NaN")});
  EXPECT_EQ(compare_values(Value::int4(2), Value::numeric("1.5")), 1);
}

TEST(CompareTest, IntervalsBySpan) {
  Value mon = value_from_text("1 mon", Type(TypeId::kInterval));
  Value days30 = value_from_text("30 days", Type(TypeId::kInterval));
  EXPECT_TRUE(values_equal(mon, days30));
  EXPECT_EQ(hash_value(mon), hash_value(days30));
  expect_sorted({value_from_text("-1 day", Type(TypeId::kInterval)), value_from_text("1 hour", Type(TypeId::kInterval)),
                 value_from_text("1 day", Type(TypeId::kInterval)), value_from_text("1 year", Type(TypeId::kInterval))});
}

TEST(CompareTest, DateAgainstTimestamp) {
  Value d = value_from_text("2024-01-02", Type(TypeId::kDate));
  Value ts = value_from_text("2024-01-02 00:00:01", Type(TypeId::kTimestamp));
  EXPECT_EQ(compare_values(d, ts), -1);
  expect_sorted({value_from_text("-infinity", Type(TypeId::kDate)), value_from_text("0044-03-15 BC", Type(TypeId::kDate)),
                 d, value_from_text("infinity", Type(TypeId::kDate))});
}

}  // namespace
}  // namespace upsertdb
