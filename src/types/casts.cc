// Casts between built-in types, following PostgreSQL 15's pg_cast: which
// casts exist in which context, and how each converts.
#include <cmath>

#include "common/error.h"
#include "types/array.h"
#include "types/coerce.h"
#include "types/datetime.h"
#include "types/hooks.h"
#include "types/json.h"
#include "types/numeric.h"
#include "types/text_format.h"
#include "types/value.h"

namespace upsertdb {

namespace {

enum : char { kI = 'i', kA = 'a', kE = 'e' };

struct CastRule {
  TypeId from, to;
  char context;
};

using T = TypeId;
// pg_cast rows among our types (castcontext i/a/e). I/O conversion casts to
// and from string types are implied below, as PostgreSQL implies them.
constexpr CastRule kCasts[] = {
    {T::kBool, T::kInt4, kE},
    {T::kInt8, T::kInt2, kA}, {T::kInt8, T::kInt4, kA}, {T::kInt8, T::kOid, kI}, {T::kInt8, T::kFloat4, kI},
    {T::kInt8, T::kFloat8, kI}, {T::kInt8, T::kNumeric, kI}, {T::kInt8, T::kRegclass, kI},
    {T::kInt2, T::kInt8, kI}, {T::kInt2, T::kInt4, kI}, {T::kInt2, T::kOid, kI}, {T::kInt2, T::kFloat4, kI},
    {T::kInt2, T::kFloat8, kI}, {T::kInt2, T::kNumeric, kI}, {T::kInt2, T::kRegclass, kI},
    {T::kInt4, T::kBool, kE}, {T::kInt4, T::kInt8, kI}, {T::kInt4, T::kInt2, kA}, {T::kInt4, T::kOid, kI},
    {T::kInt4, T::kFloat4, kI}, {T::kInt4, T::kFloat8, kI}, {T::kInt4, T::kNumeric, kI}, {T::kInt4, T::kRegclass, kI},
    {T::kText, T::kName, kI}, {T::kText, T::kBpchar, kI}, {T::kText, T::kVarchar, kI}, {T::kText, T::kRegclass, kI},
    {T::kName, T::kText, kI}, {T::kName, T::kBpchar, kA}, {T::kName, T::kVarchar, kA},
    {T::kOid, T::kInt8, kA}, {T::kOid, T::kInt4, kA}, {T::kOid, T::kRegclass, kI}, {T::kOid, T::kRegtype, kI},
    {T::kInt4, T::kRegtype, kI}, {T::kInt8, T::kRegtype, kI}, {T::kRegtype, T::kOid, kI},
    {T::kJson, T::kJsonb, kA},
    {T::kFloat4, T::kInt8, kA}, {T::kFloat4, T::kInt2, kA}, {T::kFloat4, T::kInt4, kA}, {T::kFloat4, T::kFloat8, kI},
    {T::kFloat4, T::kNumeric, kA},
    {T::kFloat8, T::kInt8, kA}, {T::kFloat8, T::kInt2, kA}, {T::kFloat8, T::kInt4, kA}, {T::kFloat8, T::kFloat4, kA},
    {T::kFloat8, T::kNumeric, kA},
    {T::kBpchar, T::kName, kI}, {T::kBpchar, T::kText, kI}, {T::kBpchar, T::kVarchar, kI},
    {T::kVarchar, T::kName, kI}, {T::kVarchar, T::kText, kI}, {T::kVarchar, T::kBpchar, kI},
    {T::kVarchar, T::kRegclass, kI},
    {T::kDate, T::kTimestamp, kI}, {T::kDate, T::kTimestampTz, kI},
    {T::kTime, T::kInterval, kI},
    {T::kTimestamp, T::kDate, kA}, {T::kTimestamp, T::kTime, kA}, {T::kTimestamp, T::kTimestampTz, kI},
    {T::kTimestampTz, T::kDate, kA}, {T::kTimestampTz, T::kTime, kA}, {T::kTimestampTz, T::kTimestamp, kA},
    {T::kInterval, T::kTime, kA},
    {T::kNumeric, T::kInt8, kA}, {T::kNumeric, T::kInt2, kA}, {T::kNumeric, T::kInt4, kA},
    {T::kNumeric, T::kFloat4, kI}, {T::kNumeric, T::kFloat8, kI},
    {T::kRegclass, T::kInt8, kA}, {T::kRegclass, T::kInt4, kA}, {T::kRegclass, T::kOid, kI},
    {T::kJsonb, T::kBool, kE}, {T::kJsonb, T::kInt8, kE}, {T::kJsonb, T::kInt2, kE}, {T::kJsonb, T::kInt4, kE},
    {T::kJsonb, T::kJson, kA}, {T::kJsonb, T::kFloat4, kE}, {T::kJsonb, T::kFloat8, kE},
    {T::kJsonb, T::kNumeric, kE},
    {T::kOid, T::kRegnamespace, kI}, {T::kRegnamespace, T::kOid, kI}, {T::kInt4, T::kRegnamespace, kI},
    {T::kInt8, T::kRegnamespace, kI}, {T::kInt2, T::kRegnamespace, kI}, {T::kRegnamespace, T::kInt4, kA},
    {T::kRegnamespace, T::kInt8, kA},
    // int2vector and oidvector are binary-coercible to their array types.
    {T::kInt2Vector, T::kInt2Array, kI}, {T::kOidVector, T::kOidArray, kI},
};

// regtype holds the type's display name; an OID that is not one of our types
// prints as the number, as PostgreSQL's regtypeout does for unknown OIDs.
Value regtype_from_oid(uint32_t oid) {
  TypeId t = type_from_oid(oid);
  if (t == TypeId::kUnknown && oid != 705) return Value::text(std::to_string(oid), TypeId::kRegtype);
  return Value::text(type_display_name(Type(t)), TypeId::kRegtype);
}

bool allowed(char rule, CastContext ctx) {
  switch (ctx) {
    case CastContext::kImplicit: return rule == kI;
    case CastContext::kAssignment: return rule == kI || rule == kA;
    case CastContext::kExplicit: return true;
  }
  return false;
}

bool is_text_like(TypeId t) {
  return t == TypeId::kText || t == TypeId::kVarchar || t == TypeId::kBpchar || t == TypeId::kName;
}

// Text of a string-category value as the text type sees it (bpchar drops its padding).
std::string string_payload(const Value& v) {
  if (v.type() == TypeId::kBpchar) return std::string(rtrim_spaces(v.as_str()));
  return v.as_str();
}

double check_float4_range(double d) {
  float f = static_cast<float>(d);
  if (std::isinf(f) && !std::isinf(d)) throw_error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
  if (f == 0 && d != 0) throw_error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
  return f;
}

int64_t float_to_integer(double d, TypeId to) {
  double r = std::rint(d);   // half to even, as PostgreSQL's rint()
  int64_t lo, hi;
  integer_range(to, &lo, &hi);
  // Compare in double: hi may not be representable, so test against 2^63 etc.
  if (std::isnan(r) || r < static_cast<double>(lo) || r >= -static_cast<double>(lo)) {
    throw_error(sqlstate::kNumericValueOutOfRange, std::string(integer_word(to)) + " out of range");
  }
  return static_cast<int64_t>(r);
}

[[noreturn]] void jsonb_cast_error(const json::Node& n, TypeId to) {
  static const char* kKinds[] = {"null", "boolean", "numeric", "string", "array", "object"};
  throw_error(sqlstate::kInvalidParameterValue, std::string("cannot cast jsonb ") +
                                                    kKinds[static_cast<int>(n.kind)] + " to type " +
                                                    type_display_name(Type(to)));
}

Value convert(const Value& v, const Type& to, CastContext ctx) {
  const TypeId from = v.type();
  const bool expl = ctx == CastContext::kExplicit;
  if (from == TypeId::kUnknown) {
    Value r = value_from_text(v.as_str(), Type(to.id));
    return apply_typmod(r, to, expl);
  }
  if (from == to.id) return apply_typmod(v, to, expl);

  if (is_text_like(to.id)) {
    std::string s = is_text_like(from) ? string_payload(v) : value_to_text(v);
    // pg_cast's bool -> text/varchar/bpchar is booltext(), which spells the
    // words out; bool's output function (and so ::name) prints t/f.
    if (from == TypeId::kBool && to.id != TypeId::kName) s = v.as_bool() ? "true" : "false";
    if (to.id == TypeId::kName) return value_from_text(s, Type(TypeId::kName));
    return apply_typmod(Value::text(std::move(s), to.id), to, expl);
  }
  if (is_text_like(from)) {
    return value_from_text(string_payload(v), to);
  }

  switch (from) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      switch (to.id) {
        case TypeId::kInt2:
        case TypeId::kInt4:
        case TypeId::kInt8: return Value::integer(to.id, check_integer_range(v.as_int(), to.id));
        case TypeId::kFloat4: return Value::float4(static_cast<float>(v.as_int()));
        case TypeId::kFloat8: return Value::float8(static_cast<double>(v.as_int()));
        case TypeId::kNumeric:
          return Value::numeric(Numeric::from_int64(v.as_int()).apply_typmod(to.typmod).to_string());
        case TypeId::kBool: return Value::boolean(v.as_int() != 0);
        case TypeId::kRegtype:
          if (v.as_int() < 0 || v.as_int() > UINT32_MAX) throw_error(sqlstate::kNumericValueOutOfRange, "OID out of range");
          return regtype_from_oid(static_cast<uint32_t>(v.as_int()));
        case TypeId::kOid:
        case TypeId::kRegclass:
        case TypeId::kRegnamespace:
          if (from == TypeId::kInt8 && (v.as_int() < 0 || v.as_int() > UINT32_MAX)) {
            throw_error(sqlstate::kNumericValueOutOfRange, "OID out of range");
          }
          if (to.id == TypeId::kRegclass) return regclass_value(static_cast<uint32_t>(v.as_int()));
          return Value::oid(static_cast<uint32_t>(v.as_int()), to.id);
        default: break;
      }
      break;
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      switch (to.id) {
        case TypeId::kInt2:
        case TypeId::kInt4:
        case TypeId::kInt8: return Value::integer(to.id, float_to_integer(v.as_float(), to.id));
        case TypeId::kFloat4: return Value::float4(static_cast<float>(check_float4_range(v.as_float())));
        case TypeId::kFloat8: return Value::float8(v.as_float());
        case TypeId::kNumeric:
          return Value::numeric(Numeric::from_double(v.as_float(), from == TypeId::kFloat4 ? 6 : 15)
                                    .apply_typmod(to.typmod)
                                    .to_string());
        default: break;
      }
      break;
    case TypeId::kNumeric: {
      Numeric n = Numeric::parse(v.as_str());
      switch (to.id) {
        case TypeId::kInt2:
        case TypeId::kInt4:
        case TypeId::kInt8: {
          int64_t lo, hi;
          integer_range(to.id, &lo, &hi);
          return Value::integer(to.id, n.to_int64(lo, hi, integer_word(to.id)));
        }
        // numeric_float4/numeric_float8 print the numeric and read the text back,
        // so range errors quote the digits: "1000..." is out of range for type real.
        case TypeId::kFloat4: return Value::float4(parse_float4(v.as_str()));
        case TypeId::kFloat8: return Value::float8(parse_float8(v.as_str()));
        default: break;
      }
      break;
    }
    case TypeId::kBool:
      if (to.id == TypeId::kInt4) return Value::int4(v.as_bool() ? 1 : 0);
      break;
    case TypeId::kOid:
    case TypeId::kRegclass:
    case TypeId::kRegnamespace:
      if (to.id == TypeId::kRegtype && from == TypeId::kOid) return regtype_from_oid(static_cast<uint32_t>(v.as_int()));
      if (to.id == TypeId::kInt4) return Value::int4(static_cast<int32_t>(static_cast<uint32_t>(v.as_int())));
      if (to.id == TypeId::kInt8) return Value::int8(static_cast<uint32_t>(v.as_int()));
      if (to.id == TypeId::kRegclass && from != TypeId::kRegclass) return regclass_value(static_cast<uint32_t>(v.as_int()));
      if (to.id == TypeId::kOid || to.id == TypeId::kRegclass || to.id == TypeId::kRegnamespace)
        return Value::oid(static_cast<uint32_t>(v.as_int()), to.id);
      break;
    case TypeId::kRegtype:
      if (to.id == TypeId::kOid) return Value::oid(type_oid(resolve_type_name({v.as_str()}, {}).id));
      break;
    case TypeId::kDate:
      if (to.id == TypeId::kTimestamp || to.id == TypeId::kTimestampTz) {
        return Value::integer(to.id, datetime::date_to_timestamp(static_cast<int32_t>(v.as_int())));
      }
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      if (to.id == TypeId::kDate) return Value::date(datetime::timestamp_to_date(v.as_int()));
      if (to.id == TypeId::kTime) {
        if (!datetime::is_finite_timestamp(v.as_int())) break;
        return apply_typmod(Value::time(datetime::timestamp_to_time(v.as_int())), to, expl);
      }
      if (to.id == TypeId::kTimestamp || to.id == TypeId::kTimestampTz) {
        return apply_typmod(Value::integer(to.id, v.as_int()), to, expl);   // session zone is UTC
      }
      break;
    case TypeId::kTime:
      if (to.id == TypeId::kInterval) {
        Interval iv;
        iv.micros = v.as_int();
        return Value::interval(iv);
      }
      break;
    case TypeId::kInterval:
      if (to.id == TypeId::kTime) {
        int64_t t = v.as_interval().micros % datetime::kMicrosPerDay;
        if (t < 0) t += datetime::kMicrosPerDay;
        return apply_typmod(Value::time(t), to, expl);
      }
      break;
    case TypeId::kJson:
      if (to.id == TypeId::kJsonb) return Value::jsonb(json::normalize_jsonb(v.as_str()));
      break;
    case TypeId::kJsonb: {
      if (to.id == TypeId::kJson) return Value::json(v.as_str());
      json::Node n = json::parse(v.as_str(), true);
      if (to.id == TypeId::kBool) {
        if (n.kind != json::Node::Kind::kBool) jsonb_cast_error(n, to.id);
        return Value::boolean(n.boolean);
      }
      if (n.kind != json::Node::Kind::kNumber) jsonb_cast_error(n, to.id);
      return convert(Value::numeric(n.text), to, ctx);
    }
    default:
      if (is_array_type(from) && is_array_type(to.id)) {
        if (array_element_type(from) == array_element_type(to.id) && !is_vector_type(to.id)) {
          Value r = v;   // int2vector -> int2[]: same elements, same lower bound
          return r.set_type(to.id);
        }
        return cast_array(v, to.id, ctx);
      }
      break;
  }
  // Remaining allowed casts go through text, as PostgreSQL's I/O conversion casts do.
  return value_from_text(value_to_text(v), to);
}

}  // namespace

