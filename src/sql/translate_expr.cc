// Translator: expressions (A_Expr, A_Const, FuncCall, SubLink, ...) and type names.
#include <cctype>
#include <optional>

#include "sql/text_scan.h"
#include "sql/translate.h"

namespace upsertdb::sql_internal {

using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;

namespace {

ExprPtr make(ExprKind kind, int location) {
  auto e = std::make_unique<Expr>(kind);
  e->location = location;
  return e;
}

// The operator of an A_Expr / SubLink name list: "=" or pg_catalog."=".
std::string operator_name(const Json& names, int location) {
  if (names.size() == 1) return string_node(names[0]);
  if (names.size() == 2 && string_node(names[0]) == "pg_catalog") return string_node(names[1]);
  std::string qualified;
  for (const Json& n : names) {
    if (!qualified.empty()) qualified += '.';
    qualified += string_node(n);
  }
  not_supported("schema-qualified operator " + qualified + " is not supported", location);
}

// int4 from text the way PostgreSQL's typmodin functions read it (pg_strtoint32).
int32_t typmod_from_text(const std::string& text, int type_location) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  size_t digits_begin = i;
  int64_t value = 0;
  bool overflow = false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    value = value * 10 + (text[i++] - '0');
    if (value > 2147483648LL) overflow = true, value = 2147483648LL;
  }
  size_t digits_end = i;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (digits_begin == digits_end || i != text.size()) {
    fail(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type integer: \"" + text + "\"",
         type_location);
  }
  if (negative) value = -value;
  if (overflow || value > 2147483647LL || value < -2147483648LL) {
    fail(sqlstate::kNumericValueOutOfRange, "value \"" + text + "\" is out of range for type integer",
         type_location);
  }
  return static_cast<int32_t>(value);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

int64_t Translator::integer_value(const Json& int_body, int location) {
  if (const Json* v = member(int_body, "ival"); v && v->is_number()) return v->get<int64_t>();
  // Absent: zero, or a negative number the JSON writer dropped (libpg_query 15-4.0
  // prints only positive integers); the text at the constant's location tells.
  if (location >= 0 && static_cast<size_t>(location) < sql_.size()) {
    if (std::optional<int64_t> v = signed_integer_at(sql_, static_cast<size_t>(location))) return *v;
  }
  return 0;
}

ExprPtr Translator::opt_expr(const Json* node) {
  if (!node || node->empty()) return nullptr;
  return expr(*node);
}

std::vector<ExprPtr> Translator::expr_list(const Json& list) {
  std::vector<ExprPtr> out;
  out.reserve(list.size());
  for (const Json& n : list) out.push_back(expr(n));
  return out;
}

ExprPtr Translator::expr(const Json& node) {
  DepthGuard guard(*this);
  return expr_body(node_type(node), node_body(node));
}

ExprPtr Translator::expr_body(std::string_view type, const Json& body) {
  int loc = location_of(body);
  if (type == "ColumnRef") return column_ref(body);
  if (type == "A_Const") return a_const(body);
  if (type == "A_Expr") return a_expr(body);
  if (type == "FuncCall") return func_call(body);
  if (type == "TypeCast") {
    auto e = make(ExprKind::kCast, loc);
    e->args.push_back(expr(required(body, "arg")));
    if (const Json* tn = member(body, "typeName")) e->type_name = type_name(*tn);
    return e;
  }
  if (type == "ParamRef") {
    auto e = make(ExprKind::kParam, loc);
    e->param_no = static_cast<int>(int_member(body, "number"));
    return e;
  }
  if (type == "BoolExpr") {
    std::string_view op = str_member(body, "boolop");
    ExprKind kind = op == "AND_EXPR" ? ExprKind::kAnd : op == "OR_EXPR" ? ExprKind::kOr : ExprKind::kNot;
    auto e = make(kind, loc);
    e->args = expr_list(list_member(body, "args"));
    return e;
  }
  if (type == "NullTest") {
    bool is_null = str_member(body, "nulltesttype") == "IS_NULL";
    auto e = make(is_null ? ExprKind::kIsNull : ExprKind::kIsNotNull, loc);
    e->args.push_back(expr(required(body, "arg")));
    return e;
  }
  if (type == "BooleanTest") {
    auto e = make(ExprKind::kBooleanTest, loc);
    std::string_view t = str_member(body, "booltesttype");   // IS_TRUE, IS_NOT_FALSE, ...
    if (t.rfind("IS_", 0) == 0) t.remove_prefix(3);
    e->op = lower(t);
    e->args.push_back(expr(required(body, "arg")));
    return e;
  }
  if (type == "CaseExpr") {
    auto e = make(ExprKind::kCase, loc);
    e->case_arg = opt_expr(member(body, "arg"));
    for (const Json& w : list_member(body, "args")) {
      const Json& when = node_body(w);
      e->args.push_back(expr(required(when, "expr")));
      e->args.push_back(expr(required(when, "result")));
    }
    e->case_default = opt_expr(member(body, "defresult"));
    return e;
  }
  if (type == "CoalesceExpr") {
    auto e = make(ExprKind::kCoalesce, loc);
    e->args = expr_list(list_member(body, "args"));
    return e;
  }
  if (type == "MinMaxExpr") {
    bool greatest = str_member(body, "op") == "IS_GREATEST";
    auto e = make(greatest ? ExprKind::kGreatest : ExprKind::kLeast, loc);
    e->args = expr_list(list_member(body, "args"));
    return e;
  }
  if (type == "SubLink") return sub_link(body);
  if (type == "RowExpr") {
    auto e = make(ExprKind::kRow, loc);
    e->args = expr_list(list_member(body, "args"));
    return e;
  }
  if (type == "A_ArrayExpr") {
    auto e = make(ExprKind::kArray, loc);
    e->args = expr_list(list_member(body, "elements"));
    return e;
  }
  if (type == "SetToDefault") return make(ExprKind::kDefault, loc);
  if (type == "SQLValueFunction") {
    // SVFOP_CURRENT_TIMESTAMP_N -> "current_timestamp" (the precision is ignored).
    std::string_view op = str_member(body, "op");
    if (op.rfind("SVFOP_", 0) == 0) op.remove_prefix(6);
    if (op.size() > 2 && op.substr(op.size() - 2) == "_N") op.remove_suffix(2);
    auto e = make(ExprKind::kSqlValue, loc);
    e->op = lower(op);
    return e;
  }
  if (type == "CollateClause") {
    auto e = make(ExprKind::kCollate, loc);
    e->args.push_back(expr(required(body, "arg")));
    e->names = string_list(list_member(body, "collname"));
    return e;
  }
  if (type == "A_Indirection") return indirection(body);
  if (type == "GroupingFunc") not_supported("GROUPING is not supported", loc);
  if (type == "CurrentOfExpr") not_supported("WHERE CURRENT OF is not supported", loc);
  if (type == "XmlExpr" || type == "XmlSerialize") not_supported("XML functions are not supported", loc);
  if (type == "MultiAssignRef") not_supported("multiple-column assignment is not supported here", loc);
  if (type == "RangeVar" || type == "SelectStmt") {
    // Cannot appear as expressions in a raw tree that parsed; be defensive.
    not_supported(std::string(type) + " is not supported as an expression", loc);
  }
  not_supported(std::string(type.empty() ? "empty" : type) + " expressions are not supported", loc);
}

ExprPtr Translator::column_ref(const Json& body) {
  auto e = make(ExprKind::kColumnRef, location_of(body));
  e->names = string_list(list_member(body, "fields"));
  return e;
}

ExprPtr Translator::a_const(const Json& body) {
  int loc = location_of(body);
  auto e = make(ExprKind::kConst, loc);
  if (ast::const_registry) ast::const_registry->live.push_back(e.get());
  if (bool_member(body, "isnull")) {
    e->const_kind = ast::ConstKind::kNull;
  } else if (const Json* v = member(body, "ival")) {
    e->const_kind = ast::ConstKind::kInteger;
    e->ival = integer_value(*v, loc);
    e->text = std::to_string(e->ival);
  } else if (const Json* v = member(body, "fval")) {
    e->const_kind = ast::ConstKind::kFloat;
    e->text = std::string(str_member(*v, "fval"));
  } else if (const Json* v = member(body, "sval")) {
    e->const_kind = ast::ConstKind::kString;
    e->text = std::string(str_member(*v, "sval"));
  } else if (const Json* v = member(body, "boolval")) {
    e->const_kind = ast::ConstKind::kBool;
    e->bval = bool_member(*v, "boolval");
    e->text = e->bval ? "true" : "false";
  } else if (const Json* v = member(body, "bsval")) {
    e->const_kind = ast::ConstKind::kBitString;
    e->text = std::string(str_member(*v, "bsval"));   // "b101" / "x1F": PostgreSQL keeps the prefix
  } else {
    // An A_Const with every field at its zero value: integer 0 (or a lost negative).
    e->const_kind = ast::ConstKind::kInteger;
    e->ival = integer_value(Json::object(), loc);
    e->text = std::to_string(e->ival);
  }
  return e;
}

ExprPtr Translator::a_expr(const Json& body) {
  std::string_view kind = str_member(body, "kind");
  int loc = location_of(body);
  const Json& names = list_member(body, "name");
  const Json* lexpr = member(body, "lexpr");
  const Json* rexpr = member(body, "rexpr");

  // The grammar already rewrote `a [NOT] SIMILAR TO p [ESCAPE e]` into
  // `a ~ similar_to_escape(p [, e])` (!~ when negated): an ordinary operator.
  if (kind == "AEXPR_OP" || kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE" || kind == "AEXPR_SIMILAR") {
    std::string op = operator_name(names, loc);
    if (!lexpr) {
      auto e = make(ExprKind::kUnaryOp, loc);
      e->op = std::move(op);
      e->args.push_back(expr(*rexpr));
      return e;
    }
    if (!rexpr) not_supported("postfix operators are not supported", loc);
    auto e = make(ExprKind::kBinaryOp, loc);
    e->op = std::move(op);
    e->args.push_back(expr(*lexpr));
    e->args.push_back(expr(*rexpr));
    return e;
  }
  if (!lexpr || !rexpr) {
    throw DbError(sqlstate::kInternalError, "incomplete " + std::string(kind) + " node");
  }
  if (kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") {
    auto e = make(ExprKind::kAnyAll, loc);
    e->op = operator_name(names, loc);
    e->sublink_type = kind == "AEXPR_OP_ANY" ? "any" : "all";
    e->args.push_back(expr(*lexpr));
    e->args.push_back(expr(*rexpr));
    return e;
  }
  if (kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT" || kind == "AEXPR_NULLIF") {
    ExprKind k = kind == "AEXPR_DISTINCT"       ? ExprKind::kDistinctFrom
                 : kind == "AEXPR_NOT_DISTINCT" ? ExprKind::kNotDistinctFrom
                                                : ExprKind::kNullIf;
    auto e = make(k, loc);
    e->op = operator_name(names, loc);
    e->args.push_back(expr(*lexpr));
    e->args.push_back(expr(*rexpr));
    return e;
  }
  if (kind == "AEXPR_IN") {
    auto e = make(ExprKind::kInList, loc);
    e->op = operator_name(names, loc);
    e->negated = e->op == "<>";
    e->args.push_back(expr(*lexpr));
    const Json& items = node_type(*rexpr) == "List" ? list_member(node_body(*rexpr), "items") : *rexpr;
    if (!items.is_array()) {
      e->args.push_back(expr(items));
    } else {
      for (const Json& item : items) e->args.push_back(expr(item));
    }
    return e;
  }
  if (kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN" || kind == "AEXPR_BETWEEN_SYM" ||
      kind == "AEXPR_NOT_BETWEEN_SYM") {
    auto e = make(ExprKind::kBetween, loc);
    e->negated = kind.find("NOT_") != std::string_view::npos;
    e->symmetric = kind.find("_SYM") != std::string_view::npos;
    e->args.push_back(expr(*lexpr));
    const Json& bounds = list_member(node_body(*rexpr), "items");
    for (const Json& b : bounds) e->args.push_back(expr(b));
    return e;
  }
  not_supported(std::string(kind) + " is not supported", loc);
}

ExprPtr Translator::func_call(const Json& body) {
  int loc = location_of(body);
  if (member(body, "agg_within_group") && bool_member(body, "agg_within_group")) {
    not_supported("WITHIN GROUP is not supported", loc);
  }
  auto e = make(ExprKind::kFuncCall, loc);
  e->names = string_list(list_member(body, "funcname"));
  e->args = expr_list(list_member(body, "args"));
  e->agg_star = bool_member(body, "agg_star");
  e->agg_distinct = bool_member(body, "agg_distinct");
  e->func_variadic = bool_member(body, "func_variadic");
  e->agg_order = sort_list(list_member(body, "agg_order"));
  e->agg_filter = opt_expr(member(body, "agg_filter"));
  if (const Json* over = member(body, "over")) {
    e->has_over = true;
    e->over = window_def(*over);
  }
  return e;
}

// OVER (...) of a call and each item of a WINDOW clause.
std::unique_ptr<ast::WindowDef> Translator::window_def(const Json& body) {
  auto w = std::make_unique<ast::WindowDef>();
  w->name = std::string(str_member(body, "name"));
  w->refname = std::string(str_member(body, "refname"));
  w->partition_by = expr_list(list_member(body, "partitionClause"));
  w->order_by = sort_list(list_member(body, "orderClause"));
  w->frame_options = static_cast<int>(int_member(body, "frameOptions", 0));
  w->start_offset = opt_expr(member(body, "startOffset"));
  w->end_offset = opt_expr(member(body, "endOffset"));
  w->location = location_of(body);
  return w;
}

ExprPtr Translator::sub_link(const Json& body) {
  int loc = location_of(body);
  auto e = make(ExprKind::kSubLink, loc);
  std::string_view t = str_member(body, "subLinkType");
  if (t == "EXISTS_SUBLINK") {
    e->sublink_type = "exists";
  } else if (t == "EXPR_SUBLINK") {
    e->sublink_type = "expr";
  } else if (t == "ANY_SUBLINK") {
    e->sublink_type = "any";
  } else if (t == "ALL_SUBLINK") {
    e->sublink_type = "all";
  } else if (t == "ARRAY_SUBLINK") {
    e->sublink_type = "array";
  } else {
    not_supported(std::string(t) + " subqueries are not supported", loc);
  }
  if (const Json* test = member(body, "testexpr")) e->args.push_back(expr(*test));
  const Json& op = list_member(body, "operName");
  if (!op.empty()) {
    e->op = operator_name(op, loc);
  } else if (e->sublink_type == "any") {
    e->op = "=";   // x IN (SELECT ...)
  }
  e->subquery = select_node(required(body, "subselect"));
  return e;
}

ExprPtr Translator::indirection(const Json& body) {
  const Json* arg = member(body, "arg");
  auto e = make(ExprKind::kIndirection, -1);
  e->args.push_back(expr(*arg));
  e->location = e->args[0]->location;
  for (const Json& step : list_member(body, "indirection")) {
    std::string_view t = node_type(step);
    if (t == "String") {
      e->names.push_back(string_node(step));
    } else if (t == "A_Star") {
      e->names.emplace_back("*");
    } else if (t == "A_Indices") {
      // a[i]: a "[]" step whose index is the next entry of args (after args[0]).
      const Json& b = node_body(step);
      if (bool_member(b, "is_slice")) not_supported("array slices are not supported", e->location);
      const Json* index = member(b, "uidx");
      if (!index) not_supported("array slices are not supported", e->location);
      e->names.emplace_back("[]");
      e->args.push_back(expr(*index));
    } else {
      not_supported("array subscripts are not supported", e->location);
    }
  }
  return e;
}

int32_t Translator::type_modifier(const Json& node, int type_location) {
  // Integer constants are the rule; PostgreSQL also lets strings, identifiers and
  // big numbers through to the type's typmodin, which reads them as int4.
  const Json& b = node_body(node);
  std::string_view t = node_type(node);
  if (t == "A_Const") {
    if (const Json* iv = member(b, "ival")) return static_cast<int32_t>(integer_value(*iv, location_of(b)));
    if (const Json* fv = member(b, "fval")) return typmod_from_text(std::string(str_member(*fv, "fval")), type_location);
    if (const Json* sv = member(b, "sval")) return typmod_from_text(std::string(str_member(*sv, "sval")), type_location);
    if (!member(b, "boolval") && !member(b, "bsval") && !bool_member(b, "isnull")) {
      return static_cast<int32_t>(integer_value(Json::object(), location_of(b)));
    }
  } else if (t == "ColumnRef") {
    const Json& fields = list_member(b, "fields");
    if (fields.size() == 1 && node_type(fields[0]) == "String") return typmod_from_text(string_node(fields[0]), type_location);
  }
  fail(sqlstate::kSyntaxError, "type modifiers must be simple constants or identifiers", type_location);
}

ast::TypeName Translator::type_name(const Json& body) {
  ast::TypeName t;
  t.location = location_of(body);
  t.names = string_list(list_member(body, "names"));
  if (bool_member(body, "setof")) not_supported("SETOF type names are not supported", t.location);
  if (bool_member(body, "pct_type")) not_supported("%TYPE is not supported", t.location);
  if (t.names.empty()) not_supported("type names given by OID are not supported", t.location);
  for (const Json& m : list_member(body, "typmods")) t.typmods.push_back(type_modifier(m, t.location));
  t.is_array = !list_member(body, "arrayBounds").empty();
  return t;
}

std::vector<ast::SortBy> Translator::sort_list(const Json& list) {
  std::vector<ast::SortBy> out;
  out.reserve(list.size());
  for (const Json& n : list) {
    const Json& b = node_body(n);
    ast::SortBy s;
    s.location = location_of(b);
    std::string_view dir = str_member(b, "sortby_dir");
    if (dir == "SORTBY_USING") not_supported("ORDER BY ... USING is not supported", s.location);
    s.descending = dir == "SORTBY_DESC";
    std::string_view nulls = str_member(b, "sortby_nulls");
    s.nulls = nulls == "SORTBY_NULLS_FIRST" ? 1 : nulls == "SORTBY_NULLS_LAST" ? 2 : 0;
    s.expr = expr(required(b, "node"));
    if (s.location < 0) s.location = s.expr->location;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace upsertdb::sql_internal
