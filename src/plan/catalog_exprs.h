// Catalog expressions: defaults, CHECK constraints, index expressions and
// partial-index predicates are stored as SQL text; these functions parse and
// bind them against the table's physical row on first use and cache the bound
// form in the catalog entry (the cache is dropped when the entry changes).
#pragma once

#include "catalog/catalog.h"
#include "plan/bound_expr.h"

namespace upsertdb {

// Parses and binds `text` as a scalar expression over `table`'s physical row.
BExpr bind_table_expression(const TableInfo& table, const std::string& text, ExecContext* ctx = nullptr);

const BoundExpr& column_default(const TableInfo& table, const ColumnInfo& column);   // column must have a default
const BoundExpr& check_expression(const TableInfo& table, const ConstraintInfo& check);
const BoundExpr& index_expression(const TableInfo& table, const IndexInfo& index, size_t part);
const BoundExpr* index_predicate(const TableInfo& table, const IndexInfo& index);      // null when not partial

}  // namespace upsertdb
