// Type metadata: OIDs, categories and names, as PostgreSQL 15's pg_type has them.
#include "types/type.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "types/array.h"

namespace upsertdb {

namespace {

struct TypeInfo {
  TypeId id;
  uint32_t oid;
  const char* internal_name;   // pg_type.typname
  const char* display_name;    // format_type() without typmod
  TypeCategory category;
  bool fixed_width;
};

// One row per TypeId, in enum order (checked by the unit test).
constexpr TypeInfo kTypes[] = {
    {TypeId::kUnknown, 705, "unknown", "unknown", TypeCategory::kUnknown, false},
    {TypeId::kBool, 16, "bool", "boolean", TypeCategory::kBoolean, true},
    {TypeId::kInt2, 21, "int2", "smallint", TypeCategory::kNumeric, true},
    {TypeId::kInt4, 23, "int4", "integer", TypeCategory::kNumeric, true},
    {TypeId::kInt8, 20, "int8", "bigint", TypeCategory::kNumeric, true},
    {TypeId::kFloat4, 700, "float4", "real", TypeCategory::kNumeric, true},
    {TypeId::kFloat8, 701, "float8", "double precision", TypeCategory::kNumeric, true},
    {TypeId::kNumeric, 1700, "numeric", "numeric", TypeCategory::kNumeric, false},
    {TypeId::kText, 25, "text", "text", TypeCategory::kString, false},
    {TypeId::kVarchar, 1043, "varchar", "character varying", TypeCategory::kString, false},
    {TypeId::kBpchar, 1042, "bpchar", "character", TypeCategory::kString, false},
    {TypeId::kName, 19, "name", "name", TypeCategory::kString, true},
    {TypeId::kBytea, 17, "bytea", "bytea", TypeCategory::kUserDefined, false},
    {TypeId::kDate, 1082, "date", "date", TypeCategory::kDateTime, true},
    {TypeId::kTime, 1083, "time", "time without time zone", TypeCategory::kDateTime, true},
    {TypeId::kTimestamp, 1114, "timestamp", "timestamp without time zone", TypeCategory::kDateTime, true},
    {TypeId::kTimestampTz, 1184, "timestamptz", "timestamp with time zone", TypeCategory::kDateTime, true},
    {TypeId::kInterval, 1186, "interval", "interval", TypeCategory::kTimespan, true},
    {TypeId::kUuid, 2950, "uuid", "uuid", TypeCategory::kUserDefined, true},
    {TypeId::kJson, 114, "json", "json", TypeCategory::kUserDefined, false},
    {TypeId::kJsonb, 3802, "jsonb", "jsonb", TypeCategory::kUserDefined, false},
    {TypeId::kOid, 26, "oid", "oid", TypeCategory::kNumeric, true},
    {TypeId::kRegclass, 2205, "regclass", "regclass", TypeCategory::kNumeric, true},
    {TypeId::kVoid, 2278, "void", "void", TypeCategory::kPseudo, true},
    {TypeId::kRecord, 2249, "record", "record", TypeCategory::kPseudo, false},
    {TypeId::kRegtype, 2206, "regtype", "regtype", TypeCategory::kNumeric, false},
    {TypeId::kInt2Array, 1005, "_int2", "smallint[]", TypeCategory::kArray, false},
    {TypeId::kInt4Array, 1007, "_int4", "integer[]", TypeCategory::kArray, false},
    {TypeId::kInt8Array, 1016, "_int8", "bigint[]", TypeCategory::kArray, false},
    {TypeId::kTextArray, 1009, "_text", "text[]", TypeCategory::kArray, false},
    {TypeId::kOidArray, 1028, "_oid", "oid[]", TypeCategory::kArray, false},
    {TypeId::kNameArray, 1003, "_name", "name[]", TypeCategory::kArray, false},
    {TypeId::kInt2Vector, 22, "int2vector", "int2vector", TypeCategory::kArray, false},
    {TypeId::kOidVector, 30, "oidvector", "oidvector", TypeCategory::kArray, false},
    {TypeId::kRegnamespace, 4089, "regnamespace", "regnamespace", TypeCategory::kNumeric, true},
    {TypeId::kBoolArray, 1000, "_bool", "boolean[]", TypeCategory::kArray, false},
};

const TypeInfo& info(TypeId id) { return kTypes[static_cast<size_t>(id)]; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Every spelling a type name can take once libpg_query has parsed it: the
// grammar maps SQL keywords (INTEGER, CHARACTER VARYING ...) to
// pg_catalog.<typname>; plain identifiers come through as written.
struct NameAlias {
  const char* name;
  TypeId id;
};
constexpr NameAlias kAliases[] = {
    {"bool", TypeId::kBool}, {"boolean", TypeId::kBool},
    {"int2", TypeId::kInt2}, {"smallint", TypeId::kInt2},
    {"int4", TypeId::kInt4}, {"int", TypeId::kInt4}, {"integer", TypeId::kInt4},
    {"int8", TypeId::kInt8}, {"bigint", TypeId::kInt8},
    {"float4", TypeId::kFloat4}, {"real", TypeId::kFloat4},
    {"float8", TypeId::kFloat8}, {"float", TypeId::kFloat8},
    {"numeric", TypeId::kNumeric}, {"decimal", TypeId::kNumeric},
    {"text", TypeId::kText},
    {"varchar", TypeId::kVarchar},
    {"bpchar", TypeId::kBpchar}, {"char", TypeId::kBpchar}, {"character", TypeId::kBpchar},
    {"name", TypeId::kName},
    {"bytea", TypeId::kBytea},
    {"date", TypeId::kDate},
    {"time", TypeId::kTime},
    {"timestamp", TypeId::kTimestamp},
    {"timestamptz", TypeId::kTimestampTz},
    {"interval", TypeId::kInterval},
    {"uuid", TypeId::kUuid},
    {"json", TypeId::kJson},
    {"jsonb", TypeId::kJsonb},
    {"oid", TypeId::kOid},
    {"regclass", TypeId::kRegclass},
    {"regtype", TypeId::kRegtype},
    {"void", TypeId::kVoid},
    {"record", TypeId::kRecord},
    {"unknown", TypeId::kUnknown},
};

[[noreturn]] void throw_no_type(const std::string& name) {
  throw_error(sqlstate::kUndefinedObject, "type \"" + name + "\" does not exist");
}

int32_t check_length_typmod(TypeId id, const std::vector<int32_t>& mods, const std::string& display) {
  if (mods.empty()) return id == TypeId::kBpchar ? 1 : -1;
  if (mods.size() > 1) throw_error(sqlstate::kInvalidParameterValue, "invalid type modifier");
  int32_t n = mods[0];
  if (n < 1) throw_error(sqlstate::kInvalidParameterValue, "length for type " + display + " must be at least 1");
  if (n > 10485760) throw_error(sqlstate::kInvalidParameterValue, "length for type " + display + " cannot exceed 10485760");
  return n;
}

int32_t check_numeric_typmod(const std::vector<int32_t>& mods) {
  if (mods.empty()) return -1;
  if (mods.size() > 2) throw_error(sqlstate::kInvalidParameterValue, "invalid NUMERIC type modifier");
  int32_t precision = mods[0];
  int32_t scale = mods.size() > 1 ? mods[1] : 0;
  if (precision < 1 || precision > 1000) {
    throw_error(sqlstate::kInvalidParameterValue,
                "NUMERIC precision " + std::to_string(precision) + " must be between 1 and 1000");
  }
  if (scale < 0 || scale > precision) {
    // PostgreSQL 15 accepts scales in [-1000, 1000]; our typmod packing keeps 0..precision.
    throw_error(sqlstate::kInvalidParameterValue,
                "NUMERIC scale " + std::to_string(scale) + " must be between 0 and precision " +
                    std::to_string(precision));
  }
  return Type::numeric_typmod(precision, scale);
}

int32_t check_time_precision(const std::vector<int32_t>& mods, const char* what) {
  if (mods.empty()) return -1;
  if (mods.size() > 1) throw_error(sqlstate::kInvalidParameterValue, "invalid type modifier");
  int32_t p = mods[0];
  if (p < 0) throw_error(sqlstate::kInvalidParameterValue, std::string(what) + "(" + std::to_string(p) + ") precision must not be negative");
  return p > 6 ? 6 : p;
}

Type resolve_base(TypeId id, const std::string& base, bool qualified, const std::vector<int32_t>& typmods);

}  // namespace

uint32_t type_oid(TypeId id) { return info(id).oid; }

TypeId type_from_oid(uint32_t oid) {
  for (const auto& t : kTypes) {
    if (t.oid == oid) return t.id;
  }
  return TypeId::kUnknown;
}

TypeCategory type_category(TypeId id) { return info(id).category; }

bool is_integer_type(TypeId id) {
  return id == TypeId::kInt2 || id == TypeId::kInt4 || id == TypeId::kInt8;
}

bool is_numeric_family(TypeId id) {
  return is_integer_type(id) || id == TypeId::kFloat4 || id == TypeId::kFloat8 || id == TypeId::kNumeric;
}

bool is_string_type(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar || id == TypeId::kName ||
         id == TypeId::kUnknown;
}

bool is_fixed_width(TypeId id) { return info(id).fixed_width; }

std::string type_internal_name(TypeId id) { return info(id).internal_name; }

std::string type_display_name(const Type& t) {
  std::string name = info(t.id).display_name;
  if (t.typmod < 0) return name;
  switch (t.id) {
    case TypeId::kVarchar:
    case TypeId::kBpchar:
      return name + "(" + std::to_string(t.char_length()) + ")";
    case TypeId::kNumeric:
      return name + "(" + std::to_string(t.numeric_precision()) + "," + std::to_string(t.numeric_scale()) + ")";
    case TypeId::kTime:
      return "time(" + std::to_string(t.typmod) + ") without time zone";
    case TypeId::kTimestamp:
      return "timestamp(" + std::to_string(t.typmod) + ") without time zone";
    case TypeId::kTimestampTz:
      return "timestamp(" + std::to_string(t.typmod) + ") with time zone";
    case TypeId::kInterval:
      return "interval(" + std::to_string(t.typmod) + ")";
    default:
      return name;
  }
}

Type resolve_type_name(const std::vector<std::string>& names, const std::vector<int32_t>& typmods,
                       bool is_array) {
  if (names.empty()) throw_no_type("");
  std::string full;
  for (size_t i = 0; i < names.size(); ++i) full += (i ? "." : "") + names[i];
  if (names.size() > 2 || (names.size() == 2 && lower(names[0]) != "pg_catalog" && lower(names[0]) != "public")) {
    throw_no_type(full);
  }
  // Identifiers arrive already case-folded unless quoted; PostgreSQL matches
  // typnames exactly, so "INT" (quoted) would not exist: keep it strict.
  const std::string& base = names.back();
  const bool qualified = names.size() == 2;
  TypeId id = TypeId::kUnknown;
  bool found = false;
  for (const auto& a : kAliases) {
    if (base == a.name) {
      id = a.id;
      found = true;
      break;
    }
  }
  // Keyword-only spellings (boolean, smallint, integer, bigint, real, float,
  // decimal, character) are never typnames: pg_catalog.integer does not exist.
  if (found && qualified) {
    static const char* kKeywordOnly[] = {"boolean", "smallint", "integer", "int", "bigint", "real",
                                         "float", "decimal", "character"};
    for (const char* k : kKeywordOnly) {
      if (base == k) found = false;
    }
  }
  if (!found) throw_no_type(full);
  if (is_array) throw_not_supported("array types are not supported");
  return resolve_base(id, base, qualified, typmods);
}

Type resolve_expression_type_name(const std::vector<std::string>& names, const std::vector<int32_t>& typmods,
                                  bool is_array) {
  static const NameAlias kExpressionOnly[] = {
      {"int2vector", TypeId::kInt2Vector}, {"oidvector", TypeId::kOidVector}, {"regnamespace", TypeId::kRegnamespace},
      {"_int2", TypeId::kInt2Array}, {"_int4", TypeId::kInt4Array}, {"_int8", TypeId::kInt8Array},
      {"_text", TypeId::kTextArray}, {"_oid", TypeId::kOidArray}, {"_name", TypeId::kNameArray},
      {"_bool", TypeId::kBoolArray},
  };
  if (!names.empty() && names.size() <= 2 &&
      (names.size() == 1 || lower(names[0]) == "pg_catalog" || lower(names[0]) == "public")) {
    for (const auto& a : kExpressionOnly) {
      if (names.back() != a.name) continue;
      if (!typmods.empty())
        throw_error(sqlstate::kSyntaxError, "type modifier is not allowed for type \"" + names.back() + "\"");
      if (!is_array) return Type(a.id);
      TypeId arr = array_type_for_element(a.id);
      if (arr == TypeId::kUnknown) throw_not_supported("arrays of type " + names.back() + " are not supported");
      return Type(arr);
    }
  }
  Type element = resolve_type_name(names, typmods, false);
  if (!is_array) return element;
  TypeId arr = array_type_for_element(element.id);
  // varchar(n)[] and char(n)[] become text[]: the element typmod is not kept.
  if (arr == TypeId::kUnknown)
    throw_not_supported("arrays of type " + type_display_name(Type(element.id)) + " are not supported");
  return Type(arr);
}

namespace {

Type resolve_base(TypeId id, const std::string& base, bool qualified, const std::vector<int32_t>& typmods) {

  Type t(id);
  switch (id) {
    case TypeId::kVarchar:
      t.typmod = check_length_typmod(id, typmods, "varchar");
      break;
    case TypeId::kBpchar:
      // bare "char"/"character" means char(1); an explicit pg_catalog.bpchar
      // without a length is unlimited, as in PostgreSQL.
      t.typmod = (typmods.empty() && base == "bpchar" && !qualified) ? -1
                                                                     : check_length_typmod(id, typmods, "char");
      break;
    case TypeId::kNumeric:
      t.typmod = check_numeric_typmod(typmods);
      break;
    case TypeId::kTime:
      t.typmod = check_time_precision(typmods, "TIME");
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      t.typmod = check_time_precision(typmods, id == TypeId::kTimestamp ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE");
      break;
    case TypeId::kInterval:
      // libpg_query passes interval field masks as typmods; we keep full precision.
      t.typmod = -1;
      break;
    case TypeId::kFloat8:
      if (!typmods.empty()) {
        // float(p): 1..24 -> real, 25..53 -> double precision.
        int32_t p = typmods[0];
        if (p < 1) throw_error(sqlstate::kInvalidParameterValue, "precision for type float must be at least 1 bit");
        if (p > 53) throw_error(sqlstate::kInvalidParameterValue, "precision for type float must be less than 54 bits");
        if (p <= 24) t.id = TypeId::kFloat4;
      }
      break;
    default:
      if (!typmods.empty()) {
        throw_error(sqlstate::kSyntaxError, "type modifier is not allowed for type \"" + std::string(info(id).internal_name) + "\"");
      }
      break;
  }
  return t;
}

}  // namespace

}  // namespace upsertdb
