// Catalog functions. They read the statement's catalog (current_catalog()); an
// OID that names nothing gives NULL, as PostgreSQL's do. Expression "node trees"
// are the SQL text our catalog views store, so pg_get_expr returns them as is.
#include "functions/catalog_functions.h"

#include <algorithm>
#include <optional>

#include "catalog/catalog.h"
#include "catalog_views/catalog_oids.h"
#include "catalog_views/definition_text.h"
#include "engine/current_catalog.h"
#include "functions/fn_util.h"
#include "types/hooks.h"

namespace upsertdb::fn {

namespace {

using T = TypeId;
using namespace catalog_views;

uint32_t oid_arg(const Value& v) { return static_cast<uint32_t>(v.as_int()); }

// format_type(type_oid, typmod): NULL typmod means "no typmod"; unknown OIDs print "???".
Value format_type(FunctionContext&, const Value* a, size_t) {
  if (a[0].is_null()) return Value::null(T::kText);
  int32_t typmod = a[1].is_null() ? -1 : static_cast<int32_t>(a[1].as_int());
  uint32_t oid = oid_arg(a[0]);
  if (oid == 0) return text("-");
  Type t = type_from_pg(oid, typmod);
  if (t.id == TypeId::kUnknown && oid != 705) return text("???");
  return text(type_display_name(t));
}

// Pretty (third argument true) drops the parentheses around the whole, as
// PostgreSQL's pretty mode does; otherwise the stored text is returned as is
// (index predicates are stored parenthesised, as PostgreSQL prints them).
Value pg_get_expr(FunctionContext&, const Value* a, size_t n) {
  const bool pretty = n > 2 && !a[2].is_null() && a[2].as_bool();
  return text(pretty ? pretty_expression(str(a[0])) : str(a[0]));
}

Value index_def(uint32_t oid, int32_t column) {
  Catalog* cat = current_catalog();
  if (!cat) return Value::null(T::kText);
  IndexRef r = find_index(*cat, oid);
  if (!r.index) return Value::null(T::kText);
  if (column <= 0) return text(index_definition(*r.table, *r.index));
  return text(index_column_definition(*r.table, *r.index, static_cast<size_t>(column - 1)));
}
Value pg_get_indexdef1(FunctionContext&, const Value* a, size_t) { return index_def(oid_arg(a[0]), 0); }
Value pg_get_indexdef3(FunctionContext&, const Value* a, size_t) {
  return index_def(oid_arg(a[0]), static_cast<int32_t>(a[1].as_int()));
}

Value pg_get_constraintdef(FunctionContext&, const Value* a, size_t) {
  Catalog* cat = current_catalog();
  if (!cat) return Value::null(T::kText);
  ConstraintRef r = find_constraint(*cat, oid_arg(a[0]));
  if (!r.constraint) return Value::null(T::kText);
  return text(constraint_definition(*cat, *r.table, *r.constraint));
}

bool is_user_relation(uint32_t oid) {
  Catalog* cat = current_catalog();
  if (!cat) return false;
  return cat->table_by_oid(oid) || cat->sequence_by_oid(oid) || find_index(*cat, oid).index;
}

// Every user relation lives in public, which is on the search path; the
// system relations in pg_catalog are always visible.
Value pg_table_is_visible(FunctionContext&, const Value* a, size_t) {
  uint32_t oid = oid_arg(a[0]);
  if (is_user_relation(oid)) return Value::boolean(true);
  return oid < 16384 ? Value::boolean(true) : Value::null(T::kBool);
}

Value pg_get_userbyid(FunctionContext&, const Value* a, size_t) {
  uint32_t oid = oid_arg(a[0]);
  if (oid == kBootstrapSuperuser) return Value::text(kSuperuserName, T::kName);
  return Value::text("unknown (OID=" + std::to_string(oid) + ")", T::kName);
}

// The privilege list of has_*_privilege: comma-separated names, case-insensitive,
// each optionally WITH GRANT OPTION; 22023 for anything else.
void check_privileges(const std::string& list, std::initializer_list<const char*> known) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::string word;
    for (char c : item) word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    word.erase(0, word.find_first_not_of(" \t\n"));
    word.erase(word.find_last_not_of(" \t\n") + 1);
    const std::string grant = " WITH GRANT OPTION";
    if (word.size() > grant.size() && word.compare(word.size() - grant.size(), grant.size(), grant) == 0)
      word.erase(word.size() - grant.size());
    bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return word == k; });
    if (!ok) throw DbError("22023", "unrecognized privilege type: \"" + item + "\"");
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

std::optional<uint32_t> relation_by_name(const std::string& name) {
  if (uint32_t sys = system_relation_oid_from_text(name)) return sys;
  if (regclass_hooks().lookup) return regclass_hooks().lookup(name);
  return std::nullopt;
}

void check_user(const std::string& user) {
  if (user != kSuperuserName) throw DbError("42704", "role \"" + user + "\" does not exist");
}

constexpr std::initializer_list<const char*> kTablePrivileges = {"SELECT", "INSERT", "UPDATE", "DELETE",
                                                                  "TRUNCATE", "REFERENCES", "TRIGGER"};

