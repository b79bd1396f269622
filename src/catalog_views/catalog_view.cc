// The catalog view registry, RowBuilder, and the fixed OIDs of system relations.
#include "catalog_views/catalog_view.h"

#include "types/array.h"

#include <stdexcept>

#include "catalog_views/catalog_oids.h"

namespace upsertdb::catalog_views {

namespace {

struct SystemRelation {
  const char* name;
  uint32_t oid;
  const char* schema;
};

// PostgreSQL 15's OIDs for the system relations we provide (catalogs have fixed
// OIDs; views get theirs at initdb, and these are 15.x's).
constexpr SystemRelation kSystemRelations[] = {
    {"check_constraints", 13260, "information_schema"},
    {"columns", 13295, "information_schema"},
    {"constraint_column_usage", 13300, "information_schema"},
    {"key_column_usage", 13329, "information_schema"},
    {"referential_constraints", 13339, "information_schema"},
    {"schemata", 13382, "information_schema"},
    {"sequences", 13386, "information_schema"},
    {"table_constraints", 13411, "information_schema"},
    {"tables", 13425, "information_schema"},
    {"views", 13483, "information_schema"},
    {"pg_am", 2601, "pg_catalog"},
    {"pg_attrdef", 2604, "pg_catalog"},
    {"pg_attribute", 1249, "pg_catalog"},
    {"pg_auth_members", 1261, "pg_catalog"},
    {"pg_authid", 1260, "pg_catalog"},
    {"pg_cast", 2605, "pg_catalog"},
    {"pg_class", 1259, "pg_catalog"},
    {"pg_collation", 3456, "pg_catalog"},
    {"pg_constraint", 2606, "pg_catalog"},
    {"pg_database", 1262, "pg_catalog"},
    {"pg_depend", 2608, "pg_catalog"},
    {"pg_description", 2609, "pg_catalog"},
    {"pg_enum", 3501, "pg_catalog"},
    {"pg_event_trigger", 3466, "pg_catalog"},
    {"pg_extension", 3079, "pg_catalog"},
    {"pg_foreign_table", 3118, "pg_catalog"},
    {"pg_index", 2610, "pg_catalog"},
    {"pg_indexes", 12043, "pg_catalog"},
    {"pg_inherits", 2611, "pg_catalog"},
    {"pg_language", 2612, "pg_catalog"},
    {"pg_matviews", 12038, "pg_catalog"},
    {"pg_namespace", 2615, "pg_catalog"},
    {"pg_opclass", 2616, "pg_catalog"},
    {"pg_operator", 2617, "pg_catalog"},
    {"pg_partitioned_table", 3350, "pg_catalog"},
    {"pg_policy", 3256, "pg_catalog"},
    {"pg_proc", 1255, "pg_catalog"},
    {"pg_publication", 6104, "pg_catalog"},
    {"pg_publication_namespace", 6237, "pg_catalog"},
    {"pg_publication_rel", 6106, "pg_catalog"},
    {"pg_range", 3541, "pg_catalog"},
    {"pg_rewrite", 2618, "pg_catalog"},
    {"pg_roles", 12000, "pg_catalog"},
    {"pg_sequence", 2224, "pg_catalog"},
    {"pg_sequences", 12048, "pg_catalog"},
    {"pg_settings", 12104, "pg_catalog"},
    {"pg_shdescription", 2396, "pg_catalog"},
    {"pg_stat_activity", 12222, "pg_catalog"},
    {"pg_statistic_ext", 3381, "pg_catalog"},
    {"pg_tables", 12033, "pg_catalog"},
    {"pg_tablespace", 1213, "pg_catalog"},
    {"pg_trigger", 2620, "pg_catalog"},
    {"pg_type", 1247, "pg_catalog"},
    {"pg_user", 12014, "pg_catalog"},
    {"pg_views", 12028, "pg_catalog"},
};

const ViewTable& views() {
  static const ViewTable table = [] {
    ViewTable t;
    add_relation_views(t);
    add_global_views(t);
    add_empty_views(t);
    add_information_schema_views(t);
    return t;
  }();
  return table;
}

}  // namespace

uint32_t system_relation_oid(const std::string& name) {
  for (const auto& r : kSystemRelations)
    if (name == r.name) return r.oid;
  return 0;
}

const char* system_relation_schema(const std::string& name) {
  for (const auto& r : kSystemRelations)
    if (name == r.name) return r.schema;
  return "";
}

int32_t pg_typmod(const Type& t) {
  if (t.typmod < 0) return -1;
  switch (t.id) {
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kNumeric: return t.typmod + 4;
    default: return t.typmod;
  }
}

Type type_from_pg(uint32_t type_oid, int32_t typmod) {
  TypeId id = type_from_oid(type_oid);
  if (id == TypeId::kUnknown && type_oid != 705) return Type(TypeId::kUnknown);
  if (typmod < 0) return Type(id);
  switch (id) {
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kNumeric: return typmod >= 4 ? Type(id, typmod - 4) : Type(id);
    default: return Type(id, typmod);
  }
}

uint32_t system_relation_oid_from_text(std::string_view text) {
  std::string schema = "pg_catalog", name(text);
  size_t dot = name.find('.');
  if (dot != std::string::npos) {
    schema = name.substr(0, dot);
    name = name.substr(dot + 1);
  }
  for (const auto& r : kSystemRelations)
    if (name == r.name && schema == r.schema) return r.oid;
  return 0;
}

const char* system_relation_name(uint32_t oid) {
  static const std::map<uint32_t, std::string> names = [] {
    std::map<uint32_t, std::string> m;
    for (const auto& r : kSystemRelations)
      m[r.oid] = std::string(r.schema) == "pg_catalog" ? r.name : std::string(r.schema) + "." + r.name;
    return m;
  }();
  auto it = names.find(oid);
  return it == names.end() ? nullptr : it->second.c_str();
}

bool is_catalog_view(const std::string& schema, const std::string& name) {
  return views().count({schema.empty() ? "pg_catalog" : schema, name}) > 0;
}

std::shared_ptr<SystemViewOp> make_catalog_view(const std::string& schema, const std::string& name) {
  std::string s = schema.empty() ? "pg_catalog" : schema;
  auto it = views().find({s, name});
  if (it == views().end()) return nullptr;
  auto op = std::make_shared<SystemViewOp>();
  op->columns = view_columns(s, name);
  RowGenerator gen = it->second;
  auto columns = op->columns;
  op->generate = [gen, columns](ExecContext& ctx) { return gen(ctx, columns); };
  return op;
}

RowBuilder::RowBuilder(const std::vector<ColumnDesc>& columns) : columns_(columns) {
  for (size_t i = 0; i < columns.size(); ++i) {
    index_[columns[i].name] = i;
    row_.push_back(Value::null(columns[i].type.id));
  }
}

RowBuilder& RowBuilder::set(const std::string& column, Value v) {
  auto it = index_.find(column);
  // A misspelt column is a programming error in a view generator.
  if (it == index_.end()) throw std::logic_error("catalog view has no column " + column);
  row_[it->second] = std::move(v);
  return *this;
}

RowBuilder& RowBuilder::str(const std::string& column, std::string s) {
  auto it = index_.find(column);
  TypeId t = it == index_.end() ? TypeId::kText : columns_[it->second].type.id;
  // Array columns are given in PostgreSQL's text form ("{1,2}", int2vector "1 2").
  if (is_array_type(t)) return set(column, value_from_text(s, Type(t)));
  return set(column, Value::text(std::move(s), t));
}

RowBuilder& RowBuilder::oid(const std::string& column, uint32_t oid) { return set(column, Value::oid(oid)); }

RowBuilder& RowBuilder::boolean(const std::string& column, bool b) { return set(column, Value::boolean(b)); }

RowBuilder& RowBuilder::integer(const std::string& column, int64_t v) {
  auto it = index_.find(column);
  TypeId t = it == index_.end() ? TypeId::kInt4 : columns_[it->second].type.id;
  if (t == TypeId::kFloat4) return set(column, Value::float4(static_cast<float>(v)));
  return set(column, Value::integer(t, v));
}

Row RowBuilder::take() {
  Row r = std::move(row_);
  row_.clear();
  for (const auto& c : columns_) row_.push_back(Value::null(c.type.id));
  return r;
}

}  // namespace upsertdb::catalog_views
