// Numeric: PostgreSQL's arbitrary-precision decimal. A value is a sign, an
// unscaled magnitude and a display scale (digits after the point), so "12.50"
// keeps its trailing zero exactly as PostgreSQL does; plus NaN and +/-Infinity.
//
// Result scales follow PostgreSQL 15: add/sub keep the larger scale, mul adds
// scales, div uses select_div_scale (at least 16 significant digits), sqrt and
// power likewise. Rounding is half away from zero. Value::numeric holds the
// text form (to_string()); parse it back with Numeric::parse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "types/bigint.h"

namespace upsertdb {

class Numeric {
 public:
  enum class Kind : uint8_t { kFinite, kNaN, kPosInf, kNegInf };

  Numeric() = default;   // 0
  static Numeric nan();
  static Numeric infinity(bool negative = false);
  static Numeric from_int64(int64_t v);
  // float8 -> numeric as PostgreSQL does it: print with `digits` significant
  // digits (15 for float8, 6 for float4) and parse that.
  static Numeric from_double(double v, int digits = 15);
  // Throws 22P02 `invalid input syntax for type numeric: "x"`.
  static Numeric parse(std::string_view text);
  static std::optional<Numeric> try_parse(std::string_view text);

  std::string to_string() const;
  double to_double() const;
  // Rounds half away from zero to an integer and range-checks it against
  // [lo, hi], raising 22003 `<type_word> out of range` ("integer", "smallint",
  // "bigint"); NaN/Infinity raise 0A000 "cannot convert NaN to <type_word>".
  int64_t to_int64(int64_t lo, int64_t hi, const char* type_word) const;

  Kind kind() const { return kind_; }
  bool is_nan() const { return kind_ == Kind::kNaN; }
  bool is_finite() const { return kind_ == Kind::kFinite; }
  bool is_zero() const { return kind_ == Kind::kFinite && mag_.is_zero(); }
  bool is_negative() const { return kind_ == Kind::kNegInf || (kind_ == Kind::kFinite && neg_); }
  int sign() const;                 // -1, 0, 1 (NaN: 0)
  int32_t scale() const { return scale_; }
  bool is_integral() const;         // finite with no non-zero fractional digit

  Numeric add(const Numeric& o) const;
  Numeric sub(const Numeric& o) const;
  Numeric mul(const Numeric& o) const;
  Numeric div(const Numeric& o) const;          // 22012 on zero divisor
  Numeric div_trunc(const Numeric& o) const;    // integer quotient (div() of PostgreSQL)
  Numeric mod(const Numeric& o) const;          // sign of the dividend
  Numeric pow(const Numeric& o) const;
  Numeric sqrt() const;                          // 2201F for negatives
  Numeric exp() const;
  Numeric ln() const;
  Numeric negate() const;
  Numeric abs() const;
  Numeric round(int32_t scale) const;           // scale may be negative
  Numeric trunc(int32_t scale) const;
  Numeric ceil() const;
  Numeric floor() const;
  // Drops trailing fractional zeros (PostgreSQL's trim_scale()).
  Numeric trim_scale() const;
  // Rounds to `scale` digits, keeping the display scale (used by typmods).
  Numeric with_scale(int32_t scale) const;

  // numeric(p,s) assignment: rounds to s and raises 22003 "numeric field overflow".
  Numeric apply_typmod(int32_t typmod) const;

  // Total order: -Infinity < finite < Infinity < NaN; NaN = NaN; 1.0 = 1.00.
  int compare(const Numeric& o) const;
  // Text unique per value (1.0 and 1.00 alike): feeds hashing.
  std::string hash_text() const;
  // Appends a memcmp-ordered encoding of the value.
  void encode_key(std::string& out) const;

  // Internals exposed for scale decisions.
  const BigUint& magnitude() const { return mag_; }
  // Decimal exponent of the leading digit (123 -> 2, 0.05 -> -2); 0 for zero.
  int leading_exponent() const;

 private:
  Numeric(bool neg, BigUint mag, int32_t scale) : neg_(neg), mag_(std::move(mag)), scale_(scale) { normalize_zero(); }
  void normalize_zero() { if (mag_.is_zero()) neg_ = false; }
  static Numeric special(Kind k) { Numeric n; n.kind_ = k; return n; }
  BigUint mag_at_scale(int32_t scale) const;   // magnitude * 10^(scale - scale_), scale >= scale_
  int select_div_scale(const Numeric& o) const;

  Kind kind_ = Kind::kFinite;
  bool neg_ = false;
  BigUint mag_;
  int32_t scale_ = 0;
};

}  // namespace upsertdb
