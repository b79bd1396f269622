// Translator: SELECT / VALUES / set operations, WITH, FROM items, target lists.
#include "sql/translate.h"

namespace upsertdb::sql_internal {

using ast::FromItem;
using ast::FromItemPtr;
using ast::SelectPtr;

namespace {

// Rejects GROUP BY forms the AST cannot hold (grouping sets and friends).
void check_group_item(const Json& node) {
  if (node_type(node) != "GroupingSet") return;
  const Json& b = node_body(node);
  std::string_view kind = str_member(b, "kind");
  const char* what = kind == "GROUPING_SET_ROLLUP" ? "ROLLUP"
                     : kind == "GROUPING_SET_CUBE" ? "CUBE"
                     : kind == "GROUPING_SET_EMPTY" ? "GROUP BY ()"
                                                     : "GROUPING SETS";
  not_supported(std::string(what) + " is not supported", location_of(b));
}

}  // namespace

SelectPtr Translator::select_node(const Json& node) {
  if (node_type(node) != "SelectStmt") {
    throw DbError(sqlstate::kInternalError, "expected a SELECT, got " + std::string(node_type(node)));
  }
  return select(node_body(node));
}

SelectPtr Translator::select(const Json& body) {
  DepthGuard guard(*this);
  auto s = std::make_unique<ast::SelectStmt>();
  if (const Json* w = member(body, "withClause")) s->with = with_clause(*w);

  std::string_view op = str_member(body, "op");
  if (!op.empty() && op != "SETOP_NONE") {
    s->set_op = op == "SETOP_UNION" ? ast::SetOp::kUnion
                : op == "SETOP_INTERSECT" ? ast::SetOp::kIntersect
                                          : ast::SetOp::kExcept;
    s->set_all = bool_member(body, "all");
    s->larg = select(required(body, "larg"));
    s->rarg = select(required(body, "rarg"));
  }

  if (const Json* into = member(body, "intoClause")) {
    const Json* rel = member(*into, "rel");
    fail(sqlstate::kSyntaxError, "SELECT ... INTO is not allowed here", rel ? location_of(*rel) : -1);
  }

  for (const Json& row : list_member(body, "valuesLists")) {
    s->values.push_back(expr_list(list_member(node_body(row), "items")));
  }

  if (const Json* d = member(body, "distinctClause")) {
    s->distinct = true;
    // Plain DISTINCT is a one-element list holding NIL ({}); DISTINCT ON lists expressions.
    for (const Json& e : *d) {
      if (!e.empty()) s->distinct_on.push_back(expr(e));
    }
  }
  s->targets = target_list(list_member(body, "targetList"));
  s->from = from_list(list_member(body, "fromClause"));
  s->where = opt_expr(member(body, "whereClause"));
  if (bool_member(body, "groupDistinct")) not_supported("GROUP BY DISTINCT is not supported");
  for (const Json& g : list_member(body, "groupClause")) {
    check_group_item(g);
    s->group_by.push_back(expr(g));
  }
  s->having = opt_expr(member(body, "havingClause"));
  for (const Json& w : list_member(body, "windowClause")) s->windows.push_back(window_def(node_body(w)));
  s->order_by = sort_list(list_member(body, "sortClause"));

  if (str_member(body, "limitOption") == "LIMIT_OPTION_WITH_TIES") {
    not_supported("FETCH FIRST ... WITH TIES is not supported");
  }
  if (const Json* limit = member(body, "limitCount")) {
    // LIMIT ALL (and LIMIT NULL, which means the same) leave `limit` null.
    bool all = node_type(*limit) == "A_Const" && bool_member(node_body(*limit), "isnull");
    if (!all) s->limit = expr(*limit);
  }
  s->offset = opt_expr(member(body, "limitOffset"));

  for (const Json& lc : list_member(body, "lockingClause")) {
    const Json& b = node_body(lc);
    ast::LockingClause l;
    l.strength = lock_strength(str_member(b, "strength"));
    std::string_view wait = str_member(b, "waitPolicy");
    l.wait_policy = wait == "LockWaitSkip" ? 1 : wait == "LockWaitError" ? 2 : 0;
    for (const Json& rel : list_member(b, "lockedRels")) l.tables.push_back(range_var(node_body(rel)));
    s->locking.push_back(std::move(l));
  }
  return s;
}

ast::LockStrength Translator::lock_strength(std::string_view strength) {
  if (strength == "LCS_FORKEYSHARE") return ast::LockStrength::kForKeyShare;
  if (strength == "LCS_FORSHARE") return ast::LockStrength::kForShare;
  if (strength == "LCS_FORNOKEYUPDATE") return ast::LockStrength::kForNoKeyUpdate;
  if (strength == "LCS_FORUPDATE") return ast::LockStrength::kForUpdate;
  return ast::LockStrength::kNone;
}

std::unique_ptr<ast::WithClause> Translator::with_clause(const Json& body) {
  auto w = std::make_unique<ast::WithClause>();
  w->recursive = bool_member(body, "recursive");
  for (const Json& node : list_member(body, "ctes")) {
    const Json& b = node_body(node);
    ast::CommonTableExpr cte;
    cte.location = location_of(b);
    cte.name = std::string(str_member(b, "ctename"));
    cte.column_names = string_list(list_member(b, "aliascolnames"));
    std::string_view mat = str_member(b, "ctematerialized");
    cte.materialized = mat == "CTEMaterializeAlways" ? 1 : mat == "CTEMaterializeNever" ? 2 : 0;
    if (member(b, "search_clause")) not_supported("SEARCH clause is not supported", cte.location);
    if (member(b, "cycle_clause")) not_supported("CYCLE clause is not supported", cte.location);
    const Json& q = required(b, "ctequery");
    std::string_view qt = node_type(q);
    if (qt != "SelectStmt" && qt != "InsertStmt" && qt != "UpdateStmt" && qt != "DeleteStmt") {
      not_supported(statement_name(qt, node_body(q)) + " in WITH is not supported", cte.location);
    }
    cte.query = statement(q);
    w->ctes.push_back(std::move(cte));
  }
  return w;
}

std::vector<FromItemPtr> Translator::from_list(const Json& list) {
  std::vector<FromItemPtr> out;
  out.reserve(list.size());
  for (const Json& n : list) out.push_back(from_item(n));
  return out;
}

FromItemPtr Translator::from_item(const Json& node) {
  DepthGuard guard(*this);
  std::string_view type = node_type(node);
  const Json& b = node_body(node);
  int loc = location_of(b);
  if (type == "RangeVar") {
    auto f = std::make_unique<FromItem>(FromItem::Kind::kTable);
    f->table = range_var(b);
    f->location = f->table.location;
    return f;
  }
  if (type == "JoinExpr") {
    auto f = std::make_unique<FromItem>(FromItem::Kind::kJoin);
    std::string_view jt = str_member(b, "jointype");
    f->natural = bool_member(b, "isNatural");
    f->left = from_item(required(b, "larg"));
    f->right = from_item(required(b, "rarg"));
    f->using_columns = string_list(list_member(b, "usingClause"));
    f->join_quals = opt_expr(member(b, "quals"));
    f->alias = alias(member(b, "alias"));
    if (const Json* ua = member(b, "join_using_alias")) {
      not_supported("JOIN USING alias is not supported", location_of(*ua));
    }
    if (jt == "JOIN_LEFT") {
      f->join_type = ast::JoinType::kLeft;
    } else if (jt == "JOIN_RIGHT") {
      f->join_type = ast::JoinType::kRight;
    } else if (jt == "JOIN_FULL") {
      f->join_type = ast::JoinType::kFull;
    } else if (jt == "JOIN_INNER" || jt.empty()) {
      bool cross = !f->natural && !f->join_quals && f->using_columns.empty();
      f->join_type = cross ? ast::JoinType::kCross : ast::JoinType::kInner;
    } else {
      not_supported(std::string(jt) + " is not supported");
    }
    f->location = f->left->location;
    return f;
  }
  if (type == "RangeSubselect") {
    auto f = std::make_unique<FromItem>(FromItem::Kind::kSubquery);
    f->lateral = bool_member(b, "lateral");
    f->subquery = select_node(required(b, "subquery"));
    f->alias = alias(member(b, "alias"));
    f->location = f->subquery->targets.empty() ? -1 : f->subquery->targets[0].location;
    return f;
  }
  if (type == "RangeFunction") {
    auto f = std::make_unique<FromItem>(FromItem::Kind::kFunction);
    f->lateral = bool_member(b, "lateral");
    f->with_ordinality = bool_member(b, "ordinality");
    const Json& fns = list_member(b, "functions");
    if (bool_member(b, "is_rowsfrom") || fns.size() != 1) not_supported("ROWS FROM is not supported");
    if (!list_member(b, "coldeflist").empty()) not_supported("column definition lists are not supported");
    const Json& pair = list_member(node_body(fns[0]), "items");   // [function, coldeflist]
    if (pair.empty()) throw DbError(sqlstate::kInternalError, "empty function in FROM");
    if (pair.size() > 1 && node_type(pair[1]) == "List" && !list_member(node_body(pair[1]), "items").empty()) {
      not_supported("column definition lists are not supported");
    }
    f->function = expr(pair[0]);
    f->alias = alias(member(b, "alias"));
    f->location = f->function->location;
    return f;
  }
  if (type == "RangeTableSample") not_supported("TABLESAMPLE is not supported", loc);
  if (type == "RangeTableFunc") not_supported("XMLTABLE is not supported", loc);
  not_supported(std::string(type) + " in FROM is not supported", loc);
}

ast::RangeVar Translator::range_var(const Json& body) {
  ast::RangeVar rv;
  rv.location = location_of(body);
  if (std::string_view cat = str_member(body, "catalogname"); !cat.empty()) {
    not_supported("cross-database references are not implemented: \"" + std::string(cat) + "." +
                      std::string(str_member(body, "schemaname")) + "." + std::string(str_member(body, "relname")) +
                      "\"",
                  rv.location);
  }
  rv.schema = std::string(str_member(body, "schemaname"));
  rv.name = std::string(str_member(body, "relname"));
  rv.alias = alias(member(body, "alias"));
  return rv;
}

ast::Alias Translator::alias(const Json* body) {
  ast::Alias a;
  if (!body) return a;
  a.name = std::string(str_member(*body, "aliasname"));
  a.columns = string_list(list_member(*body, "colnames"));
  return a;
}

namespace {

std::vector<std::string> target_indirection(const Json& list, int location) {
  std::vector<std::string> out;
  for (const Json& step : list) {
    if (node_type(step) == "String") {
      out.push_back(string_node(step));
    } else {
      not_supported("array subscripts in assignment targets are not supported", location);
    }
  }
  return out;
}

}  // namespace

std::vector<ast::ResTarget> Translator::target_list(const Json& list) {
  std::vector<ast::ResTarget> out;
  out.reserve(list.size());
  for (const Json& n : list) {
    const Json& b = node_body(n);
    ast::ResTarget t;
    t.location = location_of(b);
    t.name = std::string(str_member(b, "name"));
    t.indirection = target_indirection(list_member(b, "indirection"), t.location);
    t.expr = opt_expr(member(b, "val"));
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<ast::ResTarget> Translator::set_list(const Json& list) {
  std::vector<ast::ResTarget> out;
  out.reserve(list.size());
  for (const Json& n : list) {
    const Json& b = node_body(n);
    ast::ResTarget t;
    t.location = location_of(b);
    t.name = std::string(str_member(b, "name"));
    t.indirection = target_indirection(list_member(b, "indirection"), t.location);
    const Json& val = required(b, "val");
    if (node_type(val) == "MultiAssignRef") {
      // (a, b) = source: each column gets its own copy of the whole source.
      const Json& m = node_body(val);
      t.multi_index = static_cast<int>(int_member(m, "colno"));
      t.multi_count = static_cast<int>(int_member(m, "ncolumns"));
      t.expr = expr(required(m, "source"));
    } else {
      t.expr = expr(val);
    }
    out.push_back(std::move(t));
  }
  return out;
}

ast::IndexElem Translator::index_elem(const Json& body) {
  ast::IndexElem e;
  e.column = std::string(str_member(body, "name"));
  e.expr = opt_expr(member(body, "expr"));
  e.location = e.expr ? e.expr->location : -1;
  e.collation = string_list(list_member(body, "collation"));
  e.opclass = string_list(list_member(body, "opclass"));
  if (!list_member(body, "opclassopts").empty()) not_supported("operator class options are not supported", e.location);
  if (member(body, "indexcolname")) not_supported("index column names are not supported", e.location);
  std::string_view ord = str_member(body, "ordering");
  e.ordering = ord == "SORTBY_ASC" ? 1 : ord == "SORTBY_DESC" ? 2 : 0;
  std::string_view nulls = str_member(body, "nulls_ordering");
  e.nulls = nulls == "SORTBY_NULLS_FIRST" ? 1 : nulls == "SORTBY_NULLS_LAST" ? 2 : 0;
  return e;
}

}  // namespace upsertdb::sql_internal
