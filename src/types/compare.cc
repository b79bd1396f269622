// Ordering, equality, hashing and memcmp-ordered index keys for values.
// Text is compared bytewise (C collation); char(n) ignores trailing spaces;
// floats put NaN above everything and treat -0 as 0; numeric compares by
// value (1.0 = 1.00); intervals by their 30-day-month span, as PostgreSQL does.
#include <cmath>
#include <cstring>

#include "common/error.h"
#include "types/array.h"
#include "types/datetime.h"
#include "types/numeric.h"
#include "types/text_format.h"
#include "types/value.h"

namespace upsertdb {

namespace {

enum class Family { kInteger, kFloat, kNumeric, kString, kBool, kBytes, kDateTime, kDate, kTime, kInterval, kUuid, kArray, kOther };

Family family(TypeId t) {
  switch (t) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
    case TypeId::kRegclass:
    case TypeId::kRegnamespace: return Family::kInteger;
    case TypeId::kFloat4:
    case TypeId::kFloat8: return Family::kFloat;
    case TypeId::kNumeric: return Family::kNumeric;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kUnknown:
    case TypeId::kJson:
    case TypeId::kJsonb:
    case TypeId::kRegtype: return Family::kString;
    case TypeId::kBool: return Family::kBool;
    case TypeId::kBytea: return Family::kBytes;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return Family::kDateTime;
    case TypeId::kDate: return Family::kDate;
    case TypeId::kTime: return Family::kTime;
    case TypeId::kInterval: return Family::kInterval;
    case TypeId::kUuid: return Family::kUuid;
    default: return is_array_type(t) ? Family::kArray : Family::kOther;
  }
}

std::string_view string_view_of(const Value& v) {
  if (v.type() == TypeId::kBpchar) return rtrim_spaces(v.as_str());
  return v.as_str();
}

template <typename X>
int cmp3(X a, X b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

int compare_doubles(double a, double b) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an && bn ? 0 : (an ? 1 : -1);
  return cmp3(a, b);
}

int compare_bytes(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  int c = n ? std::memcmp(a.data(), b.data(), n) : 0;
  if (c) return c < 0 ? -1 : 1;
  return cmp3(a.size(), b.size());
}

Numeric as_numeric(const Value& v) {
  if (v.type() == TypeId::kNumeric) return Numeric::parse(v.as_str());
  return Numeric::from_int64(v.as_int());
}

double as_double(const Value& v) {
  switch (family(v.type())) {
    case Family::kFloat: return v.as_float();
    case Family::kNumeric: return Numeric::parse(v.as_str()).to_double();
    default: return static_cast<double>(v.as_int());
  }
}

// Date/timestamp values on the timestamp scale (infinities preserved).
int64_t as_timestamp(const Value& v) {
  if (v.type() != TypeId::kDate) return v.as_int();
  int32_t d = static_cast<int32_t>(v.as_int());
  if (d == datetime::kDatePosInfinity) return datetime::kTimestampPosInfinity;
  if (d == datetime::kDateNegInfinity) return datetime::kTimestampNegInfinity;
  return static_cast<int64_t>(d) * datetime::kMicrosPerDay;
}

uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t hash_bytes(std::string_view s, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return mix64(h);
}

void put_u64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void put_i64(std::string& out, int64_t v) { put_u64(out, static_cast<uint64_t>(v) ^ (1ULL << 63)); }

void put_double(std::string& out, double d) {
  if (std::isnan(d)) {
    put_u64(out, ~0ULL);
    return;
  }
  if (d == 0) d = 0;   // -0 sorts as 0
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  bits = (bits & (1ULL << 63)) ? ~bits : bits | (1ULL << 63);
  put_u64(out, bits);
}

// 0x00 is escaped as 0x00 0xFF and the string ends with 0x00 0x00, so a
// prefix sorts before its extensions.
void put_escaped(std::string& out, std::string_view s) {
  for (char c : s) {
    out.push_back(c);
    if (c == 0) out.push_back(static_cast<char>(0xFF));
  }
  out.push_back(0);
  out.push_back(0);
}

}  // namespace

