#include "catalog_views/definition_text.h"

#include <gtest/gtest.h>

#include "catalog_views/catalog_oids.h"

namespace upsertdb::catalog_views {
namespace {

TEST(CatalogDefinitionText, PrettyExpressionDropsOnlyWholeParentheses) {
  EXPECT_EQ(pretty_expression("(qty > 10)"), "qty > 10");
  EXPECT_EQ(pretty_expression("(a > 1) AND (b > 2)"), "(a > 1) AND (b > 2)");
  EXPECT_EQ(pretty_expression("lower(code)"), "lower(code)");
  EXPECT_EQ(pretty_expression("(x = ')(')"), "x = ')('");
}

TEST(CatalogDefinitionText, ConstraintDefinitions) {
  Catalog cat;
  auto parent = std::make_shared<TableInfo>();
  parent->oid = 100;
  parent->name = "parent";
  parent->columns.push_back(ColumnInfo{"id", Type(TypeId::kInt4)});
  cat.add_table(parent);
  TableInfo t;
  t.name = "t";
  t.columns.push_back(ColumnInfo{"a", Type(TypeId::kInt4)});
  t.columns.push_back(ColumnInfo{"b", Type(TypeId::kText)});
  ConstraintInfo u;
  u.kind = ConstraintKind::kUnique;
  u.columns = {0, 1};
  u.deferrable = true;
  u.initially_deferred = true;
  EXPECT_EQ(constraint_definition(cat, t, u), "UNIQUE (a, b) DEFERRABLE INITIALLY DEFERRED");
  ConstraintInfo fk;
  fk.kind = ConstraintKind::kForeignKey;
  fk.columns = {0};
  fk.ref_table = 100;
  fk.ref_columns = {0};
  fk.on_delete = 'c';
  EXPECT_EQ(constraint_definition(cat, t, fk), "FOREIGN KEY (a) REFERENCES parent(id) ON DELETE CASCADE");
  ConstraintInfo check;
  check.check_text = "a >= 0";
  EXPECT_EQ(constraint_definition(cat, t, check), "CHECK (a >= 0)");
}

TEST(CatalogDefinitionText, IndexDefinition) {
  TableInfo t;
  t.name = "t";
  t.columns.push_back(ColumnInfo{"qty", Type(TypeId::kInt4)});
  IndexInfo ix;
  ix.name = "t_qty";
  ix.columns = {0};
  ix.descending = {true};
  ix.predicate_text = "(qty > 10)";
  EXPECT_EQ(index_definition(t, ix), "CREATE INDEX t_qty ON t USING btree (qty DESC) WHERE qty > 10");
  EXPECT_EQ(index_column_definition(t, ix, 0), "qty");
}

TEST(CatalogOids, TypmodRoundTrip) {
  EXPECT_EQ(pg_typmod(Type(TypeId::kVarchar, 10)), 14);
  EXPECT_EQ(pg_typmod(Type(TypeId::kNumeric, Type::numeric_typmod(10, 2))), (10 << 16 | 2) + 4);
  EXPECT_EQ(pg_typmod(Type(TypeId::kInt4)), -1);
  EXPECT_EQ(type_from_pg(1043, 14), Type(TypeId::kVarchar, 10));
  EXPECT_EQ(type_from_pg(23, -1), Type(TypeId::kInt4));
  EXPECT_EQ(type_from_pg(999999, -1).id, TypeId::kUnknown);
  EXPECT_EQ(system_relation_oid_from_text("pg_catalog.pg_class"), 1259u);
  EXPECT_EQ(system_relation_oid_from_text("tables"), 0u);
  EXPECT_EQ(system_relation_oid_from_text("information_schema.tables"), 13425u);
}

TEST(CatalogDefinitionText, LiteralDefaultsPrintAsDeparsedConstants) {
  // PostgreSQL 15: pg_get_expr(adbin) of DEFAULT 'none' on varchar(20) is 'none'::character varying.
  auto def = [](TypeId t, const char* text) {
    ColumnInfo c;
    c.name = "c";
    c.type = Type(t);
    c.default_text = text;
    return column_default_text(c);
  };
  EXPECT_EQ(def(TypeId::kVarchar, "'none'"), "'none'::character varying");
  EXPECT_EQ(def(TypeId::kText, "('it''s')"), "'it''s'::text");
  EXPECT_EQ(def(TypeId::kBpchar, "'z'"), "'z'::bpchar");
  EXPECT_EQ(def(TypeId::kInt4, "'5'"), "5");
  EXPECT_EQ(def(TypeId::kBool, "'true'"), "true");
  EXPECT_EQ(def(TypeId::kInt4, "0"), "0");
  EXPECT_EQ(def(TypeId::kText, "'a' || 'b'"), "'a' || 'b'");   // not one literal: as stored
  EXPECT_EQ(def(TypeId::kTimestampTz, "now()"), "now()");
}

}  // namespace
}  // namespace upsertdb::catalog_views
