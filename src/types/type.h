// Types: the PostgreSQL types UpsertDB supports, their OIDs, names and typmods.
// A Type is a TypeId plus PostgreSQL's typmod (-1 = none): varchar(n)/char(n)
// store the plain length n (PostgreSQL adds 4; we do not); numeric(p,s)
// stores (p << 16) | s. Use the helpers below, never the raw number.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace upsertdb {

enum class TypeId : uint8_t {
  kUnknown,      // an untyped literal ('abc') before the binder coerces it
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumeric,
  kText,
  kVarchar,
  kBpchar,       // char(n)
  kName,         // PostgreSQL's 63-byte identifier type (catalog columns)
  kBytea,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kInterval,
  kUuid,
  kJson,
  kJsonb,
  kOid,
  kRegclass,
  kVoid,         // result of functions returning nothing (setval's siblings, pg_sleep)
  kRecord,       // anonymous row
  kRegtype,      // a type, as pg_typeof returns it (held as its display name)
  // One-dimensional arrays (types/array.h). Not storable in user tables: only
  // expressions, casts and catalog columns produce them.
  kInt2Array,
  kInt4Array,
  kInt8Array,
  kTextArray,
  kOidArray,
  kNameArray,
  kInt2Vector,   // int2vector: an int2 array with lower bound 0, printed space-separated
  kOidVector,    // oidvector: the same over oid
  kRegnamespace, // a schema OID that prints as the schema's name
  kBoolArray,
};

struct Type {
  TypeId id = TypeId::kUnknown;
  int32_t typmod = -1;

  constexpr Type() = default;
  constexpr Type(TypeId i, int32_t m = -1) : id(i), typmod(m) {}
  bool operator==(const Type& o) const { return id == o.id && typmod == o.typmod; }
  bool operator!=(const Type& o) const { return !(*this == o); }

  // varchar(n)/char(n): n, or -1 when unlimited.
  int32_t char_length() const { return typmod; }
  // numeric(p,s): precision and scale, -1 when unconstrained.
  int32_t numeric_precision() const { return typmod < 0 ? -1 : (typmod >> 16) & 0xffff; }
  int32_t numeric_scale() const { return typmod < 0 ? -1 : typmod & 0xffff; }
  static int32_t numeric_typmod(int32_t precision, int32_t scale) { return (precision << 16) | scale; }
};

// PostgreSQL's type categories, used for implicit coercion and operator lookup.
enum class TypeCategory : char {
  kBoolean = 'B', kNumeric = 'N', kString = 'S', kDateTime = 'D', kTimespan = 'T',
  kUserDefined = 'U', kUnknown = 'X', kPseudo = 'P', kArray = 'A',
};

uint32_t type_oid(TypeId id);                 // pg_type.oid, e.g. int4 -> 23
TypeId type_from_oid(uint32_t oid);           // kUnknown when not ours
TypeCategory type_category(TypeId id);
bool is_integer_type(TypeId id);              // int2/int4/int8
bool is_numeric_family(TypeId id);            // integers, float4/8, numeric
bool is_string_type(TypeId id);               // text, varchar, bpchar, name, unknown
bool is_fixed_width(TypeId id);

// The name PostgreSQL prints in messages and format_type(): "integer",
// "character varying(10)", "numeric(10,2)", "timestamp without time zone".
std::string type_display_name(const Type& t);
// The short pg_type.typname: "int4", "varchar", "timestamptz".
std::string type_internal_name(TypeId id);

// Resolves a type name as written in SQL (already split into dotted parts, the
// way libpg_query gives it: {"pg_catalog","int4"} or {"integer"}) plus its typmod
// arguments. Throws 42704 `type "x" does not exist` for unknown names.
// Only types a table column can hold: arrays, int2vector, oidvector and
// regnamespace are 0A000 / 42704 here (storage has no encoding for them).
Type resolve_type_name(const std::vector<std::string>& names, const std::vector<int32_t>& typmods,
                       bool is_array = false);
// Every type an expression can have (casts: x::int2[], x::regnamespace).
// `name[]` of an element type without an array type is 0A000.
Type resolve_expression_type_name(const std::vector<std::string>& names, const std::vector<int32_t>& typmods,
                                  bool is_array);

}  // namespace upsertdb
