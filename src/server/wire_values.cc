#include "server/wire_values.h"

#include <cstdio>
#include <cstring>
#include <vector>

#include "common/error.h"
#include "types/array.h"

namespace upsertdb::server {

namespace {

void put_be(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>(v >> (8 * i)));
}

uint64_t get_be(std::string_view d, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(d[at + i]);
  return v;
}

// numeric binary: int16 ndigits, int16 weight, uint16 sign, int16 dscale, then
// ndigits base-10000 digits, the first worth 10000^weight.
constexpr uint16_t kNumericPos = 0x0000, kNumericNeg = 0x4000, kNumericNaN = 0xC000;
constexpr uint16_t kNumericPinf = 0xD000, kNumericNinf = 0xF000;

std::string encode_numeric(const std::string& text) {
  std::string out;
  auto header = [&](int16_t ndigits, int16_t weight, uint16_t sign, int16_t dscale) {
    put_be(out, static_cast<uint16_t>(ndigits), 2);
    put_be(out, static_cast<uint16_t>(weight), 2);
    put_be(out, sign, 2);
    put_be(out, static_cast<uint16_t>(dscale), 2);
  };
  if (text == "NaN") { header(0, 0, kNumericNaN, 0); return out; }
  if (text == "Infinity") { header(0, 0, kNumericPinf, 0); return out; }
  if (text == "-Infinity") { header(0, 0, kNumericNinf, 0); return out; }
  std::string_view s = text;
  uint16_t sign = kNumericPos;
  if (!s.empty() && s[0] == '-') { sign = kNumericNeg; s.remove_prefix(1); }
  size_t dot = s.find('.');
  std::string int_part(s.substr(0, dot));
  std::string frac_part(dot == std::string_view::npos ? "" : s.substr(dot + 1));
  int16_t dscale = static_cast<int16_t>(frac_part.size());
  // Pad so both parts split into whole groups of four around the point.
  int_part.insert(0, (4 - int_part.size() % 4) % 4, '0');
  frac_part.append((4 - frac_part.size() % 4) % 4, '0');
  std::vector<uint16_t> digits;
  for (size_t i = 0; i < int_part.size(); i += 4) digits.push_back(static_cast<uint16_t>(std::stoi(int_part.substr(i, 4))));
  for (size_t i = 0; i < frac_part.size(); i += 4) digits.push_back(static_cast<uint16_t>(std::stoi(frac_part.substr(i, 4))));
  int weight = static_cast<int>(int_part.size() / 4) - 1;
  size_t first = 0;
  while (first < digits.size() && digits[first] == 0) { ++first; --weight; }
  size_t last = digits.size();
  while (last > first && digits[last - 1] == 0) --last;
  if (first == last) { header(0, 0, kNumericPos, dscale); return out; }
  header(static_cast<int16_t>(last - first), static_cast<int16_t>(weight), sign, dscale);
  for (size_t i = first; i < last; ++i) put_be(out, digits[i], 2);
  return out;
}

[[noreturn]] void bad_binary(int param_number) {
  throw DbError("22P03", "incorrect binary data format in bind parameter " + std::to_string(param_number));
}

std::string decode_numeric_text(std::string_view d, int param_number) {
  if (d.size() < 8) bad_binary(param_number);
  int ndigits = static_cast<int16_t>(get_be(d, 0, 2));
  int weight = static_cast<int16_t>(get_be(d, 2, 2));
  uint16_t sign = static_cast<uint16_t>(get_be(d, 4, 2));
  int dscale = static_cast<int16_t>(get_be(d, 6, 2));
  if (ndigits < 0 || dscale < 0 || d.size() != 8 + 2 * static_cast<size_t>(ndigits)) bad_binary(param_number);
  if (sign == kNumericNaN) return "NaN";
  if (sign == kNumericPinf) return "Infinity";
  if (sign == kNumericNinf) return "-Infinity";
  if (sign != kNumericPos && sign != kNumericNeg) bad_binary(param_number);
  std::string int_part, frac_part;
  for (int i = 0; i < ndigits; ++i) {
    int digit = static_cast<int>(get_be(d, 8 + 2 * i, 2));
    if (digit >= 10000) bad_binary(param_number);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d", digit);
    if (weight - i >= 0) int_part += buf;
    else frac_part += buf;
  }
  // Digits missing between the last one given and the decimal point are zeros.
  for (int i = ndigits; i <= weight; ++i) int_part += "0000";
  // Fraction digits before the first one given (weight < -1) are zeros.
  if (weight < -1) frac_part.insert(0, static_cast<size_t>(-weight - 1) * 4, '0');
  size_t nz = int_part.find_first_not_of('0');
  int_part = nz == std::string::npos ? "0" : int_part.substr(nz);
  if (static_cast<int>(frac_part.size()) > dscale) frac_part.resize(dscale);
  frac_part.append(dscale - frac_part.size(), '0');
  std::string text = (sign == kNumericNeg ? "-" : "") + int_part;
  if (!frac_part.empty()) text += "." + frac_part;
  return text;
}

// PostgreSQL's array_send layout: int32 ndim, int32 has-nulls flag, element type
// OID, per dimension int32 length and lower bound, then per element an int32
// length (-1 = NULL) and the element's own binary form. Empty arrays have ndim 0.
std::string encode_array(const Value& v) {
  ArrayContents a = array_contents(v);
  std::string out;
  bool has_nulls = false;
  for (const Value& e : a.elements) has_nulls |= e.is_null();
  put_be(out, a.elements.empty() ? 0 : 1, 4);
  put_be(out, has_nulls ? 1 : 0, 4);
  put_be(out, type_oid(array_element_type(v.type())), 4);
  if (a.elements.empty()) return out;
  put_be(out, static_cast<uint32_t>(a.elements.size()), 4);
  put_be(out, static_cast<uint32_t>(a.lower), 4);
  for (const Value& e : a.elements) {
    if (e.is_null()) {
      put_be(out, 0xFFFFFFFFu, 4);
      continue;
    }
    std::string bytes = encode_value(e, 1);
    put_be(out, static_cast<uint32_t>(bytes.size()), 4);
    out += bytes;
  }
  return out;
}

// format_type_be: the name, "???" for an OID that names no type.
std::string oid_type_name(uint32_t oid) {
  TypeId t = type_from_oid(oid);
  return t == TypeId::kUnknown && oid != type_oid(TypeId::kUnknown) ? "???" : type_display_name(Type(t));
}

// PostgreSQL's array_recv (one dimension at most here), with its messages.
Value decode_array(std::string_view d, TypeId array_type, int param_number) {
  size_t at = 0;
  auto int32 = [&]() {
    if (d.size() - at < 4) throw DbError(sqlstate::kProtocolViolation, "insufficient data left in message");
    int32_t v = static_cast<int32_t>(get_be(d, at, 4));
    at += 4;
    return v;
  };
  int32_t ndim = int32();
  int32_t flags = int32();
  uint32_t element_oid = static_cast<uint32_t>(int32());
  if (ndim < 0) throw DbError("22P03", "invalid number of dimensions: " + std::to_string(ndim));
  if (ndim > 6)
    throw DbError("54000", "number of array dimensions (" + std::to_string(ndim) + ") exceeds the maximum allowed (6)");
  if (ndim > 1) throw_not_supported("multidimensional arrays are not supported");
  if (flags != 0 && flags != 1) throw DbError("22P03", "invalid array flags");
  TypeId element = array_element_type(array_type);
  if (element_oid != type_oid(element))
    throw DbError(sqlstate::kDatatypeMismatch,
                  "binary data has array element type " + std::to_string(element_oid) + " (" +
                      oid_type_name(element_oid) + ") instead of expected " +
                      std::to_string(type_oid(element)) + " (" + type_display_name(Type(element)) + ")");
  std::vector<Value> elements;
  int32_t lower = 1;
  if (ndim == 1) {
    int32_t n = int32();
    lower = int32();
    if (n < 0) throw DbError("54000", "array size exceeds the maximum allowed (134217727)");
    for (int32_t i = 0; i < n; ++i) {
      int32_t len = int32();
      if (len == -1) {
        if (is_vector_type(array_type)) bad_binary(param_number);
        elements.push_back(Value::null(element));
        continue;
      }
      if (len < 0 || d.size() - at < static_cast<size_t>(len))
        throw DbError("22P03", "insufficient data left in message");
      try {
        elements.push_back(decode_param(d.substr(at, static_cast<size_t>(len)), Type(element), 1, param_number));
      } catch (DbError& e) {
        if (e.sqlstate() != "22P03") throw;
        throw DbError("22P03", "improper binary format in array element " + std::to_string(i + 1));
      }
      at += static_cast<size_t>(len);
    }
  }
  if (at != d.size()) bad_binary(param_number);
  // int2vector / oidvector: one dimension from 0, no NULLs (int2vectorrecv).
  if (is_vector_type(array_type) && (ndim != 1 || lower != 0)) {
    throw DbError("22P03", std::string("invalid ") + (array_type == TypeId::kOidVector ? "oidvector" : "int2vector") +
                               " data");
  }
  return make_array(array_type, elements, lower);
}

}  // namespace

