// Arithmetic operators on integers, floats and numeric, with PostgreSQL's
// overflow and division errors.
#include <cmath>

#include "common/error.h"
#include "types/coerce.h"
#include "types/numeric.h"
#include "types/op_impl.h"

namespace upsertdb::ops {

namespace {

[[noreturn]] void division_by_zero() { throw_error(sqlstate::kDivisionByZero, "division by zero"); }
[[noreturn]] void float_overflow() { throw_error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow"); }
[[noreturn]] void float_underflow() { throw_error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow"); }

Value make_int(TypeId t, __int128 v) { return Value::integer(t, check_integer_range(v, t)); }

// Truncates to T's width the way a C cast does (bitwise results never overflow).
int64_t wrap(TypeId t, int64_t v) {
  switch (t) {
    case TypeId::kInt2: return static_cast<int16_t>(v);
    case TypeId::kInt4: return static_cast<int32_t>(v);
    default: return v;
  }
}

template <TypeId T>
Value make_float(double v) {
  if constexpr (T == TypeId::kFloat4) {
    return Value::float4(static_cast<float>(v));
  } else {
    return Value::float8(v);
  }
}

// PostgreSQL's float_overflow_check/float_underflow_check, at T's precision.
template <TypeId T>
Value checked_float(double r, double a, double b, bool zero_ok) {
  if constexpr (T == TypeId::kFloat4) {
    float f = static_cast<float>(r);
    if (std::isinf(f) && !std::isinf(a) && !std::isinf(b)) float_overflow();
    if (f == 0 && !zero_ok) float_underflow();
    return Value::float4(f);
  } else {
    if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) float_overflow();
    if (r == 0 && !zero_ok) float_underflow();
    return Value::float8(r);
  }
}

template <TypeId T>
double fval(const Value& v) {
  if constexpr (T == TypeId::kFloat4) {
    return static_cast<float>(v.as_float());
  } else {
    return v.as_float();
  }
}

Numeric num(const Value& v) { return Numeric::parse(v.as_str()); }
Value num_value(const Numeric& n) { return Value::numeric(n.to_string()); }

}  // namespace

template <TypeId T> Value int_add(const Value& a, const Value& b) { return make_int(T, static_cast<__int128>(a.as_int()) + b.as_int()); }
template <TypeId T> Value int_sub(const Value& a, const Value& b) { return make_int(T, static_cast<__int128>(a.as_int()) - b.as_int()); }
template <TypeId T> Value int_mul(const Value& a, const Value& b) { return make_int(T, static_cast<__int128>(a.as_int()) * b.as_int()); }
template <TypeId T> Value int_div(const Value& a, const Value& b) {
  if (b.as_int() == 0) division_by_zero();
  return make_int(T, static_cast<__int128>(a.as_int()) / b.as_int());
}
template <TypeId T> Value int_mod(const Value& a, const Value& b) {
  if (b.as_int() == 0) division_by_zero();
  if (b.as_int() == -1) return Value::integer(T, 0);
  return Value::integer(T, a.as_int() % b.as_int());
}
template <TypeId T> Value int_and(const Value& a, const Value& b) { return Value::integer(T, a.as_int() & b.as_int()); }
template <TypeId T> Value int_or(const Value& a, const Value& b) { return Value::integer(T, a.as_int() | b.as_int()); }
template <TypeId T> Value int_xor(const Value& a, const Value& b) { return Value::integer(T, a.as_int() ^ b.as_int()); }
// Shift counts wrap at the operand width, as the x86 shifts PostgreSQL compiles to do.
template <TypeId T> Value int_shl(const Value& a, const Value& b) {
  int shift = static_cast<int>(b.as_int() & (T == TypeId::kInt8 ? 63 : 31));
  uint64_t v = static_cast<uint64_t>(a.as_int());
  if (T == TypeId::kInt2) v = static_cast<uint32_t>(static_cast<int32_t>(a.as_int()));
  int64_t r = T == TypeId::kInt8 ? static_cast<int64_t>(v << shift)
                                 : static_cast<int32_t>(static_cast<uint32_t>(v) << shift);
  return Value::integer(T, wrap(T, r));
}
template <TypeId T> Value int_shr(const Value& a, const Value& b) {
  int shift = static_cast<int>(b.as_int() & (T == TypeId::kInt8 ? 63 : 31));
  return Value::integer(T, wrap(T, a.as_int() >> shift));
}
template <TypeId T> Value int_neg(const Value& a) { return make_int(T, -static_cast<__int128>(a.as_int())); }
template <TypeId T> Value int_abs(const Value& a) {
  __int128 v = a.as_int();
  return make_int(T, v < 0 ? -v : v);
}
template <TypeId T> Value int_not(const Value& a) { return Value::integer(T, wrap(T, ~a.as_int())); }

#define INSTANTIATE_INT(T)                                   \
  template Value int_add<T>(const Value&, const Value&);     \
  template Value int_sub<T>(const Value&, const Value&);     \
  template Value int_mul<T>(const Value&, const Value&);     \
  template Value int_div<T>(const Value&, const Value&);     \
  template Value int_mod<T>(const Value&, const Value&);     \
  template Value int_and<T>(const Value&, const Value&);     \
  template Value int_or<T>(const Value&, const Value&);      \
  template Value int_xor<T>(const Value&, const Value&);     \
  template Value int_shl<T>(const Value&, const Value&);     \
  template Value int_shr<T>(const Value&, const Value&);     \
  template Value int_neg<T>(const Value&);                   \
  template Value int_abs<T>(const Value&);                   \
  template Value int_not<T>(const Value&);
INSTANTIATE_INT(TypeId::kInt2)
INSTANTIATE_INT(TypeId::kInt4)
INSTANTIATE_INT(TypeId::kInt8)
#undef INSTANTIATE_INT

template <TypeId T> Value float_add(const Value& a, const Value& b) {
  double x = fval<T>(a), y = fval<T>(b);
  return checked_float<T>(x + y, x, y, true);
}
template <TypeId T> Value float_sub(const Value& a, const Value& b) {
  double x = fval<T>(a), y = fval<T>(b);
  return checked_float<T>(x - y, x, y, true);
}
template <TypeId T> Value float_mul(const Value& a, const Value& b) {
  double x = fval<T>(a), y = fval<T>(b);
  return checked_float<T>(x * y, x, y, x == 0 || y == 0);
}
template <TypeId T> Value float_div(const Value& a, const Value& b) {
  double x = fval<T>(a), y = fval<T>(b);
  if (y == 0 && !std::isnan(x)) division_by_zero();
  return checked_float<T>(x / y, x, y, x == 0 || std::isinf(y));
}
template <TypeId T> Value float_neg(const Value& a) { return make_float<T>(-fval<T>(a)); }
template <TypeId T> Value float_abs(const Value& a) { return make_float<T>(std::fabs(fval<T>(a))); }

#define INSTANTIATE_FLOAT(T)                                  \
  template Value float_add<T>(const Value&, const Value&);    \
  template Value float_sub<T>(const Value&, const Value&);    \
  template Value float_mul<T>(const Value&, const Value&);    \
  template Value float_div<T>(const Value&, const Value&);    \
  template Value float_neg<T>(const Value&);                  \
  template Value float_abs<T>(const Value&);
INSTANTIATE_FLOAT(TypeId::kFloat4)
INSTANTIATE_FLOAT(TypeId::kFloat8)
#undef INSTANTIATE_FLOAT

Value float8_pow(const Value& a, const Value& b) {
  double x = a.as_float(), y = b.as_float();
  if (std::isnan(x)) return Value::float8(y == 0 ? 1.0 : x);
  if (std::isnan(y)) return Value::float8(x == 1 ? 1.0 : y);
  if (x == 0 && y < 0) throw_error("2201F", "zero raised to a negative power is undefined");
  if (x < 0 && std::floor(y) != y && !std::isinf(y)) {
    throw_error("2201F", "a negative number raised to a non-integer power yields a complex result");
  }
  double r = std::pow(x, y);
  if (std::isinf(r) && !std::isinf(x) && !std::isinf(y)) float_overflow();
  if (r == 0 && x != 0 && !std::isinf(y)) float_underflow();
  return Value::float8(r);
}

Value float8_sqrt(const Value& a) {
  if (a.as_float() < 0) throw_error("2201F", "cannot take square root of a negative number");
  return Value::float8(std::sqrt(a.as_float()));
}

Value float8_cbrt(const Value& a) { return Value::float8(std::cbrt(a.as_float())); }

Value numeric_add(const Value& a, const Value& b) { return num_value(num(a).add(num(b))); }
Value numeric_sub(const Value& a, const Value& b) { return num_value(num(a).sub(num(b))); }
Value numeric_mul(const Value& a, const Value& b) { return num_value(num(a).mul(num(b))); }
Value numeric_div(const Value& a, const Value& b) { return num_value(num(a).div(num(b))); }
Value numeric_mod(const Value& a, const Value& b) { return num_value(num(a).mod(num(b))); }
Value numeric_pow(const Value& a, const Value& b) { return num_value(num(a).pow(num(b))); }
Value numeric_neg(const Value& a) { return num_value(num(a).negate()); }
Value numeric_abs(const Value& a) { return num_value(num(a).abs()); }

Value identity(const Value& a) { return a; }

Value cmp_eq(const Value& a, const Value& b) { return Value::boolean(values_equal(a, b)); }
Value cmp_ne(const Value& a, const Value& b) { return Value::boolean(!values_equal(a, b)); }
Value cmp_lt(const Value& a, const Value& b) { return Value::boolean(compare_values(a, b) < 0); }
Value cmp_le(const Value& a, const Value& b) { return Value::boolean(compare_values(a, b) <= 0); }
Value cmp_gt(const Value& a, const Value& b) { return Value::boolean(compare_values(a, b) > 0); }
Value cmp_ge(const Value& a, const Value& b) { return Value::boolean(compare_values(a, b) >= 0); }

}  // namespace upsertdb::ops
