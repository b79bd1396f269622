// pg_namespace, pg_type, pg_am, pg_collation, pg_tablespace, pg_database,
// pg_roles and pg_settings: the objects every database has.
#include "catalog_views/catalog_oids.h"
#include "catalog_views/catalog_view.h"
#include "common/error.h"
#include "types/array.h"

namespace upsertdb::catalog_views {

namespace {

using Cols = std::vector<ColumnDesc>;

std::vector<Row> pg_namespace(ExecContext&, const Cols& cols) {
  RowBuilder b(cols);
  std::vector<Row> rows;
  struct { uint32_t oid; const char* name; } spaces[] = {
      {kPgCatalogNamespace, "pg_catalog"}, {kPgToastNamespace, "pg_toast"},
      {kPublicNamespace, "public"}, {kInformationSchemaNamespace, "information_schema"}};
  for (const auto& s : spaces) {
    // public belongs to pg_database_owner (6171) in PostgreSQL 15.
    b.oid("oid", s.oid).str("nspname", s.name).oid("nspowner", s.oid == kPublicNamespace ? 6171 : kBootstrapSuperuser);
    rows.push_back(b.take());
  }
  return rows;
}

std::vector<Row> pg_type(ExecContext&, const Cols& cols) {
  RowBuilder b(cols);
  std::vector<Row> rows;
  for (int i = 0; i <= static_cast<int>(TypeId::kBoolArray); ++i) {
    TypeId t = static_cast<TypeId>(i);
    const TypeId element = array_element_type(t);
    const TypeId array = array_type_for_element(t);
    TypeCategory cat = type_category(t);
    bool pseudo = cat == TypeCategory::kPseudo || t == TypeId::kUnknown;
    b.oid("oid", type_oid(t)).str("typname", type_internal_name(t)).oid("typnamespace", kPgCatalogNamespace)
        .oid("typowner", kBootstrapSuperuser).integer("typlen", pg_type_length(t)).boolean("typbyval", pg_type_byval(t))
        .str("typtype", pseudo ? "p" : "b").str("typcategory", std::string(1, static_cast<char>(cat)))
        .boolean("typispreferred", t == TypeId::kText || t == TypeId::kFloat8 || t == TypeId::kBool ||
                                       t == TypeId::kTimestampTz || t == TypeId::kInterval || t == TypeId::kOid)
        .boolean("typisdefined", true).str("typdelim", ",").oid("typrelid", 0)
        .oid("typelem", element == TypeId::kUnknown ? 0 : type_oid(element))
        // array_type_for_element maps varchar & co. to text[]: only a type's own array counts.
        .oid("typarray", array != TypeId::kUnknown && array_element_type(array) == t ? type_oid(array) : 0)
        .str("typalign", std::string(1, pg_type_align(t)))
        .str("typstorage", std::string(1, pg_type_storage(t))).boolean("typnotnull", false).oid("typbasetype", 0)
        .integer("typtypmod", -1).integer("typndims", 0).oid("typcollation", pg_type_collation(t));
    rows.push_back(b.take());
  }
  return rows;
}

std::vector<Row> pg_am(ExecContext&, const Cols& cols) {
  RowBuilder b(cols);
  std::vector<Row> rows;
  b.oid("oid", kHeapAm).str("amname", "heap").str("amhandler", "heap_tableam_handler").str("amtype", "t");
  rows.push_back(b.take());
  b.oid("oid", kBtreeAm).str("amname", "btree").str("amhandler", "bthandler").str("amtype", "i");
  rows.push_back(b.take());
  return rows;
}

std::vector<Row> pg_collation(ExecContext&, const Cols& cols) {
  RowBuilder b(cols);
  std::vector<Row> rows;
  struct { uint32_t oid; const char* name; const char* provider; } colls[] = {
      {100, "default", "d"}, {950, "C", "c"}, {951, "POSIX", "c"}};
  for (const auto& c : colls) {
    b.oid("oid", c.oid).str("collname", c.name).oid("collnamespace", kPgCatalogNamespace)
        .oid("collowner", kBootstrapSuperuser).str("collprovider", c.provider).boolean("collisdeterministic", true)
        .integer("collencoding", -1);
    if (c.oid != 100) b.str("collcollate", c.name).str("collctype", c.name);
    rows.push_back(b.take());
  }
  return rows;
}

std::vector<Row> pg_tablespace(ExecContext&, const Cols& cols) {
  RowBuilder b(cols);
  std::vector<Row> rows;
  b.oid("oid", kDefaultTablespace).str("spcname", "pg_default").oid("spcowner", kBootstrapSuperuser);
  rows.push_back(b.take());
  b.oid("oid", 1664).str("spcname", "pg_global").oid("spcowner", kBootstrapSuperuser);
  rows.push_back(b.take());
  return rows;
}

std::vector<Row> pg_database(ExecContext& ctx, const Cols& cols) {
  RowBuilder b(cols);
  std::string name = ctx.functions ? ctx.functions->current_database() : "postgres";
  b.oid("oid", kDatabaseOid).str("datname", name).oid("datdba", kBootstrapSuperuser).integer("encoding", 6)
      .str("datlocprovider", "c").boolean("datistemplate", false).boolean("datallowconn", true)
      .integer("datconnlimit", -1).str("datfrozenxid", "0").str("datminmxid", "1")
      .oid("dattablespace", kDefaultTablespace).str("datcollate", "C").str("datctype", "C");
  return {b.take()};
}

// One superuser until roles are stored (see docs/catalog.md).
std::vector<Row> pg_roles(ExecContext&, const Cols& cols) {
  RowBuilder b(cols);
  b.str("rolname", kSuperuserName).boolean("rolsuper", true).boolean("rolinherit", true)
      .boolean("rolcreaterole", true).boolean("rolcreatedb", true).boolean("rolcanlogin", true)
      .boolean("rolreplication", true).integer("rolconnlimit", -1).str("rolpassword", "********")
      .boolean("rolbypassrls", true).oid("oid", kBootstrapSuperuser);
  return {b.take()};
}

// The settings a session can read; those the session does not define are left out.
constexpr const char* kSettingNames[] = {
    "application_name", "block_size", "bytea_output", "client_encoding", "client_min_messages", "DateStyle",
    "default_transaction_isolation", "default_transaction_read_only", "extra_float_digits", "fsync",
    "idle_in_transaction_session_timeout", "integer_datetimes", "IntervalStyle", "is_superuser", "lc_collate",
    "lc_ctype", "lc_messages", "lc_monetary", "lc_numeric", "lc_time", "lock_timeout", "max_connections",
    "max_identifier_length", "search_path", "server_encoding", "server_version", "server_version_num",
    "session_authorization", "standard_conforming_strings", "statement_timeout", "synchronous_commit",
    "TimeZone", "transaction_isolation", "transaction_read_only", "work_mem"};

std::vector<Row> pg_settings(ExecContext& ctx, const Cols& cols) {
  RowBuilder b(cols);
  std::vector<Row> rows;
  if (!ctx.functions) return rows;
  for (const char* name : kSettingNames) {
    std::string value;
    try {
      value = ctx.functions->setting(name);
    } catch (const DbError& e) {
      if (e.sqlstate() == sqlstate::kUndefinedObject) continue;
      throw;
    }
    b.str("name", name).str("setting", value);
    rows.push_back(b.take());
  }
  return rows;
}

}  // namespace

void add_global_views(ViewTable& v) {
  v[{"pg_catalog", "pg_namespace"}] = pg_namespace;
  v[{"pg_catalog", "pg_type"}] = pg_type;
  v[{"pg_catalog", "pg_am"}] = pg_am;
  v[{"pg_catalog", "pg_collation"}] = pg_collation;
  v[{"pg_catalog", "pg_tablespace"}] = pg_tablespace;
  v[{"pg_catalog", "pg_database"}] = pg_database;
  v[{"pg_catalog", "pg_roles"}] = pg_roles;
  v[{"pg_catalog", "pg_settings"}] = pg_settings;
}

}  // namespace upsertdb::catalog_views
