// BigUint arithmetic. Division is Knuth's algorithm D (TAOCP 4.3.1) in base 10^9.
#include "types/bigint.h"

#include <algorithm>

namespace upsertdb {

namespace {
constexpr uint32_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
}

void BigUint::trim() {
  while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
}

BigUint BigUint::from_u64(uint64_t v) {
  BigUint r;
  while (v) {
    r.limbs_.push_back(static_cast<uint32_t>(v % kBase));
    v /= kBase;
  }
  return r;
}

BigUint BigUint::from_decimal(std::string_view digits) {
  BigUint r;
  int end = static_cast<int>(digits.size());
  while (end > 0) {
    int start = std::max(0, end - kLimbDigits);
    uint32_t limb = 0;
    for (int i = start; i < end; ++i) limb = limb * 10 + static_cast<uint32_t>(digits[i] - '0');
    r.limbs_.push_back(limb);
    end = start;
  }
  r.trim();
  return r;
}

std::string BigUint::to_decimal() const {
  if (limbs_.empty()) return "0";
  std::string s = std::to_string(limbs_.back());
  char buf[16];
  for (size_t i = limbs_.size() - 1; i-- > 0;) {
    uint32_t v = limbs_[i];
    for (int d = kLimbDigits - 1; d >= 0; --d) {
      buf[d] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    s.append(buf, kLimbDigits);
  }
  return s;
}

int BigUint::decimal_digits() const {
  if (limbs_.empty()) return 0;
  int top = 0;
  for (uint32_t v = limbs_.back(); v; v /= 10) ++top;
  return static_cast<int>(limbs_.size() - 1) * kLimbDigits + top;
}

int BigUint::digit_at(int pos) const {
  if (pos < 0) return 0;
  size_t limb = static_cast<size_t>(pos / kLimbDigits);
  if (limb >= limbs_.size()) return 0;
  return static_cast<int>(limbs_[limb] / kPow10[pos % kLimbDigits] % 10);
}

int BigUint::trailing_zero_digits() const {
  int n = 0;
  for (uint32_t v : limbs_) {
    if (v == 0) {
      n += kLimbDigits;
      continue;
    }
    while (v % 10 == 0) {
      v /= 10;
      ++n;
    }
    return n;
  }
  return 0;
}

bool BigUint::to_u64(uint64_t* out) const {
  unsigned __int128 v = 0;
  for (size_t i = limbs_.size(); i-- > 0;) {
    v = v * kBase + limbs_[i];
    if (v > UINT64_MAX) return false;
  }
  *out = static_cast<uint64_t>(v);
  return true;
}

int BigUint::compare(const BigUint& a, const BigUint& b) {
  if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
  for (size_t i = a.limbs_.size(); i-- > 0;) {
    if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
  }
  return 0;
}

BigUint BigUint::add(const BigUint& a, const BigUint& b) {
  BigUint r;
  size_t n = std::max(a.limbs_.size(), b.limbs_.size());
  r.limbs_.resize(n + 1);
  uint32_t carry = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t s = carry + (i < a.limbs_.size() ? a.limbs_[i] : 0) + (i < b.limbs_.size() ? b.limbs_[i] : 0);
    carry = s >= kBase;
    r.limbs_[i] = carry ? s - kBase : s;
  }
  r.limbs_[n] = carry;
  r.trim();
  return r;
}

BigUint BigUint::sub(const BigUint& a, const BigUint& b) {
  BigUint r;
  r.limbs_.resize(a.limbs_.size());
  int64_t borrow = 0;
  for (size_t i = 0; i < a.limbs_.size(); ++i) {
    int64_t d = static_cast<int64_t>(a.limbs_[i]) - borrow - (i < b.limbs_.size() ? b.limbs_[i] : 0);
    borrow = d < 0;
    r.limbs_[i] = static_cast<uint32_t>(d < 0 ? d + kBase : d);
  }
  r.trim();
  return r;
}

BigUint BigUint::mul(const BigUint& a, const BigUint& b) {
  BigUint r;
  if (a.is_zero() || b.is_zero()) return r;
  std::vector<uint64_t> acc(a.limbs_.size() + b.limbs_.size() + 1, 0);
  for (size_t i = 0; i < a.limbs_.size(); ++i) {
    uint64_t carry = 0;
    uint64_t ai = a.limbs_[i];
    for (size_t j = 0; j < b.limbs_.size(); ++j) {
      uint64_t cur = acc[i + j] + ai * b.limbs_[j] + carry;
      acc[i + j] = cur % kBase;
      carry = cur / kBase;
    }
    size_t k = i + b.limbs_.size();
    while (carry) {
      uint64_t cur = acc[k] + carry;
      acc[k] = cur % kBase;
      carry = cur / kBase;
      ++k;
    }
  }
  r.limbs_.assign(acc.begin(), acc.end());
  r.trim();
  return r;
}

uint32_t BigUint::divmod_small(uint32_t d) {
  uint64_t rem = 0;
  for (size_t i = limbs_.size(); i-- > 0;) {
    uint64_t cur = rem * kBase + limbs_[i];
    limbs_[i] = static_cast<uint32_t>(cur / d);
    rem = cur % d;
  }
  trim();
  return static_cast<uint32_t>(rem);
}

void BigUint::mul_small(uint32_t m) {
  uint64_t carry = 0;
  for (auto& limb : limbs_) {
    uint64_t cur = static_cast<uint64_t>(limb) * m + carry;
    limb = static_cast<uint32_t>(cur % kBase);
    carry = cur / kBase;
  }
  if (carry) limbs_.push_back(static_cast<uint32_t>(carry));
  trim();
}

void BigUint::divmod(const BigUint& a, const BigUint& b, BigUint* q, BigUint* r) {
  if (compare(a, b) < 0) {
    if (q) *q = BigUint();
    if (r) *r = a;
    return;
  }
  if (b.limbs_.size() == 1) {
    BigUint quot = a;
    uint32_t rem = quot.divmod_small(b.limbs_[0]);
    if (q) *q = std::move(quot);
    if (r) *r = from_u64(rem);
    return;
  }
  // Normalise so the divisor's top limb is at least kBase/2; this keeps each
  // estimated quotient digit at most 2 too large.
  const uint32_t norm = static_cast<uint32_t>(kBase / (static_cast<uint64_t>(b.limbs_.back()) + 1));
  BigUint u = a, v = b;
  u.mul_small(norm);
  v.mul_small(norm);
  const size_t n = v.limbs_.size();
  const size_t m = u.limbs_.size() - n;
  u.limbs_.resize(u.limbs_.size() + 1, 0);   // allow u to have m+n+1 limbs
  std::vector<uint32_t> qd(m + 1, 0);
  const uint64_t vtop = v.limbs_[n - 1], vnext = v.limbs_[n - 2];
  for (size_t j = m + 1; j-- > 0;) {
    uint64_t num = static_cast<uint64_t>(u.limbs_[j + n]) * kBase + u.limbs_[j + n - 1];
    uint64_t qhat = num / vtop;
    uint64_t rhat = num % vtop;
    while (qhat >= kBase || qhat * vnext > rhat * kBase + u.limbs_[j + n - 2]) {
      --qhat;
      rhat += vtop;
      if (rhat >= kBase) break;
    }
    // u[j..j+n] -= qhat * v
    int64_t borrow = 0;
    uint64_t carry = 0;
    for (size_t i = 0; i < n; ++i) {
      uint64_t p = qhat * v.limbs_[i] + carry;
      carry = p / kBase;
      int64_t t = static_cast<int64_t>(u.limbs_[i + j]) - borrow - static_cast<int64_t>(p % kBase);
      borrow = t < 0;
      u.limbs_[i + j] = static_cast<uint32_t>(t < 0 ? t + kBase : t);
    }
    int64_t t = static_cast<int64_t>(u.limbs_[j + n]) - borrow - static_cast<int64_t>(carry);
    if (t < 0) {
      // qhat was one too large: add v back.
      u.limbs_[j + n] = static_cast<uint32_t>(t + kBase);
      --qhat;
      uint32_t c = 0;
      for (size_t i = 0; i < n; ++i) {
        uint32_t s = u.limbs_[i + j] + v.limbs_[i] + c;
        c = s >= kBase;
        u.limbs_[i + j] = c ? s - kBase : s;
      }
      u.limbs_[j + n] = static_cast<uint32_t>((u.limbs_[j + n] + c) % kBase);
    } else {
      u.limbs_[j + n] = static_cast<uint32_t>(t);
    }
    qd[j] = static_cast<uint32_t>(qhat);
  }
  if (q) {
    q->limbs_ = std::move(qd);
    q->trim();
  }
  if (r) {
    u.limbs_.resize(n);
    u.trim();
    u.divmod_small(norm);
    *r = std::move(u);
  }
}

BigUint BigUint::mul_pow10(int k) const {
  if (is_zero() || k <= 0) return *this;
  BigUint r = *this;
  r.mul_small(kPow10[k % kLimbDigits]);
  r.limbs_.insert(r.limbs_.begin(), static_cast<size_t>(k / kLimbDigits), 0u);
  return r;
}

BigUint BigUint::div_pow10(int k) const {
  if (k <= 0) return *this;
  BigUint r;
  size_t drop = static_cast<size_t>(k / kLimbDigits);
  if (drop >= limbs_.size()) return r;
  r.limbs_.assign(limbs_.begin() + static_cast<std::ptrdiff_t>(drop), limbs_.end());
  r.divmod_small(kPow10[k % kLimbDigits]);
  return r;
}

BigUint BigUint::add_small(uint32_t v) const { return add(*this, from_u64(v)); }

}  // namespace upsertdb
