// Text input/output of every TypeId (PostgreSQL's typinput/typoutput).
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <limits>

#include "common/error.h"
#include "types/array.h"
#include "types/coerce.h"
#include "types/datetime.h"
#include "catalog_views/catalog_oids.h"
#include "types/hooks.h"
#include "types/json.h"
#include "types/numeric.h"
#include "types/text_format.h"
#include "types/value.h"

namespace upsertdb {

namespace {

RegclassHooks g_regclass_hooks;

// The schemas UpsertDB has, with PostgreSQL 15's OIDs (regnamespace I/O).
struct NamespaceName {
  uint32_t oid;
  const char* name;
};
constexpr NamespaceName kNamespaces[] = {
    {catalog_views::kPgCatalogNamespace, "pg_catalog"},
    {catalog_views::kPgToastNamespace, "pg_toast"},
    {catalog_views::kPublicNamespace, "public"},
    {catalog_views::kInformationSchemaNamespace, "information_schema"},
};

const char* namespace_name(uint32_t oid) {
  for (const auto& n : kNamespaces)
    if (n.oid == oid) return n.name;
  return nullptr;
}

uint32_t namespace_oid(const std::string& name) {
  for (const auto& n : kNamespaces)
    if (name == n.name) return n.oid;
  return 0;
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

[[noreturn]] void invalid_syntax(const char* type_name, std::string_view text) {
  throw_error(sqlstate::kInvalidTextRepresentation,
              std::string("invalid input syntax for type ") + type_name + ": \"" + std::string(text) + "\"");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

template <typename F>
F parse_float_common(std::string_view text, const char* type_name) {
  std::string s(trim(text));
  if (s.empty()) invalid_syntax(type_name, text);
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "nan") return std::numeric_limits<F>::quiet_NaN();
  if (lower == "infinity" || lower == "+infinity" || lower == "inf" || lower == "+inf") {
    return std::numeric_limits<F>::infinity();
  }
  if (lower == "-infinity" || lower == "-inf") return -std::numeric_limits<F>::infinity();
  errno = 0;
  char* end = nullptr;
  // float4in reads with strtof: going through double would round twice.
  F v;
  if constexpr (std::is_same_v<F, float>) {
    v = std::strtof(s.c_str(), &end);
  } else {
    v = std::strtod(s.c_str(), &end);
  }
  if (end == s.c_str() || *end != '\0' || lower.find("nan") != std::string::npos ||
      lower.find("inf") != std::string::npos) {
    invalid_syntax(type_name, text);
  }
  // ERANGE with a denormal result is accepted, as PostgreSQL does.
  if (errno == ERANGE && (v == 0 || std::isinf(v))) {
    throw_error(sqlstate::kNumericValueOutOfRange,
                "\"" + std::string(text) + "\" is out of range for type " + type_name);
  }
  return v;
}

}  // namespace

void set_regclass_hooks(RegclassHooks hooks) { g_regclass_hooks = hooks; }

Value regclass_value(uint32_t oid) {
  if (g_regclass_hooks.name_of) {
    if (auto name = g_regclass_hooks.name_of(oid)) return Value::regclass_named(oid, std::move(*name));
  }
  return Value::oid(oid, TypeId::kRegclass);
}
const RegclassHooks& regclass_hooks() { return g_regclass_hooks; }

void integer_range(TypeId t, int64_t* lo, int64_t* hi) {
  switch (t) {
    case TypeId::kInt2: *lo = INT16_MIN; *hi = INT16_MAX; break;
    case TypeId::kInt4: *lo = INT32_MIN; *hi = INT32_MAX; break;
    default: *lo = INT64_MIN; *hi = INT64_MAX; break;
  }
}

const char* integer_word(TypeId t) {
  switch (t) {
    case TypeId::kInt2: return "smallint";
    case TypeId::kInt4: return "integer";
    default: return "bigint";
  }
}

int64_t check_integer_range(__int128 v, TypeId t) {
  int64_t lo, hi;
  integer_range(t, &lo, &hi);
  if (v < lo || v > hi) throw_error(sqlstate::kNumericValueOutOfRange, std::string(integer_word(t)) + " out of range");
  return static_cast<int64_t>(v);
}

int64_t parse_integer(std::string_view text, TypeId t) {
  std::string_view s = trim(text);
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i >= s.size()) invalid_syntax(integer_word(t), text);
  __int128 v = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) invalid_syntax(integer_word(t), text);
    v = v * 10 + (s[i] - '0');
    if (v > (static_cast<__int128>(1) << 70)) overflow = true, v = static_cast<__int128>(1) << 70;
  }
  if (neg) v = -v;
  int64_t lo, hi;
  integer_range(t, &lo, &hi);
  if (overflow || v < lo || v > hi) {
    throw_error(sqlstate::kNumericValueOutOfRange,
                "value \"" + std::string(text) + "\" is out of range for type " + integer_word(t));
  }
  return static_cast<int64_t>(v);
}

