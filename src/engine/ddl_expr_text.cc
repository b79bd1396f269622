// A small deparser for index expressions and predicates: the AST keeps no
// source text for them, and the catalog stores expressions as SQL text that the
// binder parses again. Covers the expression forms indexes use in practice;
// anything else is 0A000.
#include "engine/ddl_internal.h"

namespace upsertdb::ddl {

namespace {

std::string quote_literal(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += '\'';
    q += c;
  }
  return q + "'";
}

std::string dotted(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) s += (i ? "." : "") + quote_ident(names[i]);
  return s;
}

std::string type_text(const ast::TypeName& t) {
  std::string s = dotted(t.names);
  if (!t.typmods.empty()) {
    s += "(";
    for (size_t i = 0; i < t.typmods.size(); ++i) s += (i ? "," : "") + std::to_string(t.typmods[i]);
    s += ")";
  }
  if (t.is_array) s += "[]";
  return s;
}

std::string list(const std::vector<ast::ExprPtr>& args, size_t from = 0) {
  std::string s;
  for (size_t i = from; i < args.size(); ++i) s += (i > from ? ", " : "") + expr_to_sql(*args[i]);
  return s;
}

}  // namespace

std::string expr_to_sql(const ast::Expr& e) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::kColumnRef: return dotted(e.names);
    case K::kConst:
      switch (e.const_kind) {
        case ast::ConstKind::kInteger: return std::to_string(e.ival);
        case ast::ConstKind::kFloat: return e.text;
        case ast::ConstKind::kString: return quote_literal(e.text);
        case ast::ConstKind::kBool: return e.bval ? "true" : "false";
        case ast::ConstKind::kNull: return "NULL";
        case ast::ConstKind::kBitString: return "B" + quote_literal(e.text);
      }
      break;
    case K::kBinaryOp: return "(" + expr_to_sql(*e.args[0]) + " " + e.op + " " + expr_to_sql(*e.args[1]) + ")";
    case K::kUnaryOp: return "(" + e.op + " " + expr_to_sql(*e.args[0]) + ")";
    case K::kAnd:
    case K::kOr: {
      std::string s = "(";
      for (size_t i = 0; i < e.args.size(); ++i)
        s += (i ? (e.kind == K::kAnd ? " AND " : " OR ") : "") + expr_to_sql(*e.args[i]);
      return s + ")";
    }
    case K::kNot: return "(NOT " + expr_to_sql(*e.args[0]) + ")";
    case K::kIsNull: return "(" + expr_to_sql(*e.args[0]) + " IS NULL)";
    case K::kIsNotNull: return "(" + expr_to_sql(*e.args[0]) + " IS NOT NULL)";
    case K::kFuncCall:
      if (e.agg_star || e.agg_distinct || e.has_over || !e.agg_order.empty() || e.agg_filter) break;
      return dotted(e.names) + "(" + list(e.args) + ")";
    case K::kCast: return "(" + expr_to_sql(*e.args[0]) + ")::" + type_text(e.type_name);
    case K::kCoalesce: return "COALESCE(" + list(e.args) + ")";
    case K::kNullIf: return "NULLIF(" + list(e.args) + ")";
    case K::kGreatest: return "GREATEST(" + list(e.args) + ")";
    case K::kLeast: return "LEAST(" + list(e.args) + ")";
    case K::kInList:
      return "(" + expr_to_sql(*e.args[0]) + (e.negated ? " NOT IN (" : " IN (") + list(e.args, 1) + "))";
    case K::kBetween:
      return "(" + expr_to_sql(*e.args[0]) + (e.negated ? " NOT BETWEEN " : " BETWEEN ") +
             expr_to_sql(*e.args[1]) + " AND " + expr_to_sql(*e.args[2]) + ")";
    case K::kSqlValue: return e.op;
    default: break;
  }
  not_supported("this index expression is not supported");
}

std::string index_expr_name(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::kColumnRef: return e.names.back();
    case ast::ExprKind::kFuncCall: return e.names.back();
    case ast::ExprKind::kCast: return index_expr_name(*e.args[0]);
    case ast::ExprKind::kCoalesce: return "coalesce";
    case ast::ExprKind::kNullIf: return "nullif";
    case ast::ExprKind::kGreatest: return "greatest";
    case ast::ExprKind::kLeast: return "least";
    default: return "expr";
  }
}

}  // namespace upsertdb::ddl
