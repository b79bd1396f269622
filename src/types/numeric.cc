// Numeric arithmetic on (sign, BigUint magnitude, scale). The scale rules
// mirror PostgreSQL 15's numeric.c so results print with the same digits.
#include "types/numeric.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>

#include "common/error.h"

namespace upsertdb {

namespace {

constexpr int kMinSigDigits = 16;       // NUMERIC_MIN_SIG_DIGITS
constexpr int kMaxDisplayScale = 1000;  // NUMERIC_MAX_DISPLAY_SCALE
constexpr int kMaxResultDigits = 200000;

int clamp_scale(int s) { return std::max(0, std::min(s, kMaxDisplayScale)); }

bool ieq(std::string_view a, const char* b) {
  size_t n = std::strlen(b);
  if (a.size() != n) return false;
  for (size_t i = 0; i < n; ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

[[noreturn]] void overflow_format() {
  throw_error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
}

// Magnitude rounded from `scale` down to `new_scale` digits, half away from zero.
BigUint round_mag(const BigUint& mag, int32_t scale, int32_t new_scale) {
  if (new_scale >= scale) return mag.mul_pow10(new_scale - scale);
  int drop = scale - new_scale;
  BigUint t = mag.div_pow10(drop);
  return mag.digit_at(drop - 1) >= 5 ? t.add_small(1) : t;
}

}  // namespace

Numeric Numeric::nan() { return special(Kind::kNaN); }
Numeric Numeric::infinity(bool negative) { return special(negative ? Kind::kNegInf : Kind::kPosInf); }

Numeric Numeric::from_int64(int64_t v) {
  uint64_t m = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  return Numeric(v < 0, BigUint::from_u64(m), 0);
}

Numeric Numeric::from_double(double v, int digits) {
  if (std::isnan(v)) return nan();
  if (std::isinf(v)) return infinity(v < 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return parse(buf);
}

std::optional<Numeric> Numeric::try_parse(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  s = s.substr(b, e - b);
  if (ieq(s, "nan")) return nan();
  if (ieq(s, "infinity") || ieq(s, "+infinity") || ieq(s, "inf") || ieq(s, "+inf")) return infinity(false);
  if (ieq(s, "-infinity") || ieq(s, "-inf")) return infinity(true);
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  std::string digits;
  int frac = 0;
  bool seen_point = false, seen_digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (!(digits.empty() && c == '0')) digits.push_back(c);   // skip leading zeros
      if (seen_point) ++frac;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return std::nullopt;
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 1000000) overflow_format();
    }
    if (eneg) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  // value = digits * 10^(exponent - frac)
  int64_t scale = frac - exponent;
  BigUint mag = BigUint::from_decimal(digits);
  if (scale < 0) {
    if (static_cast<int64_t>(digits.size()) - scale > kMaxResultDigits) overflow_format();
    mag = mag.mul_pow10(static_cast<int>(-scale));
    scale = 0;
  }
  if (scale > 16383 + 1000) {
    // Far below the smallest representable digit: PostgreSQL rounds such input to zero at the
    // maximum display scale; we keep it simple and do the same.
    mag = round_mag(mag, static_cast<int32_t>(scale), 16383);
    scale = 16383;
  }
  return Numeric(neg, std::move(mag), static_cast<int32_t>(scale));
}

Numeric Numeric::parse(std::string_view text) {
  auto n = try_parse(text);
  if (!n) {
    throw_error(sqlstate::kInvalidTextRepresentation,
                "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
  }
  return *n;
}

std::string Numeric::to_string() const {
  switch (kind_) {
    case Kind::kNaN: return "NaN";
    case Kind::kPosInf: return "Infinity";
    case Kind::kNegInf: return "-Infinity";
    case Kind::kFinite: break;
  }
  std::string digits = mag_.to_decimal();
  if (static_cast<int32_t>(digits.size()) <= scale_) digits.insert(0, scale_ + 1 - digits.size(), '0');
  if (scale_ > 0) digits.insert(digits.size() - scale_, 1, '.');
  if (neg_) digits.insert(0, 1, '-');
  return digits;
}

double Numeric::to_double() const {
  switch (kind_) {
    case Kind::kNaN: return std::nan("");
    case Kind::kPosInf: return HUGE_VAL;
    case Kind::kNegInf: return -HUGE_VAL;
    case Kind::kFinite: break;
  }
  return std::strtod(to_string().c_str(), nullptr);
}

int64_t Numeric::to_int64(int64_t lo, int64_t hi, const char* type_word) const {
  if (kind_ == Kind::kNaN) throw_not_supported(std::string("cannot convert NaN to ") + type_word);
  if (kind_ != Kind::kFinite) throw_not_supported(std::string("cannot convert infinity to ") + type_word);
  BigUint r = round_mag(mag_, scale_, 0);
  uint64_t m;
  const std::string err = std::string(type_word) + " out of range";
  if (!r.to_u64(&m)) throw_error(sqlstate::kNumericValueOutOfRange, err);
  if (neg_) {
    if (m > static_cast<uint64_t>(-(lo + 1)) + 1) throw_error(sqlstate::kNumericValueOutOfRange, err);
    return static_cast<int64_t>(0 - m);
  }
  if (m > static_cast<uint64_t>(hi)) throw_error(sqlstate::kNumericValueOutOfRange, err);
  return static_cast<int64_t>(m);
}

int Numeric::sign() const {
  switch (kind_) {
    case Kind::kNaN: return 0;
    case Kind::kPosInf: return 1;
    case Kind::kNegInf: return -1;
    case Kind::kFinite: break;
  }
  return mag_.is_zero() ? 0 : (neg_ ? -1 : 1);
}

bool Numeric::is_integral() const {
  return kind_ == Kind::kFinite && (mag_.is_zero() || mag_.trailing_zero_digits() >= scale_);
}

int Numeric::leading_exponent() const {
  if (!is_finite() || mag_.is_zero()) return 0;
  return mag_.decimal_digits() - 1 - scale_;
}

BigUint Numeric::mag_at_scale(int32_t scale) const { return mag_.mul_pow10(scale - scale_); }

Numeric Numeric::negate() const {
  switch (kind_) {
    case Kind::kNaN: return *this;
    case Kind::kPosInf: return infinity(true);
    case Kind::kNegInf: return infinity(false);
    case Kind::kFinite: break;
  }
  return Numeric(!neg_, mag_, scale_);
}

Numeric Numeric::abs() const {
  if (kind_ == Kind::kNegInf) return infinity(false);
  if (kind_ != Kind::kFinite) return *this;
  return Numeric(false, mag_, scale_);
}

Numeric Numeric::add(const Numeric& o) const {
  if (is_nan() || o.is_nan()) return nan();
  if (!is_finite() || !o.is_finite()) {
    if (!is_finite() && !o.is_finite()) return kind_ == o.kind_ ? *this : nan();
    return is_finite() ? o : *this;
  }
  int32_t s = std::max(scale_, o.scale_);
  BigUint a = mag_at_scale(s), b = o.mag_at_scale(s);
  if (neg_ == o.neg_) return Numeric(neg_, BigUint::add(a, b), s);
  int c = BigUint::compare(a, b);
  if (c == 0) return Numeric(false, BigUint(), s);
  return c > 0 ? Numeric(neg_, BigUint::sub(a, b), s) : Numeric(o.neg_, BigUint::sub(b, a), s);
}

Numeric Numeric::sub(const Numeric& o) const { return add(o.negate()); }

Numeric Numeric::mul(const Numeric& o) const {
  if (is_nan() || o.is_nan()) return nan();
  if (!is_finite() || !o.is_finite()) {
    int s = sign() * o.sign();
    if (s == 0) return nan();   // infinity * 0
    return infinity(s < 0);
  }
  if (mag_.decimal_digits() + o.mag_.decimal_digits() > kMaxResultDigits) overflow_format();
  return Numeric(neg_ != o.neg_, BigUint::mul(mag_, o.mag_), scale_ + o.scale_);
}

int Numeric::select_div_scale(const Numeric& o) const {
  // PostgreSQL estimates the quotient's weight from base-10000 digits: the
  // weight of each operand's leading NBASE digit and that digit's value.
  auto weight_and_first = [](const Numeric& n, int* weight, uint64_t* first) {
    if (n.mag_.is_zero()) {
      *weight = 0;
      *first = 0;
      return;
    }
    int e = n.leading_exponent();
    int w = e >= 0 ? e / 4 : -((-e + 3) / 4);
    int shift = 4 * w + n.scale_;
    BigUint f = shift >= 0 ? n.mag_.div_pow10(shift) : n.mag_.mul_pow10(-shift);
    f.to_u64(first);
    *weight = w;
  };
  int w1, w2;
  uint64_t f1, f2;
  weight_and_first(*this, &w1, &f1);
  weight_and_first(o, &w2, &f2);
  int qweight = w1 - w2;
  if (f1 <= f2) --qweight;
  int rscale = kMinSigDigits - qweight * 4;
  rscale = std::max({rscale, static_cast<int>(scale_), static_cast<int>(o.scale_), 0});
  return std::min(rscale, kMaxDisplayScale);
}

Numeric Numeric::div(const Numeric& o) const {
  if (is_nan() || o.is_nan()) return nan();
  if (!is_finite()) {
    if (!o.is_finite()) return nan();
    if (o.is_zero()) throw_error(sqlstate::kDivisionByZero, "division by zero");
    return infinity((sign() < 0) != o.is_negative());
  }
  if (!o.is_finite()) return Numeric();
  if (o.is_zero()) throw_error(sqlstate::kDivisionByZero, "division by zero");
  int rscale = select_div_scale(o);
  // floor(|a/b| * 10^(rscale+1)), then round on the extra digit.
  int k = rscale + 1 + o.scale_ - scale_;
  BigUint num = k >= 0 ? mag_.mul_pow10(k) : mag_;
  BigUint den = k >= 0 ? o.mag_ : o.mag_.mul_pow10(-k);
  BigUint q;
  BigUint::divmod(num, den, &q, nullptr);
  return Numeric(neg_ != o.neg_, round_mag(q, rscale + 1, rscale), rscale);
}

Numeric Numeric::div_trunc(const Numeric& o) const {
  if (is_nan() || o.is_nan()) return nan();
  if (o.is_zero()) throw_error(sqlstate::kDivisionByZero, "division by zero");
  if (!is_finite()) return o.is_finite() ? infinity((sign() < 0) != o.is_negative()) : nan();
  if (!o.is_finite()) return Numeric();
  BigUint num = mag_.mul_pow10(o.scale_), den = o.mag_.mul_pow10(scale_), q;
  BigUint::divmod(num, den, &q, nullptr);
  return Numeric(neg_ != o.neg_, std::move(q), 0);
}

Numeric Numeric::mod(const Numeric& o) const {
  if (is_nan() || o.is_nan()) return nan();
  if (o.is_zero()) throw_error(sqlstate::kDivisionByZero, "division by zero");
  if (!is_finite()) return nan();
  if (!o.is_finite()) return *this;
  Numeric q = div_trunc(o);
  return sub(o.mul(q));
}

Numeric Numeric::round(int32_t s) const {
  if (!is_finite()) return *this;
  int32_t target = std::max(s, 0);
  if (s >= scale_) return Numeric(neg_, mag_.mul_pow10(target - scale_), target);
  BigUint r = round_mag(mag_, scale_, s);   // s may be negative: r counts units of 10^-s
  if (s < 0) r = r.mul_pow10(-s);
  return Numeric(neg_, std::move(r), target);
}

Numeric Numeric::trunc(int32_t s) const {
  if (!is_finite()) return *this;
  int32_t target = std::max(s, 0);
  if (s >= scale_) return Numeric(neg_, mag_.mul_pow10(target - scale_), target);
  BigUint r = mag_.div_pow10(scale_ - s);
  if (s < 0) r = r.mul_pow10(-s);
  return Numeric(neg_, std::move(r), target);
}

Numeric Numeric::ceil() const {
  if (!is_finite()) return *this;
  Numeric t = trunc(0);
  if (!neg_ && !is_integral()) t = t.add(from_int64(1));
  return t;
}

Numeric Numeric::floor() const {
  if (!is_finite()) return *this;
  Numeric t = trunc(0);
  if (neg_ && !is_integral()) t = t.sub(from_int64(1));
  return t;
}

Numeric Numeric::trim_scale() const {
  if (!is_finite()) return *this;
  int drop = mag_.is_zero() ? scale_ : std::min(scale_, mag_.trailing_zero_digits());
  return Numeric(neg_, mag_.div_pow10(drop), scale_ - drop);
}

Numeric Numeric::with_scale(int32_t s) const { return round(s); }

Numeric Numeric::apply_typmod(int32_t typmod) const {
  if (typmod < 0 || is_nan()) return *this;
  int32_t precision = (typmod >> 16) & 0xffff, scale = typmod & 0xffff;
  int32_t maxdigits = precision - scale;
  if (!is_finite()) {
    throw DbError(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
        .detail("A field with precision " + std::to_string(precision) + ", scale " + std::to_string(scale) +
                " cannot hold an infinite value.");
  }
  Numeric r = round(scale);
  if (!r.is_zero() && r.leading_exponent() + 1 > maxdigits) {
    throw DbError(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
        .detail("A field with precision " + std::to_string(precision) + ", scale " + std::to_string(scale) +
                " must round to an absolute value less than " +
                (maxdigits ? "10^" + std::to_string(maxdigits) : std::string("1")) + ".");
  }
  return r;
}

int Numeric::compare(const Numeric& o) const {
  auto rank = [](const Numeric& n) {
    switch (n.kind_) {
      case Kind::kNegInf: return 0;
      case Kind::kFinite: return 1;
      case Kind::kPosInf: return 2;
      case Kind::kNaN: return 3;
    }
    return 1;
  };
  int ra = rank(*this), rb = rank(o);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra != 1) return 0;
  int sa = sign(), sb = o.sign();
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int32_t s = std::max(scale_, o.scale_);
  int c = BigUint::compare(mag_at_scale(s), o.mag_at_scale(s));
  return sa < 0 ? -c : c;
}

std::string Numeric::hash_text() const { return trim_scale().to_string(); }

void Numeric::encode_key(std::string& out) const {
  switch (kind_) {
    case Kind::kNegInf: out.push_back(0x01); return;
    case Kind::kPosInf: out.push_back(0x05); return;
    case Kind::kNaN: out.push_back(0x06); return;
    case Kind::kFinite: break;
  }
  if (mag_.is_zero()) {
    out.push_back(0x03);
    return;
  }
  // Positive: exponent (sign-flipped big-endian) then significant digits as
  // 1..10 and a 0 terminator, so a shorter digit string sorts first.
  // Negative: the same bytes complemented, which reverses the order.
  std::string body;
  uint32_t e = static_cast<uint32_t>(leading_exponent()) ^ 0x80000000u;
  for (int shift = 24; shift >= 0; shift -= 8) body.push_back(static_cast<char>((e >> shift) & 0xff));
  std::string digits = mag_.to_decimal();
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  for (char c : digits) body.push_back(static_cast<char>(c - '0' + 1));
  body.push_back(0);
  if (neg_) {
    for (auto& c : body) c = static_cast<char>(~static_cast<unsigned char>(c));
    out.push_back(0x02);
  } else {
    out.push_back(0x04);
  }
  out += body;
}

Numeric Numeric::sqrt() const {
  if (is_nan() || kind_ == Kind::kPosInf) return *this;
  if (is_negative()) {
    throw_error("2201F", "cannot take square root of a negative number");
  }
  if (mag_.is_zero()) return Numeric(false, BigUint(), scale_);
  // PostgreSQL: sweight = (weight+1)*DEC_DIGITS/2 - 1 with base-10000 weight.
  int e = leading_exponent();
  int weight = e >= 0 ? e / 4 : -((-e + 3) / 4);
  int sweight = (weight + 1) * 4 / 2 - 1;
  int rscale = clamp_scale(std::max(kMinSigDigits - sweight, scale_));
  // isqrt(M * 10^(2(rscale+1) - scale)) = floor(sqrt(x) * 10^(rscale+1)).
  BigUint n = mag_.mul_pow10(2 * (rscale + 1) - scale_);
  // Newton iteration from an over-estimate.
  BigUint x = BigUint::from_u64(1).mul_pow10((n.decimal_digits() + 1) / 2 + 1);
  for (;;) {
    BigUint q;
    BigUint::divmod(n, x, &q, nullptr);
    BigUint y = BigUint::add(x, q);
    BigUint half;
    BigUint::divmod(y, BigUint::from_u64(2), &half, nullptr);
    if (BigUint::compare(half, x) >= 0) break;
    x = std::move(half);
  }
  return Numeric(false, round_mag(x, rscale + 1, rscale), rscale);
}

namespace {
Numeric from_long_double(long double v, int rscale) {
  if (std::isnan(v)) return Numeric::nan();
  if (std::isinf(v)) overflow_format();
  char buf[2048];
  std::snprintf(buf, sizeof buf, "%.*Lf", rscale, v);
  return Numeric::parse(buf);
}
long double to_long_double(const Numeric& n) { return std::strtold(n.to_string().c_str(), nullptr); }
}  // namespace

Numeric Numeric::pow(const Numeric& o) const {
  if (is_nan() || o.is_nan()) {
    if (o.is_zero() || (is_finite() && compare(from_int64(1)) == 0)) return Numeric(false, BigUint::from_u64(1), 0);
    return nan();
  }
  if (is_zero() && o.is_negative()) {
    throw_error("2201F", "zero raised to a negative power is undefined");
  }
  if (is_negative() && !o.is_integral() && o.is_finite()) {
    throw_error("2201F", "a negative number raised to a non-integer power yields a complex result");
  }
  if (!is_finite() || !o.is_finite()) {
    // Infinite cases follow pow() in C, as PostgreSQL 15 does.
    double r = std::pow(to_double(), o.to_double());
    if (std::isinf(r)) return infinity(r < 0);
    return from_double(r);
  }
  if (o.is_integral()) {
    Numeric ei = o.trunc(0);
    uint64_t em = 0;
    if (ei.mag_.to_u64(&em) && em <= 0x7fffffffu) {
      int rscale = clamp_scale(std::max(kMinSigDigits, scale_));
      if (em == 0) return from_int64(1).round(rscale);
      if (!is_zero() && std::abs(static_cast<double>(leading_exponent() + 1)) * static_cast<double>(em) > kMaxResultDigits) {
        if (o.is_negative() != (leading_exponent() < 0)) overflow_format();
        return Numeric(false, BigUint(), rscale);   // underflows to zero at rscale
      }
      // Exact power by squaring, then round (or divide) to rscale.
      BigUint acc = BigUint::from_u64(1), base = mag_;
      for (uint64_t k = em; k; k >>= 1) {
        if (k & 1) acc = BigUint::mul(acc, base);
        if (k > 1) base = BigUint::mul(base, base);
      }
      bool neg = neg_ && (em & 1);
      Numeric p(neg, std::move(acc), static_cast<int32_t>(scale_ * em));
      if (!o.is_negative()) return p.round(rscale);
      Numeric one(false, BigUint::from_u64(1), 0);
      // 1 / p at exactly rscale digits, rounded half away from zero.
      int k = rscale + 1 + p.scale_;
      BigUint q;
      BigUint::divmod(BigUint::from_u64(1).mul_pow10(k), p.mag_, &q, nullptr);
      return Numeric(neg, round_mag(q, rscale + 1, rscale), rscale);
    }
  }
  long double b = to_long_double(*this), x = to_long_double(o);
  long double lg = x * std::log10(std::fabs(b));
  if (lg > 1000) overflow_format();
  int rscale = clamp_scale(std::max({kMinSigDigits - static_cast<int>(lg), static_cast<int>(scale_), static_cast<int>(o.scale_)}));
  return from_long_double(std::pow(b, x), rscale);
}

Numeric Numeric::exp() const {
  if (is_nan() || kind_ == Kind::kPosInf) return *this;
  if (kind_ == Kind::kNegInf) return Numeric();
  long double v = to_long_double(*this);
  long double lg = v * 0.434294481903252L;
  if (lg > 1000) overflow_format();
  int rscale = clamp_scale(std::max(kMinSigDigits - static_cast<int>(lg), scale_));
  return from_long_double(std::exp(v), rscale);
}

Numeric Numeric::ln() const {
  if (is_nan() || kind_ == Kind::kPosInf) return *this;
  if (is_zero()) throw_error("2201E", "cannot take logarithm of zero");
  if (is_negative()) throw_error("2201E", "cannot take logarithm of a negative number");
  long double v = std::log(to_long_double(*this));
  int dweight = v == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(v))));
  int rscale = clamp_scale(std::max(kMinSigDigits - dweight, scale_));
  return from_long_double(v, rscale);
}

}  // namespace upsertdb
