// Mathematical functions with PostgreSQL 15's overloads (integer, float8 and
// numeric variants as pg_proc declares them) and its error texts.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "functions/fn_util.h"
#include "types/coerce.h"

namespace upsertdb::fn {

namespace {

using T = TypeId;

[[noreturn]] void overflow() { throw_error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow"); }
[[noreturn]] void underflow() { throw_error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow"); }
[[noreturn]] void input_out_of_range() { throw_error(sqlstate::kNumericValueOutOfRange, "input is out of range"); }

// check_float8_val(): infinity only from infinite inputs, zero only where allowed.
Value checked(double r, bool inf_ok, bool zero_ok) {
  if (std::isinf(r) && !inf_ok) overflow();
  if (r == 0.0 && !zero_ok) underflow();
  return Value::float8(r);
}

double f(const Value& v) { return v.as_float(); }

// ---- abs / sign --------------------------------------------------------------

template <TypeId Int>
Value abs_int(FunctionContext&, const Value* a, size_t) {
  __int128 v = a[0].as_int();
  return Value::integer(Int, check_integer_range(v < 0 ? -v : v, Int));
}
Value abs_float4(FunctionContext&, const Value* a, size_t) { return Value::float4(std::fabs(static_cast<float>(f(a[0])))); }
Value abs_float8(FunctionContext&, const Value* a, size_t) { return Value::float8(std::fabs(f(a[0]))); }
Value abs_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).abs()); }

Value sign_float8(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]);
  return Value::float8(x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);
}
Value sign_numeric(FunctionContext&, const Value* a, size_t) {
  Numeric n = num(a[0]);
  if (n.is_nan()) return num_value(n);
  return num_value(Numeric::from_int64(n.sign()));
}

// ---- rounding ----------------------------------------------------------------

Value ceil_float8(FunctionContext&, const Value* a, size_t) { return Value::float8(std::ceil(f(a[0]))); }
Value floor_float8(FunctionContext&, const Value* a, size_t) { return Value::float8(std::floor(f(a[0]))); }
Value round_float8(FunctionContext&, const Value* a, size_t) { return Value::float8(std::rint(f(a[0]))); }   // half to even, as rint()
Value trunc_float8(FunctionContext&, const Value* a, size_t) { return Value::float8(std::trunc(f(a[0]))); }
Value ceil_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).ceil()); }
Value floor_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).floor()); }
Value round_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).round(0)); }
Value trunc_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).trunc(0)); }
// PostgreSQL clamps the scale argument to +/- NUMERIC_MAX_RESULT_SCALE (2000).
int32_t clamp_scale(int64_t s) { return static_cast<int32_t>(std::max<int64_t>(-2000, std::min<int64_t>(2000, s))); }
Value round_numeric2(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).round(clamp_scale(a[1].as_int()))); }
Value trunc_numeric2(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).trunc(clamp_scale(a[1].as_int()))); }

// ---- roots, powers, logarithms -----------------------------------------------------

Value sqrt_float8(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]);
  if (x < 0) throw_error("2201F", "cannot take square root of a negative number");
  return checked(std::sqrt(x), std::isinf(x), x == 0);
}
Value sqrt_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).sqrt()); }
Value cbrt_float8(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]);
  return checked(std::cbrt(x), std::isinf(x), x == 0);
}

Value pow_float8(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]), y = f(a[1]);
  if (std::isnan(x)) return Value::float8(y == 0 ? 1.0 : x);
  if (std::isnan(y)) return Value::float8(x == 1 ? 1.0 : y);
  if (x == 0 && y < 0) throw_error("2201F", "zero raised to a negative power is undefined");
  if (x < 0 && std::floor(y) != y && !std::isinf(y)) {
    throw_error("2201F", "a negative number raised to a non-integer power yields a complex result");
  }
  double r;
  if (std::isinf(y)) {
    double ax = std::fabs(x);
    if (ax == 1.0) r = 1.0;
    else if (y > 0) r = ax > 1.0 ? y : 0.0;
    else r = ax > 1.0 ? 0.0 : -y;
  } else {
    r = std::pow(x, y);
  }
  return checked(r, std::isinf(x) || std::isinf(y), x == 0 || std::isinf(y) || std::isinf(x));
}
Value pow_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).pow(num(a[1]))); }