bool binary_format_supported(TypeId id) {
  if (is_array_type(id)) return binary_format_supported(array_element_type(id));
  switch (id) {
    case TypeId::kBool: case TypeId::kInt2: case TypeId::kInt4: case TypeId::kInt8:
    case TypeId::kFloat4: case TypeId::kFloat8: case TypeId::kNumeric:
    case TypeId::kText: case TypeId::kVarchar: case TypeId::kBpchar: case TypeId::kName:
    case TypeId::kUnknown: case TypeId::kBytea: case TypeId::kUuid: case TypeId::kDate:
    case TypeId::kTime: case TypeId::kTimestamp: case TypeId::kTimestampTz: case TypeId::kInterval:
    case TypeId::kJson: case TypeId::kJsonb: case TypeId::kOid: case TypeId::kRegclass:
      return true;
    default:
      return false;
  }
}

void check_format(int16_t code, const Type& t) {
  if (code != 0 && code != 1)
    throw DbError(sqlstate::kInvalidParameterValue, "unsupported format code: " + std::to_string(code));
  if (code == 1 && !binary_format_supported(t.id))
    throw DbError(sqlstate::kFeatureNotSupported,
                  "binary format is not supported for type " + type_display_name(Type(t.id)));
}

std::string encode_value(const Value& v, int16_t format) {
  if (format == 0) return value_to_text(v);
  std::string out;
  switch (v.type()) {
    case TypeId::kBool: out.push_back(v.as_bool() ? 1 : 0); break;
    case TypeId::kInt2: put_be(out, static_cast<uint64_t>(v.as_int()), 2); break;
    case TypeId::kInt4: case TypeId::kDate: case TypeId::kOid: case TypeId::kRegclass:
      put_be(out, static_cast<uint64_t>(v.as_int()), 4);
      break;
    case TypeId::kInt8: case TypeId::kTime: case TypeId::kTimestamp: case TypeId::kTimestampTz:
      put_be(out, static_cast<uint64_t>(v.as_int()), 8);
      break;
    case TypeId::kFloat4: {
      float f = static_cast<float>(v.as_float());
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      put_be(out, bits, 4);
      break;
    }
    case TypeId::kFloat8: {
      double f = v.as_float();
      uint64_t bits;
      std::memcpy(&bits, &f, 8);
      put_be(out, bits, 8);
      break;
    }
    case TypeId::kNumeric: out = encode_numeric(v.as_str()); break;
    case TypeId::kText: case TypeId::kVarchar: case TypeId::kBpchar: case TypeId::kName:
    case TypeId::kUnknown: case TypeId::kBytea: case TypeId::kJson:
      out = v.as_str();
      break;
    case TypeId::kJsonb: out = "\x01" + value_to_text(v); break;
    case TypeId::kUuid: out.assign(reinterpret_cast<const char*>(v.uuid_bytes()), 16); break;
    case TypeId::kInterval: {
      const Interval& iv = v.as_interval();
      put_be(out, static_cast<uint64_t>(iv.micros), 8);
      put_be(out, static_cast<uint32_t>(iv.days), 4);
      put_be(out, static_cast<uint32_t>(iv.months), 4);
      break;
    }
    default:
      if (is_array_type(v.type()) && binary_format_supported(v.type())) return encode_array(v);
      check_format(1, Type(v.type()));
  }
  return out;
}