Value table_privilege(const Value& table, const Value& privilege) {
  check_privileges(str(privilege), kTablePrivileges);
  if (table.type() == T::kOid) {
    uint32_t oid = oid_arg(table);
    return is_user_relation(oid) || (oid > 0 && oid < 16384) ? Value::boolean(true) : Value::null(T::kBool);
  }
  if (!relation_by_name(str(table)))
    throw DbError("42P01", "relation \"" + str(table) + "\" does not exist");
  return Value::boolean(true);
}
// The only role is a superuser: it holds every privilege.
Value has_table_privilege2(FunctionContext&, const Value* a, size_t) { return table_privilege(a[0], a[1]); }
Value has_table_privilege3(FunctionContext&, const Value* a, size_t) {
  check_user(str(a[0]));
  return table_privilege(a[1], a[2]);
}

Value schema_privilege(const Value& schema, const Value& privilege) {
  check_privileges(str(privilege), {"CREATE", "USAGE"});
  const std::string& s = str(schema);
  if (s != "public" && s != "pg_catalog" && s != "information_schema" && s != "pg_toast")
    throw DbError("3F000", "schema \"" + s + "\" does not exist");
  return Value::boolean(true);
}
Value has_schema_privilege2(FunctionContext&, const Value* a, size_t) { return schema_privilege(a[0], a[1]); }
Value has_schema_privilege3(FunctionContext&, const Value* a, size_t) {
  check_user(str(a[0]));
  return schema_privilege(a[1], a[2]);
}

Value pg_relation_is_publishable(FunctionContext&, const Value* a, size_t) {
  Catalog* cat = current_catalog();
  return Value::boolean(cat && cat->table_by_oid(oid_arg(a[0])) != nullptr);
}

// No triggers, extended statistics or comments exist: their lookups find nothing.
Value null_text(FunctionContext&, const Value*, size_t) { return Value::null(T::kText); }

Value pg_get_serial_sequence(FunctionContext&, const Value* a, size_t) {
  Catalog* cat = current_catalog();
  auto oid = relation_by_name(str(a[0]));
  std::shared_ptr<TableInfo> t = cat && oid ? cat->table_by_oid(*oid) : nullptr;
  if (!t) throw DbError("42P01", "relation \"" + str(a[0]) + "\" does not exist");
  int col = t->find_column(str(a[1]));
  if (col < 0)
    throw DbError("42703", "column \"" + str(a[1]) + "\" of relation \"" + t->name + "\" does not exist");
  const std::string& seq = t->columns[static_cast<size_t>(col)].owned_sequence;
  if (seq.empty()) return Value::null(T::kText);
  return text(quote_identifier(t->schema) + "." + quote_identifier(seq));
}

Value pg_encoding_to_char(FunctionContext&, const Value* a, size_t) {
  return Value::text(a[0].as_int() == 6 ? "UTF8" : (a[0].as_int() == 0 ? "SQL_ASCII" : ""), T::kName);
}

}  // namespace

void register_catalog_functions(Registry& r) {
  const Volatility S = Volatility::kStable;
  r.add("format_type", {T::kOid, T::kInt4}, T::kText, format_type, S, false);
  r.add("pg_get_expr", {T::kText, T::kOid}, T::kText, pg_get_expr, S);
  r.add("pg_get_expr", {T::kText, T::kOid, T::kBool}, T::kText, pg_get_expr, S);
  r.add("pg_get_indexdef", {T::kOid}, T::kText, pg_get_indexdef1, S);
  r.add("pg_get_indexdef", {T::kOid, T::kInt4, T::kBool}, T::kText, pg_get_indexdef3, S);
  r.add("pg_get_constraintdef", {T::kOid}, T::kText, pg_get_constraintdef, S);
  r.add("pg_get_constraintdef", {T::kOid, T::kBool}, T::kText, pg_get_constraintdef, S);
  r.add("pg_table_is_visible", {T::kOid}, T::kBool, pg_table_is_visible, S);
  r.add("pg_get_userbyid", {T::kOid}, T::kName, pg_get_userbyid, S);
  r.add("has_table_privilege", {T::kText, T::kText}, T::kBool, has_table_privilege2, S);
  r.add("has_table_privilege", {T::kOid, T::kText}, T::kBool, has_table_privilege2, S);
  r.add("has_table_privilege", {T::kName, T::kText, T::kText}, T::kBool, has_table_privilege3, S);
  r.add("has_table_privilege", {T::kName, T::kOid, T::kText}, T::kBool, has_table_privilege3, S);
  r.add("has_schema_privilege", {T::kText, T::kText}, T::kBool, has_schema_privilege2, S);
  r.add("has_schema_privilege", {T::kName, T::kText, T::kText}, T::kBool, has_schema_privilege3, S);
  r.add("pg_relation_is_publishable", {T::kRegclass}, T::kBool, pg_relation_is_publishable, S);
  r.add("pg_get_triggerdef", {T::kOid}, T::kText, null_text, S);
  r.add("pg_get_triggerdef", {T::kOid, T::kBool}, T::kText, null_text, S);
  r.add("pg_get_statisticsobjdef_columns", {T::kOid}, T::kText, null_text, S);
  r.add("obj_description", {T::kOid}, T::kText, null_text, S);
  r.add("obj_description", {T::kOid, T::kName}, T::kText, null_text, S);
  r.add("col_description", {T::kOid, T::kInt4}, T::kText, null_text, S);
  r.add("shobj_description", {T::kOid, T::kName}, T::kText, null_text, S);
  r.add("pg_get_serial_sequence", {T::kText, T::kText}, T::kText, pg_get_serial_sequence, S);
  r.add("pg_encoding_to_char", {T::kInt4}, T::kName, pg_encoding_to_char, S);
}

}  // namespace upsertdb::fn