Value exp_float8(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]);
  if (std::isnan(x)) return Value::float8(x);
  if (std::isinf(x)) return Value::float8(x > 0 ? x : 0.0);
  double r = std::exp(x);
  if (std::isinf(r)) overflow();
  if (r == 0.0) underflow();
  return Value::float8(r);
}
Value exp_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).exp()); }

void check_log_input(double x) {
  if (x == 0.0) throw_error("2201E", "cannot take logarithm of zero");
  if (x < 0) throw_error("2201E", "cannot take logarithm of a negative number");
}
Value ln_float8(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]);
  check_log_input(x);
  return checked(std::log(x), std::isinf(x), x == 1);
}
Value log10_float8(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]);
  check_log_input(x);
  return checked(std::log10(x), std::isinf(x), x == 1);
}
Value ln_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).ln()); }

void check_log_input(const Numeric& x) {
  if (x.is_zero()) throw_error("2201E", "cannot take logarithm of zero");
  if (x.is_negative()) throw_error("2201E", "cannot take logarithm of a negative number");
}

bool near_one(const Numeric& x) {
  return x.compare(Numeric::parse("0.9")) >= 0 && x.compare(Numeric::parse("1.1")) <= 0;
}

// estimate_ln_dweight(): the decimal exponent of ln(x)'s leading digit, as
// PostgreSQL estimates it (note the truncation toward zero of log10).
int estimate_ln_dweight(const Numeric& x) {
  if (near_one(x)) {
    Numeric d = x.sub(Numeric::from_int64(1));
    return d.is_zero() ? 0 : d.leading_exponent();
  }
  double l = std::log(x.to_double());
  if (std::isinf(l) || std::isnan(l)) l = x.leading_exponent() * std::log(10.0);   // beyond double range
  return static_cast<int>(std::log10(std::fabs(l)));
}

long double to_long_double(const Numeric& n) {
  std::string s = n.to_string();
  return std::strtold(s.c_str(), nullptr);
}

// ln(x) in long double; near 1 through log1p of the exactly computed x - 1.
long double ln_long(const Numeric& x) {
  if (near_one(x)) return std::log1p(to_long_double(x.sub(Numeric::from_int64(1))));
  long double v = to_long_double(x);
  if (std::isinf(v) || v == 0) return std::log(x.to_double());
  return std::log(v);
}

// log(base, x) for numerics with PostgreSQL's result scale (at least 16
// significant digits). Computed in long double: exact to ~18 digits, which
// covers that scale for results of ordinary magnitude.
Numeric numeric_log(const Numeric& base, const Numeric& x) {
  if (base.is_nan() || x.is_nan()) return Numeric::nan();
  check_log_input(base);
  check_log_input(x);
  if (!x.is_finite() || !base.is_finite()) {
    if (!base.is_finite() && !x.is_finite()) return Numeric::nan();
    if (!x.is_finite()) return Numeric::infinity(base.compare(Numeric::from_int64(1)) < 0);
    return Numeric();   // log of a finite number to an infinite base
  }
  if (base.compare(Numeric::from_int64(1)) == 0) throw_error(sqlstate::kDivisionByZero, "division by zero");
  int result_dweight = estimate_ln_dweight(x) - estimate_ln_dweight(base);
  int rscale = 16 - result_dweight;
  rscale = std::max(std::max(rscale, 0), std::max(base.scale(), x.scale()));
  rscale = std::min(rscale, 1000);
  long double r;
  if (base.compare(Numeric::from_int64(10)) == 0 && !near_one(x) && std::isfinite(to_long_double(x))) {
    r = std::log10(to_long_double(x));   // exact for powers of ten
  } else {
    r = ln_long(x) / ln_long(base);
  }
  char buf[1100];
  std::snprintf(buf, sizeof buf, "%.*Lf", rscale, r);
  return Numeric::parse(buf).round(rscale);
}
Value log10_numeric(FunctionContext&, const Value* a, size_t) {
  return num_value(numeric_log(Numeric::from_int64(10), num(a[0])));
}
Value log_numeric2(FunctionContext&, const Value* a, size_t) { return num_value(numeric_log(num(a[0]), num(a[1]))); }

// ---- integer arithmetic ------------------------------------------------------------

template <TypeId Int>
Value mod_int(FunctionContext&, const Value* a, size_t) {
  int64_t d = a[1].as_int();
  if (d == 0) throw_error(sqlstate::kDivisionByZero, "division by zero");
  if (d == -1) return Value::integer(Int, 0);   // INT_MIN % -1 would trap
  return Value::integer(Int, a[0].as_int() % d);
}
Value mod_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).mod(num(a[1]))); }
Value div_numeric(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).div_trunc(num(a[1]))); }