double parse_float8(std::string_view text) { return parse_float_common<double>(text, "double precision"); }
float parse_float4(std::string_view text) { return parse_float_common<float>(text, "real"); }

bool parse_bool(std::string_view text) {
  std::string s;
  for (char c : trim(text)) s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto prefix_of = [&](const char* word, size_t min_len) {
    return s.size() >= min_len && s.size() <= std::strlen(word) && std::strncmp(word, s.c_str(), s.size()) == 0;
  };
  if (prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || s == "1") return true;
  if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || s == "0") return false;
  invalid_syntax("boolean", text);
}

std::string parse_bytea(std::string_view text) {
  std::string out;
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') {
    // hex_decode: these four whitespace characters may separate byte pairs;
    // anything else that is not a hex digit is 22023, as is a lone last digit.
    auto is_hex_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
    auto bad_digit = [&](size_t at) {
      unsigned char lead = static_cast<unsigned char>(text[at]);
      size_t len = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 1;
      throw_error(sqlstate::kInvalidParameterValue,
                  "invalid hexadecimal digit: \"" + std::string(text.substr(at, len)) + "\"");
    };
    for (size_t i = 2; i < text.size();) {
      if (is_hex_space(text[i])) {
        ++i;
        continue;
      }
      int hi = hex_value(text[i]);
      if (hi < 0) bad_digit(i);
      if (i + 1 >= text.size()) {
        throw_error(sqlstate::kInvalidParameterValue, "invalid hexadecimal data: odd number of digits");
      }
      int lo = hex_value(text[i + 1]);
      if (lo < 0) bad_digit(i + 1);
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
    return out;
  }
  // Escape format: \\ is a backslash, \ooo an octal byte.
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '\\') {
      out.push_back(text[i++]);
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back('\\');
      i += 2;
      continue;
    }
    if (i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3' && text[i + 2] >= '0' &&
        text[i + 2] <= '7' && text[i + 3] >= '0' && text[i + 3] <= '7') {
      out.push_back(static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0')));
      i += 4;
      continue;
    }
    throw_error(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type bytea");
  }
  return out;
}

std::string format_bytea(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

void parse_uuid(std::string_view text, uint8_t out[16]) {
  std::string_view s = text;
  size_t i = 0;
  bool braces = !s.empty() && s[0] == '{';
  if (braces) ++i;
  int nibbles = 0;
  while (nibbles < 32) {
    int hi = i < s.size() ? hex_value(s[i]) : -1;
    int lo = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
    if (hi < 0 || lo < 0) invalid_syntax("uuid", text);
    out[nibbles / 2] = static_cast<uint8_t>(hi * 16 + lo);
    nibbles += 2;
    i += 2;
    // A hyphen may follow any group of four hex digits.
    if (nibbles % 4 == 0 && nibbles < 32 && i < s.size() && s[i] == '-') ++i;
  }
  if (braces) {
    if (i >= s.size() || s[i] != '}') invalid_syntax("uuid", text);
    ++i;
  }
  if (i != s.size()) invalid_syntax("uuid", text);
}

std::string format_uuid(const uint8_t b[16]) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
  }
  return out;
}

