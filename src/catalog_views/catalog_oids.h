// Fixed OIDs of the built-in objects the catalog views show, PostgreSQL 15's
// where PostgreSQL has fixed ones (namespaces, access methods, the bootstrap
// superuser, catalog relations), and the typmod conversion between our Type
// and pg_attribute.atttypmod.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/type.h"

namespace upsertdb::catalog_views {

inline constexpr uint32_t kPgCatalogNamespace = 11;
inline constexpr uint32_t kPgToastNamespace = 99;
inline constexpr uint32_t kPublicNamespace = 2200;
// PostgreSQL assigns information_schema an ordinary OID at initdb (13207 in 15.x).
inline constexpr uint32_t kInformationSchemaNamespace = 13207;
inline constexpr uint32_t kBootstrapSuperuser = 10;   // the `postgres` role
inline constexpr uint32_t kDatabaseOid = 5;            // PostgreSQL's `postgres` database
inline constexpr uint32_t kHeapAm = 2;
inline constexpr uint32_t kBtreeAm = 403;
inline constexpr uint32_t kDefaultCollation = 100;
inline constexpr uint32_t kDefaultTablespace = 1663;
inline constexpr uint32_t kPgClassOid = 1259;          // pg_class's own OID (pg_depend.classid)
inline constexpr const char* kSuperuserName = "postgres";

// Column defaults have no OID of their own in our catalog; pg_attrdef shows one
// derived from the table's OID and the column number, stable across restarts.
inline uint32_t attrdef_oid(uint32_t table_oid, int attnum) {
  return 3000000000u + table_oid * 1600u + static_cast<uint32_t>(attnum);
}

// The OID PostgreSQL gives a system relation (pg_class 1259 ...), 0 when not one.
uint32_t system_relation_oid(const std::string& name);
// Its schema ("pg_catalog" / "information_schema"), "" when not one.
const char* system_relation_schema(const std::string& name);

// pg_attribute.atttypmod for our Type (PostgreSQL adds 4 for varchar/char/numeric).
int32_t pg_typmod(const Type& t);
// Our Type from pg_type.oid and atttypmod; id kUnknown when the OID is not ours.
Type type_from_pg(uint32_t type_oid, int32_t pg_typmod);

}  // namespace upsertdb::catalog_views

namespace upsertdb::catalog_views {
// pg_type's typlen / typbyval / typalign / typstorage / typcollation for our types.
int16_t pg_type_length(TypeId t);
bool pg_type_byval(TypeId t);
char pg_type_align(TypeId t);
char pg_type_storage(TypeId t);
uint32_t pg_type_collation(TypeId t);
}  // namespace upsertdb::catalog_views

namespace upsertdb::catalog_views {
// regclass input: `pg_class`, `pg_catalog.pg_class`, `information_schema.tables`
// -> the relation's OID; 0 when the text names no system relation.
uint32_t system_relation_oid_from_text(std::string_view text);
// regclass output of a system relation's OID (pg_catalog's print bare,
// information_schema's qualified), null when not one.
const char* system_relation_name(uint32_t oid);
}  // namespace upsertdb::catalog_views
