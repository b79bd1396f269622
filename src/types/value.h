// Value: one SQL datum in the executor: a TypeId, a null flag and a payload.
// Scalars live inline; text, bytea, numeric (canonical decimal text), json and
// jsonb live in `str`. Storage keeps rows in its own packed encoding (see
// storage/row_codec.h); Value is the currency of expressions and results.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "types/type.h"

namespace upsertdb {

struct Interval {
  int64_t micros = 0;
  int32_t days = 0;
  int32_t months = 0;
  bool operator==(const Interval& o) const {
    return micros == o.micros && days == o.days && months == o.months;
  }
};

class Value {
 public:
  Value() = default;   // NULL of unknown type

  static Value null(TypeId t = TypeId::kUnknown) { Value v; v.type_ = t; return v; }
  static Value boolean(bool b) { Value v(TypeId::kBool); v.u_.i = b; return v; }
  static Value int2(int16_t x) { Value v(TypeId::kInt2); v.u_.i = x; return v; }
  static Value int4(int32_t x) { Value v(TypeId::kInt4); v.u_.i = x; return v; }
  static Value int8(int64_t x) { Value v(TypeId::kInt8); v.u_.i = x; return v; }
  static Value integer(TypeId t, int64_t x) { Value v(t); v.u_.i = x; return v; }
  static Value float4(float x) { Value v(TypeId::kFloat4); v.u_.f = x; return v; }
  static Value float8(double x) { Value v(TypeId::kFloat8); v.u_.f = x; return v; }
  // `canonical` must already be a normalised decimal ("-12.50", "NaN").
  static Value numeric(std::string canonical) { return with_str(TypeId::kNumeric, std::move(canonical)); }
  static Value text(std::string s, TypeId t = TypeId::kText) { return with_str(t, std::move(s)); }
  static Value unknown_literal(std::string s) { return with_str(TypeId::kUnknown, std::move(s)); }
  static Value bytea(std::string bytes) { return with_str(TypeId::kBytea, std::move(bytes)); }
  static Value json(std::string s) { return with_str(TypeId::kJson, std::move(s)); }
  static Value jsonb(std::string normalised) { return with_str(TypeId::kJsonb, std::move(normalised)); }
  static Value date(int32_t days_since_2000) { Value v(TypeId::kDate); v.u_.i = days_since_2000; return v; }
  static Value time(int64_t micros_since_midnight) { Value v(TypeId::kTime); v.u_.i = micros_since_midnight; return v; }
  static Value timestamp(int64_t micros_since_2000) { Value v(TypeId::kTimestamp); v.u_.i = micros_since_2000; return v; }
  static Value timestamptz(int64_t micros_since_2000_utc) { Value v(TypeId::kTimestampTz); v.u_.i = micros_since_2000_utc; return v; }
  static Value interval(Interval iv) { Value v(TypeId::kInterval); v.u_.iv = iv; return v; }
  static Value uuid(const uint8_t bytes[16]) { Value v(TypeId::kUuid); std::memcpy(v.u_.uuid, bytes, 16); return v; }
  static Value oid(uint32_t o, TypeId t = TypeId::kOid) { Value v(t); v.u_.i = o; return v; }
  // A regclass that carries the relation's display name, resolved while the
  // catalog was at hand (the wire layer prints values after the statement).
  static Value regclass_named(uint32_t o, std::string name) {
    Value v = with_str(TypeId::kRegclass, std::move(name));
    v.u_.i = o;
    return v;
  }

  TypeId type() const { return type_; }
  bool is_null() const { return null_; }

  bool as_bool() const { return u_.i != 0; }
  int64_t as_int() const { return u_.i; }          // every integer-like type, date, time, timestamps, oid
  double as_float() const { return u_.f; }
  const std::string& as_str() const { return str_; }
  const Interval& as_interval() const { return u_.iv; }
  const uint8_t* uuid_bytes() const { return u_.uuid; }

  // Retypes without conversion (varchar -> text, int4 holding an oid ...).
  Value& set_type(TypeId t) { type_ = t; return *this; }

 private:
  explicit Value(TypeId t) : type_(t), null_(false) {}
  static Value with_str(TypeId t, std::string s) { Value v(t); v.str_ = std::move(s); return v; }

  TypeId type_ = TypeId::kUnknown;
  bool null_ = true;
  union U {
    int64_t i;
    double f;
    Interval iv;
    uint8_t uuid[16];
    U() : iv() {}
  } u_;
  std::string str_;
};

// ---- Text I/O (PostgreSQL's output functions with DateStyle ISO, TimeZone UTC,
// extra_float_digits 1, bytea_output hex) ------------------------------------

// The text PostgreSQL would print for this datum. Must not be called on NULL.
std::string value_to_text(const Value& v);
// Parses PostgreSQL input text into a datum of `t`, applying the typmod as an
// assignment would (varchar(n) overflow 22001, numeric(p,s) rounding/overflow).
// Errors are PostgreSQL's: 22P02 `invalid input syntax for type integer: "x"`,
// 22003 `value "99999999999" is out of range for type integer`, 22007/22008 ...
Value value_from_text(std::string_view text, const Type& t);

// ---- Casts -----------------------------------------------------------------

enum class CastContext { kImplicit, kAssignment, kExplicit };
// Whether PostgreSQL allows casting `from` to `to` in this context.
bool can_cast(TypeId from, TypeId to, CastContext ctx);
// Converts, raising PostgreSQL's errors (42846 cannot cast, 22003 out of range,
// 22001 value too long in assignment; explicit casts to varchar(n) truncate).
// NULL in gives NULL of the target type.
Value cast_value(const Value& v, const Type& to, CastContext ctx);

// ---- Comparison, hashing, index keys -----------------------------------------

// Three-way compare of two non-null values of comparable types (the binder has
// already coerced both sides to one type). Text compares bytewise (C collation).
// Floats order NaN above everything, as PostgreSQL does.
int compare_values(const Value& a, const Value& b);
// Equality consistent with compare_values (numeric 1.0 = 1.00).
bool values_equal(const Value& a, const Value& b);
// Hash consistent with values_equal (so 1.0 and 1.00 hash alike).
uint64_t hash_value(const Value& v);

// Appends a memcmp-ordered encoding of `v` (NULL allowed: sorts after every
// value, as in a default ascending btree) so that byte order = compare_values order.
void encode_key(const Value& v, std::string& out);

}  // namespace upsertdb