Value decode_param(std::string_view d, const Type& t, int16_t format, int param_number) {
  if (format == 0) return value_from_text(d, t);
  check_format(format, t);
  // As PostgreSQL's recv functions: too few bytes is a short read, too many is
  // bytes left over.
  auto need = [&](size_t n) {
    if (d.size() < n) throw DbError(sqlstate::kProtocolViolation, "insufficient data left in message");
    if (d.size() > n) bad_binary(param_number);
  };
  switch (t.id) {
    case TypeId::kBool: need(1); return Value::boolean(d[0] != 0);
    case TypeId::kInt2: need(2); return Value::int2(static_cast<int16_t>(get_be(d, 0, 2)));
    case TypeId::kInt4: need(4); return Value::int4(static_cast<int32_t>(get_be(d, 0, 4)));
    case TypeId::kInt8: need(8); return Value::int8(static_cast<int64_t>(get_be(d, 0, 8)));
    case TypeId::kOid: case TypeId::kRegclass: need(4); return Value::oid(static_cast<uint32_t>(get_be(d, 0, 4)), t.id);
    case TypeId::kDate: need(4); return Value::date(static_cast<int32_t>(get_be(d, 0, 4)));
    case TypeId::kTime: need(8); return Value::time(static_cast<int64_t>(get_be(d, 0, 8)));
    case TypeId::kTimestamp: need(8); return Value::timestamp(static_cast<int64_t>(get_be(d, 0, 8)));
    case TypeId::kTimestampTz: need(8); return Value::timestamptz(static_cast<int64_t>(get_be(d, 0, 8)));
    case TypeId::kFloat4: {
      need(4);
      uint32_t bits = static_cast<uint32_t>(get_be(d, 0, 4));
      float f;
      std::memcpy(&f, &bits, 4);
      return Value::float4(f);
    }
    case TypeId::kFloat8: {
      need(8);
      uint64_t bits = get_be(d, 0, 8);
      double f;
      std::memcpy(&f, &bits, 8);
      return Value::float8(f);
    }
    case TypeId::kInterval: {
      need(16);
      Interval iv;
      iv.micros = static_cast<int64_t>(get_be(d, 0, 8));
      iv.days = static_cast<int32_t>(get_be(d, 8, 4));
      iv.months = static_cast<int32_t>(get_be(d, 12, 4));
      return Value::interval(iv);
    }
    case TypeId::kUuid: {
      need(16);
      return Value::uuid(reinterpret_cast<const uint8_t*>(d.data()));
    }
    case TypeId::kBytea: return Value::bytea(std::string(d));
    case TypeId::kNumeric: return value_from_text(decode_numeric_text(d, param_number), t);
    case TypeId::kJsonb:
      if (d.empty() || d[0] != 1) bad_binary(param_number);
      return value_from_text(d.substr(1), t);
    default:
      if (is_array_type(t.id)) return decode_array(d, t.id, param_number);
      // Strings (and json): the binary form is the text itself; parsing applies the typmod.
      return value_from_text(d, t);
  }
}

int16_t wire_type_length(TypeId id) {
  switch (id) {
    case TypeId::kBool: return 1;
    case TypeId::kInt2: return 2;
    case TypeId::kInt4: case TypeId::kFloat4: case TypeId::kDate: case TypeId::kOid:
    case TypeId::kRegclass: case TypeId::kRegtype: case TypeId::kVoid:
      return 4;
    case TypeId::kInt8: case TypeId::kFloat8: case TypeId::kTime: case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return 8;
    case TypeId::kInterval: case TypeId::kUuid: return 16;
    case TypeId::kName: return 64;
    case TypeId::kUnknown: return -2;
    default: return -1;
  }
}

int32_t wire_typmod(const Type& t) {
  if (t.typmod < 0 || t.id == TypeId::kRecord) return -1;   // a record's typmod is our layout id, not PostgreSQL's
  switch (t.id) {
    // PostgreSQL stores these with VARHDRSZ added; UpsertDB does not.
    case TypeId::kVarchar: case TypeId::kBpchar: case TypeId::kNumeric: return t.typmod + 4;
    default: return t.typmod;
  }
}

}  // namespace upsertdb::server