template <TypeId Int>
Value gcd_int(FunctionContext&, const Value* a, size_t) {
  __int128 x = a[0].as_int(), y = a[1].as_int();
  while (y != 0) {
    __int128 t = x % y;
    x = y;
    y = t;
  }
  if (x < 0) x = -x;
  return Value::integer(Int, check_integer_range(x, Int));
}
template <TypeId Int>
Value lcm_int(FunctionContext& ctx, const Value* a, size_t n) {
  __int128 x = a[0].as_int(), y = a[1].as_int();
  if (x == 0 || y == 0) return Value::integer(Int, 0);
  __int128 g = gcd_int<T::kInt8>(ctx, a, n).as_int();
  __int128 r = (x / g) * y;
  if (r < 0) r = -r;
  return Value::integer(Int, check_integer_range(r, Int));
}
Numeric numeric_gcd(Numeric x, Numeric y) {
  x = x.abs();
  y = y.abs();
  while (!y.is_zero()) {
    Numeric t = x.mod(y);
    x = y;
    y = t;
  }
  return x;
}
Value gcd_numeric(FunctionContext&, const Value* a, size_t) {
  Numeric x = num(a[0]), y = num(a[1]);
  if (!x.is_finite() || !y.is_finite()) return num_value(Numeric::nan());
  Numeric g = numeric_gcd(x, y);
  return num_value(g.round(std::max(x.scale(), y.scale())));
}
Value lcm_numeric(FunctionContext&, const Value* a, size_t) {
  Numeric x = num(a[0]), y = num(a[1]);
  if (!x.is_finite() || !y.is_finite()) return num_value(Numeric::nan());
  int32_t scale = std::max(x.scale(), y.scale());
  if (x.is_zero() || y.is_zero()) return num_value(Numeric().round(scale));
  Numeric r = x.div_trunc(numeric_gcd(x, y)).mul(y).abs();
  return num_value(r.round(scale));
}

// ---- constants, random, angles ---------------------------------------------------

Value pi(FunctionContext&, const Value*, size_t) { return Value::float8(M_PI); }
Value random_fn(FunctionContext& ctx, const Value*, size_t) { return Value::float8(ctx.random()); }
Value degrees(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]);
  return checked(x * (180.0 / M_PI), std::isinf(x), x == 0);
}
Value radians(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]);
  return checked(x * (M_PI / 180.0), std::isinf(x), x == 0);
}

// sin/cos/tan reject infinities; asin/acos reject |x| > 1; NaN passes through.
template <double (*Fn)(double), bool Bounded>
Value trig(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]);
  if (std::isnan(x)) return Value::float8(x);
  if (Bounded ? (x < -1.0 || x > 1.0) : std::isinf(x)) input_out_of_range();
  double r = Fn(x);
  if (std::isinf(r) && !Bounded) overflow();
  return Value::float8(r);
}
double c_sin(double x) { return std::sin(x); }
double c_cos(double x) { return std::cos(x); }
double c_tan(double x) { return std::tan(x); }
double c_asin(double x) { return std::asin(x); }
double c_acos(double x) { return std::acos(x); }
Value atan_fn(FunctionContext&, const Value* a, size_t) { return Value::float8(std::atan(f(a[0]))); }
Value atan2_fn(FunctionContext&, const Value* a, size_t) { return Value::float8(std::atan2(f(a[0]), f(a[1]))); }

// ---- width_bucket -------------------------------------------------------------------

