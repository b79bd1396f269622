// Math functions; expected results were taken from PostgreSQL 15.
#include <gtest/gtest.h>

#include <cmath>

#include "functions/test_support.h"

namespace upsertdb {
namespace {

using fn_test::error_of;
using fn_test::eval;
using fn_test::lit;

class MathFunctions : public ::testing::Test {
 protected:
  fn_test::FakeContext ctx;
  std::string e(const std::string& name, std::vector<Value> args) { return eval(ctx, name, std::move(args)); }
  std::string err(const std::string& name, std::vector<Value> args) { return error_of(ctx, name, std::move(args)); }
  static Value n(const char* s) { return Value::numeric(s); }
  static Value d(double x) { return Value::float8(x); }
  static Value i(int32_t x) { return Value::int4(x); }
};

TEST_F(MathFunctions, Abs) {
  EXPECT_EQ(e("abs", {Value::int2(-5)}), "5");
  EXPECT_EQ(e("abs", {n("-2.50")}), "2.50");
  EXPECT_EQ(e("abs", {d(-1.5)}), "1.5");
  EXPECT_EQ(err("abs", {i(INT32_MIN)}), "22003: integer out of range");
  EXPECT_EQ(err("abs", {Value::int8(INT64_MIN)}), "22003: bigint out of range");
}

TEST_F(MathFunctions, Rounding) {
  EXPECT_EQ(e("round", {d(2.5)}), "2");   // float8 rounds half to even
  EXPECT_EQ(e("round", {d(3.5)}), "4");
  EXPECT_EQ(e("round", {d(-2.5)}), "-2");
  EXPECT_EQ(e("round", {n("2.5")}), "3");  // numeric rounds half away from zero
  EXPECT_EQ(e("round", {n("-2.5")}), "-3");
  EXPECT_EQ(e("round", {n("1234.5678"), i(2)}), "1234.57");
  EXPECT_EQ(e("round", {n("1234.5678"), i(-2)}), "1200");
  EXPECT_EQ(e("round", {n("1.2"), i(3)}), "1.200");
  EXPECT_EQ(e("trunc", {n("1234.5678"), i(2)}), "1234.56");
  EXPECT_EQ(e("trunc", {n("-1.99")}), "-1");
  EXPECT_EQ(e("trunc", {n("1234.5"), i(-2)}), "1200");
  EXPECT_EQ(e("ceil", {n("1.2")}), "2");
  EXPECT_EQ(e("ceil", {n("-1.2")}), "-1");
  EXPECT_EQ(e("floor", {n("-1.2")}), "-2");
  EXPECT_EQ(e("ceiling", {d(1.5)}), "2");
  EXPECT_EQ(e("floor", {d(-0.5)}), "-1");
  EXPECT_EQ(e("sign", {n("-3.5")}), "-1");
  EXPECT_EQ(e("sign", {n("0.0")}), "0");
  EXPECT_EQ(e("sign", {d(-2)}), "-1");
}

TEST_F(MathFunctions, RootsAndPowers) {
  EXPECT_EQ(e("sqrt", {d(2)}), "1.4142135623730951");
  EXPECT_EQ(e("sqrt", {n("2")}), "1.414213562373095");
  EXPECT_EQ(e("sqrt", {n("16")}), "4.000000000000000");
  EXPECT_EQ(e("cbrt", {d(27)}), "3.0000000000000004");
  EXPECT_EQ(err("sqrt", {d(-1)}), "2201F: cannot take square root of a negative number");
  EXPECT_EQ(err("sqrt", {n("-1")}), "2201F: cannot take square root of a negative number");
  EXPECT_EQ(e("power", {d(2), d(10)}), "1024");
  EXPECT_EQ(e("power", {n("2"), i(10)}), "1024.0000000000000000");
  EXPECT_EQ(e("pow", {n("2.0"), n("0.5")}), "1.4142135623730950");
  EXPECT_EQ(err("power", {d(0), d(-1)}), "2201F: zero raised to a negative power is undefined");
  EXPECT_EQ(err("power", {d(-8), d(1.0 / 3)}), "2201F: a negative number raised to a non-integer power yields a complex result");
  EXPECT_EQ(e("exp", {d(1)}), "2.718281828459045");
  EXPECT_EQ(e("exp", {n("1")}), "2.7182818284590452");
  EXPECT_EQ(err("exp", {d(1000)}), "22003: value out of range: overflow");
  EXPECT_EQ(err("exp", {d(-1000)}), "22003: value out of range: underflow");
}

TEST_F(MathFunctions, Logarithms) {
  EXPECT_EQ(e("ln", {d(10)}), "2.302585092994046");
  EXPECT_EQ(e("ln", {n("10")}), "2.3025850929940457");
  EXPECT_EQ(err("ln", {d(0)}), "2201E: cannot take logarithm of zero");
  EXPECT_EQ(err("ln", {n("-1")}), "2201E: cannot take logarithm of a negative number");
  EXPECT_EQ(e("log", {d(100)}), "2");
  EXPECT_EQ(e("log", {n("100")}), "2.0000000000000000");
  EXPECT_EQ(e("log", {n("2"), n("8")}), "3.0000000000000000");
  EXPECT_EQ(e("log", {n("0.5")}), "-0.3010299956639812");
  EXPECT_EQ(e("log10", {n("1000")}), "3.0000000000000000");
  EXPECT_EQ(e("log", {n("2"), n("10")}), "3.3219280948873623");
  EXPECT_EQ(e("log", {n("1.00001")}), "0.000004342923104453187");
  EXPECT_EQ(e("log", {n("123456789012345678901234567890")}), "29.091514977212700");
  EXPECT_EQ(e("log", {i(10), n("1")}), "0.0000000000000000");
  EXPECT_EQ(err("log", {n("1"), i(10)}), "22012: division by zero");
}

TEST_F(MathFunctions, IntegerArithmetic) {
  EXPECT_EQ(e("mod", {i(7), i(-3)}), "1");
  EXPECT_EQ(e("mod", {i(-7), i(3)}), "-1");
  EXPECT_EQ(e("mod", {n("7.5"), i(2)}), "1.5");
  EXPECT_EQ(e("div", {n("7.5"), i(2)}), "3");
  EXPECT_EQ(e("div", {i(-7), i(2)}), "-3");
  EXPECT_EQ(err("mod", {i(5), i(0)}), "22012: division by zero");
  EXPECT_EQ(e("gcd", {i(12), i(18)}), "6");
  EXPECT_EQ(e("gcd", {i(-12), i(18)}), "6");
  EXPECT_EQ(e("lcm", {i(4), i(6)}), "12");
  EXPECT_EQ(e("gcd", {n("1.5"), n("2.25")}), "0.75");
  EXPECT_EQ(e("lcm", {n("1.5"), n("2.25")}), "4.50");
  EXPECT_EQ(e("gcd", {i(0), i(0)}), "0");
  EXPECT_EQ(err("gcd", {i(INT32_MIN), i(0)}), "22003: integer out of range");
  EXPECT_EQ(err("lcm", {i(2147483647), i(2147483646)}), "22003: integer out of range");
}

TEST_F(MathFunctions, TrigonometryAndConstants) {
  EXPECT_EQ(e("pi", {}), "3.141592653589793");
  EXPECT_EQ(e("degrees", {i(1)}), "57.29577951308232");
  EXPECT_EQ(e("radians", {i(180)}), "3.141592653589793");
  EXPECT_EQ(e("sin", {i(1)}), "0.8414709848078965");
  EXPECT_EQ(e("cos", {i(0)}), "1");
  EXPECT_EQ(e("tan", {i(1)}), "1.5574077246549023");
  EXPECT_EQ(e("asin", {i(1)}), "1.5707963267948966");
  EXPECT_EQ(e("acos", {n("0.5")}), "1.0471975511965979");
  EXPECT_EQ(e("atan", {i(1)}), "0.7853981633974483");
  EXPECT_EQ(e("atan2", {i(1), i(2)}), "0.4636476090008061");
  EXPECT_EQ(err("asin", {i(2)}), "22003: input is out of range");
  EXPECT_EQ(err("sin", {d(INFINITY)}), "22003: input is out of range");
}

TEST_F(MathFunctions, RandomComesFromTheContext) {
  ctx.next_random = 0.625;
  EXPECT_EQ(e("random", {}), "0.625");
}

TEST_F(MathFunctions, WidthBucket) {
  EXPECT_EQ(e("width_bucket", {n("5.35"), n("0.024"), n("10.06"), i(5)}), "3");
  EXPECT_EQ(e("width_bucket", {d(5.35), n("0.024"), n("10.06"), i(5)}), "3");
  EXPECT_EQ(e("width_bucket", {i(11), i(0), i(10), i(5)}), "6");
  EXPECT_EQ(e("width_bucket", {i(-1), i(0), i(10), i(5)}), "0");
  EXPECT_EQ(e("width_bucket", {i(3), i(10), i(0), i(5)}), "4");
  EXPECT_EQ(err("width_bucket", {i(1), i(0), i(10), i(0)}), "2201G: count must be greater than zero");
  EXPECT_EQ(err("width_bucket", {i(1), i(5), i(5), i(2)}), "2201G: lower bound cannot equal upper bound");
  EXPECT_EQ(e("scale", {n("1.50")}), "2");
  EXPECT_EQ(e("trim_scale", {n("1.500")}), "1.5");
}

TEST_F(MathFunctions, Factorial) {
  EXPECT_EQ(e("factorial", {i(0)}), "1");
  EXPECT_EQ(e("factorial", {i(1)}), "1");
  EXPECT_EQ(e("factorial", {i(5)}), "120");
  EXPECT_EQ(e("factorial", {Value::int2(5)}), "120");
  EXPECT_EQ(e("factorial", {i(20)}), "2432902008176640000");
  EXPECT_EQ(e("factorial", {Value::int8(25)}), "15511210043330985984000000");
  EXPECT_EQ(err("factorial", {i(-1)}), "22003: factorial of a negative number is undefined");
  EXPECT_EQ(err("factorial", {i(32178)}), "22003: value overflows numeric format");
}

}  // namespace
}  // namespace upsertdb