uint32_t parse_oid(std::string_view text) {
  std::string_view s = trim(text);
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i >= s.size()) invalid_syntax("oid", text);
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) invalid_syntax("oid", text);
    v = v * 10 + (s[i] - '0');
    if (v > 0xFFFFFFFFLL + 1) break;
  }
  if (neg) v = -v;
  if (v > 0xFFFFFFFFLL || v < INT32_MIN) {
    throw_error(sqlstate::kNumericValueOutOfRange, "value \"" + std::string(text) + "\" is out of range for type oid");
  }
  return static_cast<uint32_t>(v);
}

std::string apply_char_length(std::string s, const Type& t, bool explicit_cast) {
  if (t.typmod < 0) return s;
  size_t n = static_cast<size_t>(t.typmod);
  size_t len = utf8_length(s);
  if (len > n) {
    size_t cut = utf8_prefix_bytes(s, n);
    if (!explicit_cast) {
      for (size_t i = cut; i < s.size(); ++i) {
        if (s[i] != ' ') {
          throw_error(sqlstate::kStringDataRightTruncation,
                      "value too long for type " + type_display_name(t));
        }
      }
    }
    s.resize(cut);
    len = n;
  }
  if (t.id == TypeId::kBpchar && len < n) s.append(n - len, ' ');
  return s;
}

Value apply_typmod(const Value& v, const Type& t, bool explicit_cast) {
  if (v.is_null() || t.typmod < 0) return v;
  switch (t.id) {
    case TypeId::kVarchar:
    case TypeId::kBpchar:
      return Value::text(apply_char_length(v.as_str(), t, explicit_cast), t.id);
    case TypeId::kNumeric:
      return Value::numeric(Numeric::parse(v.as_str()).apply_typmod(t.typmod).to_string());
    case TypeId::kTime:
      return Value::time(datetime::round_to_precision(v.as_int(), t.typmod));
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      if (!datetime::is_finite_timestamp(v.as_int())) return v;
      return Value::integer(t.id, datetime::round_to_precision(v.as_int(), t.typmod));
    default:
      return v;
  }
}

std::string value_to_text(const Value& v) {
  switch (v.type()) {
    case TypeId::kBool: return v.as_bool() ? "t" : "f";
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8: return std::to_string(v.as_int());
    case TypeId::kOid: return std::to_string(static_cast<uint32_t>(v.as_int()));
    case TypeId::kRegclass: {
      if (!v.as_str().empty()) return v.as_str();
      uint32_t oid = static_cast<uint32_t>(v.as_int());
      if (g_regclass_hooks.name_of) {
        if (auto name = g_regclass_hooks.name_of(oid)) return *name;
      }
      if (const char* sys = catalog_views::system_relation_name(oid)) return sys;
      return std::to_string(oid);
    }
    case TypeId::kFloat4: return format_float4(static_cast<float>(v.as_float()));
    case TypeId::kFloat8: return format_float8(v.as_float());
    case TypeId::kNumeric:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kUnknown:
    case TypeId::kJson:
    case TypeId::kJsonb: return v.as_str();
    case TypeId::kRegtype: return v.as_str();
    case TypeId::kBytea: return format_bytea(v.as_str());
    case TypeId::kDate: return datetime::format_date(static_cast<int32_t>(v.as_int()));
    case TypeId::kTime: return datetime::format_time(v.as_int());
    case TypeId::kTimestamp: return datetime::format_timestamp(v.as_int(), false);
    case TypeId::kTimestampTz: return datetime::format_timestamp(v.as_int(), true);
    case TypeId::kInterval: return datetime::format_interval(v.as_interval());
    case TypeId::kUuid: return format_uuid(v.uuid_bytes());
    case TypeId::kVoid: return "";
    case TypeId::kRecord: return v.as_str();
    case TypeId::kInt2Array:
    case TypeId::kInt4Array:
    case TypeId::kInt8Array:
    case TypeId::kTextArray:
    case TypeId::kOidArray:
    case TypeId::kNameArray:
    case TypeId::kInt2Vector:
    case TypeId::kOidVector:
    case TypeId::kBoolArray: return array_to_text(v);
    case TypeId::kRegnamespace: {
      uint32_t oid = static_cast<uint32_t>(v.as_int());
      if (const char* name = namespace_name(oid)) return name;
      return std::to_string(oid);
    }
  }
  return v.as_str();
}

