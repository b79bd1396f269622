// BigUint: an unsigned arbitrary-precision integer in base 10^9 limbs, the
// magnitude behind Numeric. Base 10^9 keeps decimal scaling (x * 10^k) and
// decimal printing cheap, which is what a decimal type does most.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace upsertdb {

class BigUint {
 public:
  static constexpr uint32_t kBase = 1000000000;
  static constexpr int kLimbDigits = 9;

  BigUint() = default;
  static BigUint from_u64(uint64_t v);
  // `digits` holds only '0'..'9' (may be empty = 0).
  static BigUint from_decimal(std::string_view digits);

  bool is_zero() const { return limbs_.empty(); }
  std::string to_decimal() const;      // "0" for zero
  int decimal_digits() const;          // 0 for zero
  int digit_at(int pos) const;         // decimal digit at 10^pos (0 beyond the top)
  int trailing_zero_digits() const;    // 0 for zero
  bool to_u64(uint64_t* out) const;    // false when it does not fit

  static int compare(const BigUint& a, const BigUint& b);
  static BigUint add(const BigUint& a, const BigUint& b);
  static BigUint sub(const BigUint& a, const BigUint& b);   // requires a >= b
  static BigUint mul(const BigUint& a, const BigUint& b);
  // q = a / b, r = a % b (truncating); b must be non-zero. q or r may be null.
  static void divmod(const BigUint& a, const BigUint& b, BigUint* q, BigUint* r);

  BigUint mul_pow10(int k) const;      // this * 10^k, k >= 0
  BigUint div_pow10(int k) const;      // this / 10^k truncated, k >= 0
  BigUint add_small(uint32_t v) const;

  const std::vector<uint32_t>& limbs() const { return limbs_; }

 private:
  void trim();
  uint32_t divmod_small(uint32_t d);   // in place, returns remainder
  void mul_small(uint32_t m);          // in place
  std::vector<uint32_t> limbs_;        // little-endian, no high zero limbs
};

}  // namespace upsertdb
