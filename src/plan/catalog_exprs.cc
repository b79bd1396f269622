#include "plan/catalog_exprs.h"

#include "common/error.h"
#include "engine/current_catalog.h"
#include "plan/binder.h"
#include "sql/parser.h"

namespace upsertdb {

BExpr bind_table_expression(const TableInfo& table, const std::string& text, ExecContext* ctx) {
  auto parsed = parse_sql("SELECT (" + text + ")");
  if (parsed.size() != 1 || parsed[0].stmt->kind != ast::StmtKind::kSelect)
    throw DbError(sqlstate::kInternalError, "invalid stored expression: " + text);
  const auto& select = static_cast<const ast::SelectStmt&>(*parsed[0].stmt);
  static Catalog empty_catalog;
  Catalog* catalog = current_catalog();
  if (ctx && ctx->catalog) catalog = ctx->catalog;
  Binder binder(catalog ? *catalog : empty_catalog, nullptr);
  Scope scope = binder.table_scope(table, table.name);
  return binder.bind_expr(*select.targets.at(0).expr, scope);
}

const BoundExpr& column_default(const TableInfo& table, const ColumnInfo& column) {
  if (!column.default_bound) column.default_bound = bind_table_expression(table, column.fill_expression_text());
  return *column.default_bound;
}

const BoundExpr& check_expression(const TableInfo& table, const ConstraintInfo& check) {
  if (!check.check_bound) check.check_bound = bind_table_expression(table, check.check_text);
  return *check.check_bound;
}

const BoundExpr& index_expression(const TableInfo& table, const IndexInfo& index, size_t part) {
  if (index.exprs_bound.size() < index.columns.size()) index.exprs_bound.resize(index.columns.size());
  if (!index.exprs_bound[part]) index.exprs_bound[part] = bind_table_expression(table, index.expr_texts.at(part));
  return *index.exprs_bound[part];
}

const BoundExpr* index_predicate(const TableInfo& table, const IndexInfo& index) {
  if (index.predicate_text.empty()) return nullptr;
  if (!index.predicate_bound) index.predicate_bound = bind_table_expression(table, index.predicate_text);
  return index.predicate_bound.get();
}

}  // namespace upsertdb
