// Checking DEFAULT and CHECK expressions when they are defined, as PostgreSQL
// does: they must bind against the table, a default must not read columns and
// must be assignable to the column (an untyped literal is converted now, so
// `int DEFAULT 'abc'` fails at CREATE TABLE), a CHECK must be boolean.
#include "engine/ddl_internal.h"
#include "plan/catalog_exprs.h"
#include "types/type.h"

namespace upsertdb::ddl {

namespace {

void reject_in_default(const ast::Expr* e) {
  if (!e) return;
  if (e->kind == ast::ExprKind::kColumnRef) not_supported("cannot use column reference in DEFAULT expression");
  if (e->kind == ast::ExprKind::kSubLink) not_supported("cannot use subquery in DEFAULT expression");
  reject_in_default(e->case_arg.get());
  reject_in_default(e->case_default.get());
  for (const auto& a : e->args) reject_in_default(a.get());
}

}  // namespace

BExpr check_default_expression(ExecContext& ctx, const TableInfo& t, const ColumnInfo& col, const ast::Expr* expr) {
  reject_in_default(expr);
  BExpr d = without_position([&] { return bind_table_expression(t, col.default_text, &ctx); });
  TypeId from = d->type.id;
  if (from != TypeId::kUnknown && from != col.type.id && !can_cast(from, col.type.id, CastContext::kAssignment)) {
    throw DbError(sqlstate::kDatatypeMismatch, "column \"" + col.name + "\" is of type " +
                                                   type_display_name(col.type) +
                                                   " but default expression is of type " + type_display_name(d->type))
        .hint("You will need to rewrite or cast the expression.");
  }
  if (from == TypeId::kUnknown && d->is_constant()) {
    Row none(t.columns.size());
    cast_value(d->eval(none, ctx), col.type, CastContext::kAssignment);
  }
  return d;
}

BExpr bind_check_expression(ExecContext& ctx, const TableInfo& t, const std::string& text) {
  BExpr c = without_position([&] { return bind_table_expression(t, text, &ctx); });
  if (c->type.id != TypeId::kBool && c->type.id != TypeId::kUnknown) {
    throw DbError(sqlstate::kDatatypeMismatch,
                  "argument of CHECK must be type boolean, not type " + type_display_name(c->type));
  }
  return c;
}

}  // namespace upsertdb::ddl
