// information_schema.tables, columns, table_constraints and key_column_usage
// for the user's tables (the system relations themselves are not listed).
#include "catalog_views/catalog_oids.h"
#include "catalog_views/catalog_view.h"
#include "catalog_views/definition_text.h"

namespace upsertdb::catalog_views {

namespace {

using Cols = std::vector<ColumnDesc>;

std::string database(ExecContext& ctx) { return ctx.functions ? ctx.functions->current_database() : "postgres"; }
const char* yes_no(bool b) { return b ? "YES" : "NO"; }

std::vector<Row> tables(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  for (const auto& [name, t] : ctx.catalog->tables()) {
    b.str("table_catalog", database(ctx)).str("table_schema", t->schema).str("table_name", t->name)
        .str("table_type", "BASE TABLE").str("is_insertable_into", "YES").str("is_typed", "NO");
    rows.push_back(b.take());
  }
  return rows;
}

// numeric_precision / radix / scale and datetime_precision as information_schema computes them.
void numeric_facts(RowBuilder& b, const Type& t) {
  auto binary = [&](int bits) {
    b.integer("numeric_precision", bits).integer("numeric_precision_radix", 2);
  };
  switch (t.id) {
    case TypeId::kInt2: binary(16); b.integer("numeric_scale", 0); break;
    case TypeId::kInt4: binary(32); b.integer("numeric_scale", 0); break;
    case TypeId::kInt8: binary(64); b.integer("numeric_scale", 0); break;
    case TypeId::kFloat4: binary(24); break;
    case TypeId::kFloat8: binary(53); break;
    case TypeId::kNumeric:
      b.integer("numeric_precision_radix", 10);
      if (t.typmod >= 0) b.integer("numeric_precision", t.numeric_precision()).integer("numeric_scale", t.numeric_scale());
      break;
    case TypeId::kDate: b.integer("datetime_precision", 0); break;
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: b.integer("datetime_precision", t.typmod >= 0 ? t.typmod : 6); break;
    case TypeId::kInterval: b.integer("datetime_precision", 6); break;
    default: break;
  }
}

std::vector<Row> columns(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  for (const auto& [name, t] : ctx.catalog->tables()) {
    int position = 0;
    for (size_t i = 0; i < t->columns.size(); ++i) {
      const ColumnInfo& c = t->columns[i];
      if (c.dropped) continue;
      ++position;   // PostgreSQL uses attnum, which counts dropped columns
      int attnum = static_cast<int>(i) + 1;
      b.str("table_catalog", database(ctx)).str("table_schema", t->schema).str("table_name", t->name)
          .str("column_name", c.name).integer("ordinal_position", attnum).str("is_nullable", yes_no(!c.not_null))
          .str("data_type", type_display_name(Type(c.type.id))).str("udt_catalog", database(ctx))
          .str("udt_schema", "pg_catalog").str("udt_name", type_internal_name(c.type.id))
          .str("dtd_identifier", std::to_string(attnum)).str("is_self_referencing", "NO")
          .str("is_identity", yes_no(c.identity != 0)).str("is_generated", "NEVER").str("is_updatable", "YES");
      std::string def = column_default_text(c);
      if (!def.empty()) b.str("column_default", def);
      if (c.identity) {
        b.str("identity_generation", c.identity == 'a' ? "ALWAYS" : "BY DEFAULT").str("identity_cycle", "NO");
        if (auto s = ctx.catalog->sequence("", c.owned_sequence)) {
          b.str("identity_start", std::to_string(s->start)).str("identity_increment", std::to_string(s->increment))
              .str("identity_maximum", std::to_string(s->max_value)).str("identity_minimum", std::to_string(s->min_value))
              .str("identity_cycle", yes_no(s->cycle));
        }
      }
      if (c.type.id == TypeId::kVarchar || c.type.id == TypeId::kBpchar || c.type.id == TypeId::kText) {
        if (c.type.typmod >= 0) {
          b.integer("character_maximum_length", c.type.typmod).integer("character_octet_length", c.type.typmod * 4);
        } else if (c.type.id != TypeId::kBpchar) {
          b.integer("character_octet_length", 1073741824);
        }
        b.str("collation_catalog", database(ctx)).str("collation_schema", "pg_catalog");
      }
      numeric_facts(b, c.type);
      rows.push_back(b.take());
    }
    (void)position;
  }
  return rows;
}

const char* constraint_type(ConstraintKind k) {
  switch (k) {
    case ConstraintKind::kPrimaryKey: return "PRIMARY KEY";
    case ConstraintKind::kUnique: return "UNIQUE";
    case ConstraintKind::kForeignKey: return "FOREIGN KEY";
    case ConstraintKind::kCheck: return "CHECK";
  }
  return "";
}

std::vector<Row> table_constraints(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  for (const auto& [name, t] : ctx.catalog->tables()) {
    auto common = [&](const std::string& cname) -> RowBuilder& {
      return b.str("constraint_catalog", database(ctx)).str("constraint_schema", t->schema).str("constraint_name", cname)
          .str("table_catalog", database(ctx)).str("table_schema", t->schema).str("table_name", t->name)
          .str("enforced", "YES");
    };
    for (const auto& c : t->constraints) {
      common(c.name).str("constraint_type", constraint_type(c.kind)).str("is_deferrable", yes_no(c.deferrable))
          .str("initially_deferred", yes_no(c.initially_deferred));
      if (c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique) {
        bool nnd = false;
        for (const auto& ix : t->indexes)
          if (ix->name == c.index_name) nnd = ix->nulls_not_distinct;
        b.str("nulls_distinct", yes_no(!nnd));
      }
      rows.push_back(b.take());
    }
    // PostgreSQL 15 lists each NOT NULL column as a CHECK named nspoid_reloid_attnum_not_null.
    for (size_t i = 0; i < t->columns.size(); ++i) {
      const ColumnInfo& c = t->columns[i];
      if (c.dropped || !c.not_null) continue;
      common(std::to_string(kPublicNamespace) + "_" + std::to_string(t->oid) + "_" + std::to_string(i + 1) +
             "_not_null")
          .str("constraint_type", "CHECK").str("is_deferrable", "NO").str("initially_deferred", "NO");
      rows.push_back(b.take());
    }
  }
  return rows;
}

std::vector<Row> key_column_usage(ExecContext& ctx, const Cols& cols) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  RowBuilder b(cols);
  for (const auto& [name, t] : ctx.catalog->tables()) {
    for (const auto& c : t->constraints) {
      if (c.kind == ConstraintKind::kCheck) continue;
      for (size_t k = 0; k < c.columns.size(); ++k) {
        int col = c.columns[k];
        if (col < 0 || static_cast<size_t>(col) >= t->columns.size()) continue;
        b.str("constraint_catalog", database(ctx)).str("constraint_schema", t->schema).str("constraint_name", c.name)
            .str("table_catalog", database(ctx)).str("table_schema", t->schema).str("table_name", t->name)
            .str("column_name", t->columns[static_cast<size_t>(col)].name).integer("ordinal_position", k + 1);
        if (c.kind == ConstraintKind::kForeignKey) b.integer("position_in_unique_constraint", k + 1);
        rows.push_back(b.take());
      }
    }
  }
  return rows;
}

}  // namespace

void add_information_schema_views(ViewTable& v) {
  v[{"information_schema", "tables"}] = tables;
  v[{"information_schema", "columns"}] = columns;
  v[{"information_schema", "table_constraints"}] = table_constraints;
  v[{"information_schema", "key_column_usage"}] = key_column_usage;
}

}  // namespace upsertdb::catalog_views
