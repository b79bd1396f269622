// Definitions as PostgreSQL's pg_get_constraintdef / pg_get_indexdef /
// pg_get_expr print them, from the catalog's stored texts (which are already in
// PostgreSQL's pretty deparsed form, e.g. `qty >= 0`, `nextval('t_id_seq'::regclass)`).
// Shared by the catalog functions and the information_schema views.
#pragma once

#include <string>

#include "catalog/catalog.h"

namespace upsertdb::catalog_views {

// pg_get_constraintdef(oid, pretty): "PRIMARY KEY (id)", "CHECK (qty >= 0)",
// "FOREIGN KEY (a) REFERENCES p(id) ON DELETE CASCADE", with DEFERRABLE clauses.
std::string constraint_definition(const Catalog& cat, const TableInfo& t, const ConstraintInfo& c);
// pg_get_indexdef(oid): "CREATE UNIQUE INDEX t_pkey ON t USING btree (id) WHERE ..." (public is on the
// search path, so the table is not qualified)
std::string index_definition(const TableInfo& t, const IndexInfo& ix);
// pg_get_indexdef(oid, column, pretty) for column >= 1: that key's column name or expression.
std::string index_column_definition(const TableInfo& t, const IndexInfo& ix, size_t key);
// The column's default as pg_get_expr prints pg_attrdef.adbin ("" = none).
std::string column_default_text(const ColumnInfo& c);

// An expression as pretty-printing pg_get_expr shows it: without the parentheses
// around the whole (stored predicates keep them: "(qty > 10)" -> "qty > 10").
std::string pretty_expression(const std::string& text);

// Finders by OID over the whole catalog (null when absent).
struct ConstraintRef {
  std::shared_ptr<TableInfo> table;
  const ConstraintInfo* constraint = nullptr;
};
ConstraintRef find_constraint(const Catalog& cat, uint32_t oid);
struct IndexRef {
  std::shared_ptr<TableInfo> table;
  std::shared_ptr<IndexInfo> index;
};
IndexRef find_index(const Catalog& cat, uint32_t oid);

}  // namespace upsertdb::catalog_views
