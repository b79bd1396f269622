// Translator: INSERT (with ON CONFLICT), UPDATE, DELETE, MERGE.
#include "sql/do_select_rewrite.h"
#include "sql/translate.h"

namespace upsertdb::sql_internal {

namespace {

int override_kind(std::string_view o) {
  return o == "OVERRIDING_USER_VALUE" ? 1 : o == "OVERRIDING_SYSTEM_VALUE" ? 2 : 0;
}

}  // namespace

ast::StmtPtr Translator::insert(const Json& body) {
  auto s = std::make_unique<ast::InsertStmt>();
  if (const Json* w = member(body, "withClause")) s->with = with_clause(*w);
  s->table = range_var(required(body, "relation"));
  s->columns = target_list(list_member(body, "cols"));
  if (const Json* src = member(body, "selectStmt")) s->source = select_node(*src);
  s->override_kind = override_kind(str_member(body, "override"));
  if (const Json* oc = member(body, "onConflictClause")) {
    auto c = std::make_unique<ast::OnConflictClause>();
    c->location = location_of(*oc);
    std::string_view action = str_member(*oc, "action");
    c->action = action == "ONCONFLICT_UPDATE" ? ast::OnConflictAction::kUpdate : ast::OnConflictAction::kNothing;
    if (const Json* infer = member(*oc, "infer")) {
      c->infer_location = location_of(*infer);
      for (const Json& e : list_member(*infer, "indexElems")) c->infer_elems.push_back(index_elem(node_body(e)));
      c->infer_where = opt_expr(member(*infer, "whereClause"));
      c->constraint_name = std::string(str_member(*infer, "conname"));
    }
    c->set = set_list(list_member(*oc, "targetList"));
    c->where = opt_expr(member(*oc, "whereClause"));
    if (c->action == ast::OnConflictAction::kUpdate && c->set.size() == 1 && c->set[0].name == kDoSelectMarker &&
        c->set[0].expr && c->set[0].expr->kind == ast::ExprKind::kConst) {
      // DO SELECT [FOR ...], rewritten before parsing (do_select_rewrite.h).
      c->action = ast::OnConflictAction::kSelect;
      c->select_lock = static_cast<ast::LockStrength>(c->set[0].expr->ival);
      c->set.clear();
    }
    s->on_conflict = std::move(c);
  }
  s->returning = target_list(list_member(body, "returningList"));
  return s;
}

ast::StmtPtr Translator::update(const Json& body) {
  auto s = std::make_unique<ast::UpdateStmt>();
  if (const Json* w = member(body, "withClause")) s->with = with_clause(*w);
  s->table = range_var(required(body, "relation"));
  s->set = set_list(list_member(body, "targetList"));
  s->from = from_list(list_member(body, "fromClause"));
  s->where = opt_expr(member(body, "whereClause"));
  s->returning = target_list(list_member(body, "returningList"));
  return s;
}

ast::StmtPtr Translator::delete_(const Json& body) {
  auto s = std::make_unique<ast::DeleteStmt>();
  if (const Json* w = member(body, "withClause")) s->with = with_clause(*w);
  s->table = range_var(required(body, "relation"));
  s->using_ = from_list(list_member(body, "usingClause"));
  s->where = opt_expr(member(body, "whereClause"));
  s->returning = target_list(list_member(body, "returningList"));
  return s;
}

ast::StmtPtr Translator::merge(const Json& body) {
  auto s = std::make_unique<ast::MergeStmt>();
  if (const Json* w = member(body, "withClause")) s->with = with_clause(*w);
  s->target = range_var(required(body, "relation"));
  s->source = from_item(required(body, "sourceRelation"));
  s->join_condition = expr(required(body, "joinCondition"));
  for (const Json& n : list_member(body, "mergeWhenClauses")) {
    const Json& b = node_body(n);
    ast::MergeWhen w;
    w.matched = bool_member(b, "matched");
    w.condition = opt_expr(member(b, "condition"));
    w.override_kind = override_kind(str_member(b, "override"));
    std::string_view cmd = str_member(b, "commandType");
    if (cmd == "CMD_UPDATE") {
      w.action = ast::MergeAction::kUpdate;
      w.set = set_list(list_member(b, "targetList"));
    } else if (cmd == "CMD_DELETE") {
      w.action = ast::MergeAction::kDelete;
    } else if (cmd == "CMD_INSERT") {
      w.action = ast::MergeAction::kInsert;
      w.set = target_list(list_member(b, "targetList"));
      w.values = expr_list(list_member(b, "values"));
    } else {
      w.action = ast::MergeAction::kNothing;
    }
    s->whens.push_back(std::move(w));
  }
  return s;
}

}  // namespace upsertdb::sql_internal
