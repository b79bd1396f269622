// pg_class, pg_attribute, pg_attrdef, pg_index, pg_constraint, pg_sequence and
// pg_depend rows for the user's tables, indexes and sequences (all in public).
// Expression columns (adbin, conbin, indpred, indexprs) hold the expression's
// SQL text, which pg_get_expr returns; array columns hold PostgreSQL's text
// form of the array (see catalog_columns.cc).
#include <algorithm>

#include "catalog_views/catalog_oids.h"
#include "catalog_views/catalog_view.h"
#include "catalog_views/definition_text.h"

namespace upsertdb::catalog_views {

namespace {

using Cols = std::vector<ColumnDesc>;

bool collatable(TypeId t) {
  return t == TypeId::kText || t == TypeId::kVarchar || t == TypeId::kBpchar || t == TypeId::kName;
}
uint32_t collation_of(TypeId t) {
  // name uses the C collation (950) in PostgreSQL 15; the other string types the default.
  if (t == TypeId::kName) return 950;
  return collatable(t) ? kDefaultCollation : 0;
}
int16_t type_len(TypeId t);
bool type_byval(TypeId t) {
  int16_t len = type_len(t);
  return len == 1 || len == 2 || len == 4 || len == 8;
}
char type_align(TypeId t) {
  switch (type_len(t)) {
    case 1: return 'c';
    case 2: return 's';
    case 8: return 'd';
    case 16: return t == TypeId::kUuid ? 'c' : 'd';
    case -1: return t == TypeId::kInt8Array ? 'd' : 'i';
    case 64: return 'c';
    default: return 'i';
  }
}
char type_storage(TypeId t) {
  if (type_len(t) > 0) return 'p';
  return t == TypeId::kNumeric ? 'm' : 'x';
}

std::string int_list(const std::vector<int>& xs, const char* open, const char* sep, const char* close) {
  std::string s = open;
  for (size_t i = 0; i < xs.size(); ++i) s += (i ? sep : "") + std::to_string(xs[i]);
  return s + close;
}
std::vector<int> attnums(const std::vector<int>& positions) {
  std::vector<int> out;
  for (int p : positions) out.push_back(p >= 0 ? p + 1 : 0);
  return out;
}

bool has_foreign_key_triggers(const Catalog& cat, const TableInfo& t) {
  for (const auto& c : t.constraints)
    if (c.kind == ConstraintKind::kForeignKey) return true;
  for (const auto& [n, other] : cat.tables())
    for (const auto& c : other->constraints)
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == t.oid) return true;
  return false;
}

RowBuilder& class_defaults(RowBuilder& b, uint32_t oid, const std::string& name) {
  b.oid("oid", oid).str("relname", name).oid("relnamespace", kPublicNamespace).oid("reltype", 0)
      .oid("reloftype", 0).oid("relowner", kBootstrapSuperuser).oid("relfilenode", oid).oid("reltablespace", 0)
      .integer("relpages", 0).integer("relallvisible", 0).oid("reltoastrelid", 0).boolean("relhasindex", false)
      .boolean("relisshared", false).str("relpersistence", "p").integer("relchecks", 0).boolean("relhasrules", false)
      .boolean("relhastriggers", false).boolean("relhassubclass", false).boolean("relrowsecurity", false)
      .boolean("relforcerowsecurity", false).boolean("relispopulated", true).str("relreplident", "n")
      .boolean("relispartition", false).oid("relrewrite", 0).str("relfrozenxid", "0").str("relminmxid", "0");
  return b;
}

std::vector<Row> pg_class(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  const Catalog& cat = *ctx.catalog;
  for (const auto& [name, t] : cat.tables()) {
    int natts = 0, checks = 0;
    for (const auto& c : t->columns) natts += !c.dropped ? 1 : 0;
    natts = static_cast<int>(t->columns.size());   // relnatts counts dropped columns too
    for (const auto& c : t->constraints) checks += c.kind == ConstraintKind::kCheck;
    class_defaults(b, t->oid, t->name).oid("relam", kHeapAm).set("reltuples", Value::float4(-1))
        .boolean("relhasindex", !t->indexes.empty()).str("relkind", "r").integer("relnatts", natts)
        .integer("relchecks", checks).boolean("relhastriggers", has_foreign_key_triggers(cat, *t))
        .str("relreplident", "d");
    rows.push_back(b.take());
    for (const auto& ix : t->indexes) {
      class_defaults(b, ix->oid, ix->name).oid("relam", kBtreeAm).set("reltuples", Value::float4(0))
          .str("relkind", "i").integer("relnatts", static_cast<int64_t>(ix->columns.size()));
      rows.push_back(b.take());
    }
  }
  for (const auto& [name, s] : cat.sequences()) {
    class_defaults(b, s->oid, s->name).oid("relam", 0).set("reltuples", Value::float4(1)).integer("relpages", 1)
        .str("relkind", "S").integer("relnatts", 3);
    rows.push_back(b.take());
  }
  return rows;
}

std::vector<Row> pg_attribute(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  auto common = [&](uint32_t rel, int attnum, const std::string& name, const Type& type) -> RowBuilder& {
    TypeId t = type.id;
    return b.oid("attrelid", rel).str("attname", name).oid("atttypid", type_oid(t)).integer("attstattarget", -1)
        .integer("attlen", type_len(t)).integer("attnum", attnum).integer("attndims", 0).integer("attcacheoff", -1)
        .integer("atttypmod", pg_typmod(type)).boolean("attbyval", type_byval(t))
        .str("attalign", std::string(1, type_align(t))).str("attstorage", std::string(1, type_storage(t)))
        .str("attcompression", "").boolean("attnotnull", false).boolean("atthasdef", false)
        .boolean("atthasmissing", false).str("attidentity", "").str("attgenerated", "").boolean("attisdropped", false)
        .boolean("attislocal", true).integer("attinhcount", 0).oid("attcollation", collation_of(t));
  };
  for (const auto& [name, t] : ctx.catalog->tables()) {
    for (size_t i = 0; i < t->columns.size(); ++i) {
      const ColumnInfo& c = t->columns[i];
      int attnum = static_cast<int>(i) + 1;
      if (c.dropped) {
        common(t->oid, attnum, "........pg.dropped." + std::to_string(attnum) + "........", c.type)
            .oid("atttypid", 0).boolean("attisdropped", true).oid("attcollation", 0);
      } else {
        common(t->oid, attnum, c.name, c.type).boolean("attnotnull", c.not_null)
            .boolean("atthasdef", !column_default_text(c).empty())
            .str("attidentity", c.identity ? std::string(1, c.identity) : "");
      }
      rows.push_back(b.take());
    }
    for (const auto& ix : t->indexes) {
      for (size_t k = 0; k < ix->columns.size(); ++k) {
        int col = ix->columns[k];
        if (col >= 0 && static_cast<size_t>(col) < t->columns.size()) {
          const ColumnInfo& c = t->columns[static_cast<size_t>(col)];
          common(ix->oid, static_cast<int>(k) + 1, c.name, c.type).integer("atttypmod", pg_typmod(c.type));
        } else {
          // An expression key's type is known only to the binder: not shown.
          common(ix->oid, static_cast<int>(k) + 1, "expr", Type(TypeId::kUnknown)).oid("atttypid", 0);
        }
        rows.push_back(b.take());
      }
    }
  }
  for (const auto& [name, s] : ctx.catalog->sequences()) {
    const char* names[] = {"last_value", "log_cnt", "is_called"};
    Type types[] = {Type(TypeId::kInt8), Type(TypeId::kInt8), Type(TypeId::kBool)};
    for (int i = 0; i < 3; ++i) {
      common(s->oid, i + 1, names[i], types[i]).boolean("attnotnull", true);
      rows.push_back(b.take());
    }
  }
  return rows;
}

std::vector<Row> pg_attrdef(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  for (const auto& [name, t] : ctx.catalog->tables()) {
    for (size_t i = 0; i < t->columns.size(); ++i) {
      const ColumnInfo& c = t->columns[i];
      std::string def = column_default_text(c);
      if (c.dropped || def.empty()) continue;
      int attnum = static_cast<int>(i) + 1;
      b.oid("oid", attrdef_oid(t->oid, attnum)).oid("adrelid", t->oid).integer("adnum", attnum).str("adbin", def);
      rows.push_back(b.take());
    }
  }
  return rows;
}

std::vector<Row> pg_index(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  for (const auto& [name, t] : ctx.catalog->tables()) {
    for (const auto& ix : t->indexes) {
      std::vector<int> options, collations;
      std::string exprs;
      for (size_t k = 0; k < ix->columns.size(); ++k) {
        // INDOPTION_DESC | INDOPTION_NULLS_FIRST: DESC sorts NULLs first by default.
        options.push_back(k < ix->descending.size() && ix->descending[k] ? 3 : 0);
        int col = ix->columns[k];
        TypeId type = col >= 0 && static_cast<size_t>(col) < t->columns.size()
                          ? t->columns[static_cast<size_t>(col)].type.id : TypeId::kUnknown;
        collations.push_back(static_cast<int>(collation_of(type)));
        if (col < 0 && k < ix->expr_texts.size()) exprs += (exprs.empty() ? "" : ", ") + ix->expr_texts[k];
      }
      int n = static_cast<int>(ix->columns.size());
      b.oid("indexrelid", ix->oid).oid("indrelid", t->oid).integer("indnatts", n).integer("indnkeyatts", n)
          .boolean("indisunique", ix->unique).boolean("indnullsnotdistinct", ix->nulls_not_distinct)
          .boolean("indisprimary", ix->primary).boolean("indisexclusion", false)
          .boolean("indimmediate", !ix->deferrable).boolean("indisclustered", false).boolean("indisvalid", true)
          .boolean("indcheckxmin", false).boolean("indisready", true).boolean("indislive", true)
          .boolean("indisreplident", false).str("indkey", int_list(attnums(ix->columns), "", " ", ""))
          .str("indcollation", int_list(collations, "", " ", "")).str("indoption", int_list(options, "", " ", ""));
      if (!exprs.empty()) b.str("indexprs", exprs);
      if (!ix->predicate_text.empty()) b.str("indpred", ix->predicate_text);
      rows.push_back(b.take());
    }
  }
  return rows;
}

std::vector<Row> pg_constraint(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  const Catalog& cat = *ctx.catalog;
  RowBuilder b(cols);
  for (const auto& [name, t] : cat.tables()) {
    for (const auto& c : t->constraints) {
      uint32_t index_oid = 0;
      if (c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique) {
        for (const auto& ix : t->indexes)
          if (ix->name == c.index_name) index_oid = ix->oid;
      }
      b.oid("oid", c.oid).str("conname", c.name).oid("connamespace", kPublicNamespace)
          .str("contype", std::string(1, static_cast<char>(c.kind))).boolean("condeferrable", c.deferrable)
          .boolean("condeferred", c.initially_deferred).boolean("convalidated", true).oid("conrelid", t->oid)
          .oid("contypid", 0).oid("conparentid", 0).oid("confrelid", 0).str("confupdtype", " ")
          .str("confdeltype", " ").str("confmatchtype", " ").boolean("conislocal", true).integer("coninhcount", 0)
          .boolean("connoinherit", false);
      if (!c.columns.empty()) b.str("conkey", int_list(attnums(c.columns), "{", ",", "}"));
      if (c.kind == ConstraintKind::kCheck) b.str("conbin", c.check_text);
      if (c.kind == ConstraintKind::kForeignKey) {
        b.oid("confrelid", c.ref_table).str("confupdtype", std::string(1, c.on_update))
            .str("confdeltype", std::string(1, c.on_delete)).str("confmatchtype", std::string(1, c.match_type))
            .str("confkey", int_list(attnums(c.ref_columns), "{", ",", "}"));
        // conindid of a foreign key: the referenced table's unique index on its key.
        if (auto ref = cat.table_by_oid(c.ref_table))
          for (const auto& ix : ref->indexes)
            if (ix->unique && ix->predicate_text.empty() && ix->columns == c.ref_columns) index_oid = ix->oid;
      }
      b.oid("conindid", index_oid);
      rows.push_back(b.take());
    }
  }
  return rows;
}

std::vector<Row> pg_sequence(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  for (const auto& [name, s] : ctx.catalog->sequences()) {
    b.oid("seqrelid", s->oid).oid("seqtypid", type_oid(s->type.id)).integer("seqstart", s->start)
        .integer("seqincrement", s->increment).integer("seqmax", s->max_value).integer("seqmin", s->min_value)
        .integer("seqcache", s->cache).boolean("seqcycle", s->cycle);
    rows.push_back(b.take());
  }
  return rows;
}

// Only the dependencies psql and drivers look for: a sequence owned by a column
// (serial: 'a' auto, identity: 'i' internal).
std::vector<Row> pg_depend(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  for (const auto& [name, s] : ctx.catalog->sequences()) {
    if (s->owner_table == 0 || s->owner_column < 0) continue;
    char deptype = 'a';
    if (auto t = ctx.catalog->table_by_oid(s->owner_table))
      if (static_cast<size_t>(s->owner_column) < t->columns.size() && t->columns[static_cast<size_t>(s->owner_column)].identity)
        deptype = 'i';
    b.oid("classid", kPgClassOid).oid("objid", s->oid).integer("objsubid", 0).oid("refclassid", kPgClassOid)
        .oid("refobjid", s->owner_table).integer("refobjsubid", s->owner_column + 1).str("deptype", std::string(1, deptype));
    rows.push_back(b.take());
  }
  return rows;
}

int16_t type_len(TypeId t) {
  switch (t) {
    case TypeId::kBool: return 1;
    case TypeId::kInt2: return 2;
    case TypeId::kInt4:
    case TypeId::kFloat4:
    case TypeId::kDate:
    case TypeId::kOid:
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegnamespace:
    case TypeId::kVoid: return 4;
    case TypeId::kInt8:
    case TypeId::kFloat8:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return 8;
    case TypeId::kInterval:
    case TypeId::kUuid: return 16;
    case TypeId::kName: return 64;
    case TypeId::kUnknown: return -2;
    default: return -1;
  }
}

}  // namespace

int16_t pg_type_length(TypeId t) { return type_len(t); }
bool pg_type_byval(TypeId t) { return type_byval(t); }
char pg_type_align(TypeId t) { return type_align(t); }
char pg_type_storage(TypeId t) { return type_storage(t); }
uint32_t pg_type_collation(TypeId t) { return collation_of(t); }

void add_relation_views(ViewTable& v) {
  v[{"pg_catalog", "pg_class"}] = pg_class;
  v[{"pg_catalog", "pg_attribute"}] = pg_attribute;
  v[{"pg_catalog", "pg_attrdef"}] = pg_attrdef;
  v[{"pg_catalog", "pg_index"}] = pg_index;
  v[{"pg_catalog", "pg_constraint"}] = pg_constraint;
  v[{"pg_catalog", "pg_sequence"}] = pg_sequence;
  v[{"pg_catalog", "pg_depend"}] = pg_depend;
}

}  // namespace upsertdb::catalog_views