int compare_values(const Value& a, const Value& b) {
  Family fa = family(a.type()), fb = family(b.type());
  if (fa == fb) {
    switch (fa) {
      case Family::kInteger:
      case Family::kBool:
      case Family::kDate:
      case Family::kTime:
      case Family::kDateTime: return cmp3(a.as_int(), b.as_int());
      case Family::kFloat: return compare_doubles(a.as_float(), b.as_float());
      case Family::kNumeric: return Numeric::parse(a.as_str()).compare(Numeric::parse(b.as_str()));
      case Family::kString: return compare_bytes(string_view_of(a), string_view_of(b));
      case Family::kBytes: return compare_bytes(a.as_str(), b.as_str());
      case Family::kInterval:
        return cmp3(datetime::interval_span(a.as_interval()), datetime::interval_span(b.as_interval()));
      case Family::kUuid: {
        int c = std::memcmp(a.uuid_bytes(), b.uuid_bytes(), 16);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
      }
      case Family::kArray: return compare_arrays(a, b);
      case Family::kOther: return compare_bytes(a.as_str(), b.as_str());
    }
  }
  // Tolerated cross-family comparisons (the binder normally casts first).
  auto numeric_like = [](Family f) { return f == Family::kInteger || f == Family::kNumeric || f == Family::kFloat; };
  if (numeric_like(fa) && numeric_like(fb)) {
    if (fa == Family::kFloat || fb == Family::kFloat) return compare_doubles(as_double(a), as_double(b));
    return as_numeric(a).compare(as_numeric(b));
  }
  if ((fa == Family::kDate || fa == Family::kDateTime) && (fb == Family::kDate || fb == Family::kDateTime)) {
    return cmp3(as_timestamp(a), as_timestamp(b));
  }
  throw_error(sqlstate::kUndefinedFunction, "could not compare " + type_display_name(Type(a.type())) + " with " +
                                                type_display_name(Type(b.type())));
}

bool values_equal(const Value& a, const Value& b) {
  if (a.type() == b.type()) {
    switch (family(a.type())) {
      case Family::kInteger:
      case Family::kBool:
      case Family::kDate:
      case Family::kTime:
      case Family::kDateTime: return a.as_int() == b.as_int();
      case Family::kString:
        if (a.type() != TypeId::kBpchar) return a.as_str() == b.as_str();
        break;
      case Family::kBytes: return a.as_str() == b.as_str();
      default: break;
    }
  }
  return compare_values(a, b) == 0;
}

uint64_t hash_value(const Value& v) {
  if (v.is_null()) return 0x9e3779b97f4a7c15ULL;
  switch (family(v.type())) {
    case Family::kInteger:
    case Family::kBool:
    case Family::kDate:
    case Family::kTime:
    case Family::kDateTime: return mix64(static_cast<uint64_t>(v.as_int()));
    case Family::kFloat: {
      double d = v.as_float();
      if (std::isnan(d)) return mix64(0x7ff8000000000000ULL);
      if (d == 0) d = 0;
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return mix64(bits);
    }
    case Family::kNumeric: return hash_bytes(Numeric::parse(v.as_str()).hash_text(), 1);
    case Family::kString: return hash_bytes(string_view_of(v), 2);
    case Family::kBytes: return hash_bytes(v.as_str(), 3);
    case Family::kInterval: {
      __int128 s = datetime::interval_span(v.as_interval());
      return mix64(static_cast<uint64_t>(s) ^ mix64(static_cast<uint64_t>(s >> 64)));
    }
    case Family::kUuid: return hash_bytes(std::string_view(reinterpret_cast<const char*>(v.uuid_bytes()), 16), 4);
    case Family::kArray:   // the encoding holds canonical element text: equal arrays, equal bytes
    case Family::kOther: return hash_bytes(v.as_str(), 5);
  }
  return 0;
}

void encode_key(const Value& v, std::string& out) {
  if (v.is_null()) {
    out.push_back(0x02);
    return;
  }
  out.push_back(0x01);
  switch (family(v.type())) {
    case Family::kInteger:
    case Family::kDate:
    case Family::kTime:
    case Family::kDateTime: put_i64(out, v.as_int()); return;
    case Family::kBool: out.push_back(v.as_bool() ? 1 : 0); return;
    case Family::kFloat: put_double(out, v.as_float()); return;
    case Family::kNumeric: Numeric::parse(v.as_str()).encode_key(out); return;
    case Family::kString: put_escaped(out, string_view_of(v)); return;
    case Family::kBytes:
    case Family::kArray:   // not ordered like compare_arrays: arrays are never index keys
    case Family::kOther: put_escaped(out, v.as_str()); return;
    case Family::kInterval: {
      __int128 s = datetime::interval_span(v.as_interval());
      put_u64(out, static_cast<uint64_t>(s >> 64) ^ (1ULL << 63));
      put_u64(out, static_cast<uint64_t>(s));
      return;
    }
    case Family::kUuid: out.append(reinterpret_cast<const char*>(v.uuid_bytes()), 16); return;
  }
}

}  // namespace upsertdb