[[noreturn]] void bucket_error(const char* msg) { throw_error("2201G", msg); }
Value width_bucket_float8(FunctionContext&, const Value* a, size_t) {
  double x = f(a[0]), lo = f(a[1]), hi = f(a[2]);
  int64_t count = a[3].as_int();
  if (count <= 0) bucket_error("count must be greater than zero");
  if (std::isnan(x) || std::isnan(lo) || std::isnan(hi)) bucket_error("operand, lower bound, and upper bound cannot be NaN");
  if (std::isinf(lo) || std::isinf(hi)) bucket_error("lower and upper bounds must be finite");
  if (lo == hi) bucket_error("lower bound cannot equal upper bound");
  int64_t r;
  if (lo < hi) {
    if (x < lo) r = 0;
    else if (x >= hi) r = count + 1;
    else r = static_cast<int64_t>(count * ((x - lo) / (hi - lo))) + 1;
  } else {
    if (x > lo) r = 0;
    else if (x <= hi) r = count + 1;
    else r = static_cast<int64_t>(count * ((lo - x) / (lo - hi))) + 1;
  }
  if (r > INT32_MAX) throw_error(sqlstate::kNumericValueOutOfRange, "integer out of range");
  return Value::int4(static_cast<int32_t>(r));
}
Value width_bucket_numeric(FunctionContext&, const Value* a, size_t) {
  Numeric x = num(a[0]), lo = num(a[1]), hi = num(a[2]);
  int64_t count = a[3].as_int();
  if (count <= 0) bucket_error("count must be greater than zero");
  if (x.is_nan() || lo.is_nan() || hi.is_nan()) bucket_error("operand, lower bound, and upper bound cannot be NaN");
  if (!lo.is_finite() || !hi.is_finite()) bucket_error("lower and upper bounds must be finite");
  int c = lo.compare(hi);
  if (c == 0) bucket_error("lower bound cannot equal upper bound");
  Numeric cnt = Numeric::from_int64(count);
  int64_t r;
  auto bucket = [&](const Numeric& num_, const Numeric& den) {
    return num_.mul(cnt).div_trunc(den).to_int64(INT64_MIN, INT64_MAX, "bigint") + 1;
  };
  if (c < 0) {
    if (x.compare(lo) < 0) r = 0;
    else if (x.compare(hi) >= 0) r = count + 1;
    else r = bucket(x.sub(lo), hi.sub(lo));
  } else {
    if (x.compare(lo) > 0) r = 0;
    else if (x.compare(hi) <= 0) r = count + 1;
    else r = bucket(lo.sub(x), lo.sub(hi));
  }
  if (r > INT32_MAX) throw_error(sqlstate::kNumericValueOutOfRange, "integer out of range");
  return Value::int4(static_cast<int32_t>(r));
}

// ---- numeric scale helpers ---------------------------------------------------------

Value scale_fn(FunctionContext&, const Value* a, size_t) {
  Numeric n = num(a[0]);
  if (!n.is_finite()) return Value::null(T::kInt4);
  return Value::int4(n.scale());
}
Value trim_scale_fn(FunctionContext&, const Value* a, size_t) { return num_value(num(a[0]).trim_scale()); }

// factorial(bigint) -> numeric. PostgreSQL 15 reports a negative argument as
// 22003, and refuses up front anything past 32177! (the largest that fits numeric).
Value factorial(FunctionContext&, const Value* a, size_t) {
  int64_t n = a[0].as_int();
  if (n < 0) throw_error(sqlstate::kNumericValueOutOfRange, "factorial of a negative number is undefined");
  if (n > 32177) throw_error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  Numeric result = Numeric::from_int64(1);
  for (int64_t k = 2; k <= n; ++k) result = result.mul(Numeric::from_int64(k));
  return num_value(result);
}

}  // namespace