bool can_cast(TypeId from, TypeId to, CastContext ctx) {
  if (from == to) return true;
  if (from == TypeId::kUnknown) return to != TypeId::kVoid;
  if (to == TypeId::kUnknown || to == TypeId::kVoid) return false;
  for (const auto& rule : kCasts) {
    if (rule.from == from && rule.to == to) return allowed(rule.context, ctx);
  }
  // Array coercions follow their element casts (int4[] -> int8[] implicitly ...).
  if (is_array_type(from) && is_array_type(to) && !is_vector_type(to) && !is_vector_type(from))
    return can_cast(array_element_type(from), array_element_type(to), ctx);
  // Automatic I/O conversion casts: to a string type in assignment, from one explicitly.
  if (is_text_like(to) && from != TypeId::kVoid) return ctx != CastContext::kImplicit;
  if (is_text_like(from) && to != TypeId::kRecord) return ctx == CastContext::kExplicit;
  return false;
}

Value cast_value(const Value& v, const Type& to, CastContext ctx) {
  if (v.is_null()) return Value::null(to.id);
  if (!can_cast(v.type(), to.id, ctx)) {
    throw_error(sqlstate::kCannotCoerce,
                "cannot cast type " + type_display_name(Type(v.type())) + " to " + type_display_name(to));
  }
  return convert(v, to, ctx);
}

}  // namespace upsertdb