Value value_from_text(std::string_view text, const Type& t) {
  switch (t.id) {
    case TypeId::kUnknown: return Value::unknown_literal(std::string(text));
    case TypeId::kBool: return Value::boolean(parse_bool(text));
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8: return Value::integer(t.id, parse_integer(text, t.id));
    case TypeId::kFloat4: return Value::float4(parse_float4(text));
    case TypeId::kFloat8: return Value::float8(parse_float8(text));
    case TypeId::kNumeric: return Value::numeric(Numeric::parse(text).apply_typmod(t.typmod).to_string());
    case TypeId::kText: return Value::text(std::string(text));
    case TypeId::kVarchar:
    case TypeId::kBpchar: return Value::text(apply_char_length(std::string(text), t, false), t.id);
    case TypeId::kName: {
      // NAMEDATALEN - 1 bytes, cut at a character boundary.
      std::string s(text);
      if (s.size() > 63) {
        size_t cut = 63;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s.resize(cut);
      }
      return Value::text(std::move(s), TypeId::kName);
    }
    case TypeId::kBytea: return Value::bytea(parse_bytea(text));
    case TypeId::kDate: return Value::date(datetime::parse_date(text));
    case TypeId::kTime: return Value::time(datetime::parse_time(text, t.typmod));
    case TypeId::kTimestamp: return Value::timestamp(datetime::parse_timestamp(text, false, t.typmod));
    case TypeId::kTimestampTz: return Value::timestamptz(datetime::parse_timestamp(text, true, t.typmod));
    case TypeId::kInterval: return Value::interval(datetime::parse_interval(text));
    case TypeId::kUuid: {
      uint8_t b[16];
      parse_uuid(text, b);
      return Value::uuid(b);
    }
    case TypeId::kJson:
      json::validate_json(text);
      return Value::json(std::string(text));
    case TypeId::kJsonb: return Value::jsonb(json::normalize_jsonb(text));
    case TypeId::kRegtype: {
      std::string name(text);
      return Value::text(type_display_name(resolve_type_name({name}, {})), TypeId::kRegtype);
    }
    case TypeId::kOid: return Value::oid(parse_oid(text));
    case TypeId::kRegclass: {
      std::string_view s = trim(text);
      bool numeric = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      if (numeric) return regclass_value(parse_oid(s));
      // pg_catalog comes first on the search path: its relations have fixed OIDs.
      if (uint32_t sys = catalog_views::system_relation_oid_from_text(s)) return Value::oid(sys, TypeId::kRegclass);
      if (g_regclass_hooks.lookup) {
        if (auto oid = g_regclass_hooks.lookup(text)) return regclass_value(*oid);
      }
      throw_error(sqlstate::kUndefinedTable, "relation \"" + std::string(text) + "\" does not exist");
    }
    case TypeId::kVoid: return Value::text("", TypeId::kVoid);
    case TypeId::kRecord: throw_not_supported("input of anonymous composite types is not implemented");
    case TypeId::kInt2Array:
    case TypeId::kInt4Array:
    case TypeId::kInt8Array:
    case TypeId::kTextArray:
    case TypeId::kOidArray:
    case TypeId::kNameArray:
    case TypeId::kInt2Vector:
    case TypeId::kOidVector:
    case TypeId::kBoolArray: return array_from_text(text, t.id);
    case TypeId::kRegnamespace: {
      std::string_view s = trim(text);
      bool numeric = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      if (numeric) return Value::oid(parse_oid(s), TypeId::kRegnamespace);
      std::string name(s);
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
      } else {
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      if (uint32_t oid = namespace_oid(name)) return Value::oid(oid, TypeId::kRegnamespace);
      throw_error(sqlstate::kInvalidSchemaName, "schema \"" + name + "\" does not exist");
    }
  }
  throw_not_supported("type input not supported");
}

}  // namespace upsertdb