void register_math_functions(Registry& r) {
  r.add("factorial", {T::kInt8}, T::kNumeric, factorial);
  r.add("abs", {T::kInt2}, T::kInt2, abs_int<T::kInt2>);
  r.add("abs", {T::kInt4}, T::kInt4, abs_int<T::kInt4>);
  r.add("abs", {T::kInt8}, T::kInt8, abs_int<T::kInt8>);
  r.add("abs", {T::kFloat4}, T::kFloat4, abs_float4);
  r.add("abs", {T::kFloat8}, T::kFloat8, abs_float8);
  r.add("abs", {T::kNumeric}, T::kNumeric, abs_numeric);
  r.add("sign", {T::kFloat8}, T::kFloat8, sign_float8);
  r.add("sign", {T::kNumeric}, T::kNumeric, sign_numeric);
  for (const char* name : {"ceil", "ceiling"}) {
    r.add(name, {T::kFloat8}, T::kFloat8, ceil_float8);
    r.add(name, {T::kNumeric}, T::kNumeric, ceil_numeric);
  }
  r.add("floor", {T::kFloat8}, T::kFloat8, floor_float8);
  r.add("floor", {T::kNumeric}, T::kNumeric, floor_numeric);
  r.add("round", {T::kFloat8}, T::kFloat8, round_float8);
  r.add("round", {T::kNumeric}, T::kNumeric, round_numeric);
  r.add("round", {T::kNumeric, T::kInt4}, T::kNumeric, round_numeric2);
  r.add("trunc", {T::kFloat8}, T::kFloat8, trunc_float8);
  r.add("trunc", {T::kNumeric}, T::kNumeric, trunc_numeric);
  r.add("trunc", {T::kNumeric, T::kInt4}, T::kNumeric, trunc_numeric2);
  r.add("sqrt", {T::kFloat8}, T::kFloat8, sqrt_float8);
  r.add("sqrt", {T::kNumeric}, T::kNumeric, sqrt_numeric);
  r.add("cbrt", {T::kFloat8}, T::kFloat8, cbrt_float8);
  for (const char* name : {"power", "pow"}) {
    r.add(name, {T::kFloat8, T::kFloat8}, T::kFloat8, pow_float8);
    r.add(name, {T::kNumeric, T::kNumeric}, T::kNumeric, pow_numeric);
  }
  r.add("exp", {T::kFloat8}, T::kFloat8, exp_float8);
  r.add("exp", {T::kNumeric}, T::kNumeric, exp_numeric);
  r.add("ln", {T::kFloat8}, T::kFloat8, ln_float8);
  r.add("ln", {T::kNumeric}, T::kNumeric, ln_numeric);
  for (const char* name : {"log", "log10"}) {
    r.add(name, {T::kFloat8}, T::kFloat8, log10_float8);
    r.add(name, {T::kNumeric}, T::kNumeric, log10_numeric);
  }
  r.add("log", {T::kNumeric, T::kNumeric}, T::kNumeric, log_numeric2);
  r.add("mod", {T::kInt2, T::kInt2}, T::kInt2, mod_int<T::kInt2>);
  r.add("mod", {T::kInt4, T::kInt4}, T::kInt4, mod_int<T::kInt4>);
  r.add("mod", {T::kInt8, T::kInt8}, T::kInt8, mod_int<T::kInt8>);
  r.add("mod", {T::kNumeric, T::kNumeric}, T::kNumeric, mod_numeric);
  r.add("div", {T::kNumeric, T::kNumeric}, T::kNumeric, div_numeric);
  r.add("gcd", {T::kInt4, T::kInt4}, T::kInt4, gcd_int<T::kInt4>);
  r.add("gcd", {T::kInt8, T::kInt8}, T::kInt8, gcd_int<T::kInt8>);
  r.add("gcd", {T::kNumeric, T::kNumeric}, T::kNumeric, gcd_numeric);
  r.add("lcm", {T::kInt4, T::kInt4}, T::kInt4, lcm_int<T::kInt4>);
  r.add("lcm", {T::kInt8, T::kInt8}, T::kInt8, lcm_int<T::kInt8>);
  r.add("lcm", {T::kNumeric, T::kNumeric}, T::kNumeric, lcm_numeric);
  r.add("pi", {}, T::kFloat8, pi);
  r.add("random", {}, T::kFloat8, random_fn, Volatility::kVolatile);
  r.add("degrees", {T::kFloat8}, T::kFloat8, degrees);
  r.add("radians", {T::kFloat8}, T::kFloat8, radians);
  r.add("sin", {T::kFloat8}, T::kFloat8, trig<c_sin, false>);
  r.add("cos", {T::kFloat8}, T::kFloat8, trig<c_cos, false>);
  r.add("tan", {T::kFloat8}, T::kFloat8, trig<c_tan, false>);
  r.add("asin", {T::kFloat8}, T::kFloat8, trig<c_asin, true>);
  r.add("acos", {T::kFloat8}, T::kFloat8, trig<c_acos, true>);
  r.add("atan", {T::kFloat8}, T::kFloat8, atan_fn);
  r.add("atan2", {T::kFloat8, T::kFloat8}, T::kFloat8, atan2_fn);
  r.add("width_bucket", {T::kFloat8, T::kFloat8, T::kFloat8, T::kInt4}, T::kInt4, width_bucket_float8);
  r.add("width_bucket", {T::kNumeric, T::kNumeric, T::kNumeric, T::kInt4}, T::kInt4, width_bucket_numeric);
  r.add("scale", {T::kNumeric}, T::kInt4, scale_fn);
  r.add("trim_scale", {T::kNumeric}, T::kNumeric, trim_scale_fn);
}

}  // namespace upsertdb::fn
