// MERGE binding: the source LEFT JOIN the target (with row ids) on the join
// condition; WHEN clauses become MergeOp actions over the joined row.
#include "common/error.h"
#include "exec/merge_op.h"
#include "plan/binder.h"
#include "plan/catalog_exprs.h"

namespace upsertdb {

BoundStatement Binder::bind_merge(const ast::MergeStmt& s) {
  BoundStatement out;
  out.tag = "MERGE";
  out.param_types = params;
  bind_with(s.with.get(), nullptr);
  if (!s.target.schema.empty() && s.target.schema != "public")
    throw DbError(sqlstate::kUndefinedTable, "relation \"" + s.target.schema + "." + s.target.name + "\" does not exist");
  auto table = catalog.table(s.target.schema, s.target.name);
  if (!table) throw DbError(sqlstate::kUndefinedTable, "relation \"" + s.target.name + "\" does not exist");
  const TableInfo& t = *table;

  FromResult src = bind_from_item(*s.source, nullptr, nullptr);
  ast::RangeVar target_rv = s.target;
  FromResult tgt = bind_table_ref(target_rv, true);
  size_t lw = src.scope.width;
  size_t tw = t.columns.size() + 1;   // + row id

  auto join = std::make_shared<NestedLoopJoinOp>();
  join->join_type = NestedLoopJoinOp::Type::kLeft;
  join->left = src.op;
  join->right = tgt.op;
  join->left_width = lw;
  join->right_width = tw;
  join->columns = src.op->columns;
  for (const auto& c : tgt.op->columns) join->columns.push_back(c);

  Scope scope;
  scope.entries = src.scope.entries;
  for (auto e : tgt.scope.entries) {
    for (const auto& existing : scope.entries)
      if (!e.alias.empty() && existing.alias == e.alias)
        throw DbError(sqlstate::kDuplicateAlias, "name \"" + e.alias + "\" specified more than once")
            .detail("The name is used both as MERGE target table and data source.");
    for (auto& c : e.columns) c.slot += static_cast<int>(lw);
    scope.entries.push_back(e);
  }
  scope.width = lw + tw;

  std::vector<const ast::Expr*> parts;
  split_conjuncts(s.join_condition.get(), parts);
  std::vector<BExpr> conds;
  for (const ast::Expr* p : parts) conds.push_back(bool_expr(bind_expr(*p, scope), "JOIN/ON"));
  set_join_condition(*join, conds, true);

  auto op = std::make_shared<MergeOp>();
  op->table = table;
  op->child = join;
  op->target_offset = lw;
  op->rowid_slot = lw + t.columns.size();
  for (const ast::MergeWhen& w : s.whens) {
    MergeOp::Action a;
    a.matched = w.matched;
    if (w.condition) a.condition = bool_expr(bind_expr(*w.condition, scope), "WHEN");
    switch (w.action) {
      case ast::MergeAction::kNothing:
        a.kind = MergeOp::Action::Kind::kNothing;
        break;
      case ast::MergeAction::kDelete:
        a.kind = MergeOp::Action::Kind::kDelete;
        break;
      case ast::MergeAction::kUpdate:
        a.kind = MergeOp::Action::Kind::kUpdate;
        a.set = bind_set_list_public(w.set, t, scope);
        break;
      case ast::MergeAction::kInsert: {
        a.kind = MergeOp::Action::Kind::kInsert;
        if (w.set.empty()) {
          for (size_t i = 0; i < t.columns.size(); ++i)
            if (!t.columns[i].dropped) a.insert_cols.push_back(static_cast<int>(i));
          if (w.values.empty()) a.insert_cols.clear();   // DEFAULT VALUES
          else if (w.values.size() < a.insert_cols.size()) a.insert_cols.resize(w.values.size());
        } else {
          for (const auto& c : w.set) {
            int col = t.find_column(c.name);
            if (col < 0)
              throw DbError(sqlstate::kUndefinedColumn,
                            "column \"" + c.name + "\" of relation \"" + t.name + "\" does not exist");
            a.insert_cols.push_back(col);
          }
        }
        if (w.values.size() > a.insert_cols.size())
          throw DbError(sqlstate::kSyntaxError, "INSERT has more expressions than target columns");
        if (w.values.size() < a.insert_cols.size())
          throw DbError(sqlstate::kSyntaxError, "INSERT has more target columns than expressions");
        for (size_t i = 0; i < w.values.size(); ++i) {
          const ColumnInfo& ci = t.columns[static_cast<size_t>(a.insert_cols[i])];
          BExpr e;
          if (w.values[i]->kind == ast::ExprKind::kDefault) {
            std::string text = ci.fill_expression_text();
            e = text.empty() ? BExpr(std::make_shared<ConstExpr>(Value::null(ci.type.id), ci.type))
                             : bind_table_expression(t, text);
          } else {
            e = bind_expr(*w.values[i], scope);
          }
          a.insert_values.push_back(coerce(e, ci.type, CastContext::kAssignment, "column \"" + ci.name + "\""));
        }
        break;
      }
    }
    op->actions.push_back(std::move(a));
  }
  out.root = op;
  out.dml = op;
  return out;
}

}  // namespace upsertdb
