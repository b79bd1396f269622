#include "plan/deparse.h"

#include "functions/fn_util.h"
#include "types/type.h"

namespace upsertdb {

namespace {

std::string quote_literal(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("''") : std::string(1, ch);
  return q + "'";
}

// Simple operands print bare before `::`; anything else gets parentheses.
bool is_simple(const BoundExpr& e) {
  return dynamic_cast<const ColumnExpr*>(&e) || dynamic_cast<const FuncExpr*>(&e);
}

}  // namespace

std::optional<std::string> deparse_expression(const BoundExpr& e, const TableInfo& table) {
  if (auto c = dynamic_cast<const ColumnExpr*>(&e)) {
    if (c->level != 0 || c->index < 0 || static_cast<size_t>(c->index) >= table.columns.size()) return std::nullopt;
    return fn::quote_identifier(table.columns[static_cast<size_t>(c->index)].name);
  }
  if (auto k = dynamic_cast<const ConstExpr*>(&e)) {
    if (k->value.is_null()) return std::string("NULL");
    std::string text = value_to_text(k->value);
    if (is_numeric_family(k->type.id) && text[0] != '-') return text;
    return quote_literal(text) + "::" + type_display_name(k->type);
  }
  if (auto cast = dynamic_cast<const CastExpr*>(&e)) {
    auto arg = deparse_expression(*cast->arg, table);
    if (!arg) return std::nullopt;
    std::string inner = is_simple(*cast->arg) ? *arg : "(" + *arg + ")";
    return inner + "::" + type_display_name(cast->type);
  }
  if (auto f = dynamic_cast<const FuncExpr*>(&e)) {
    std::string out = f->name + "(";
    for (size_t i = 0; i < f->args.size(); ++i) {
      auto a = deparse_expression(*f->args[i], table);
      if (!a) return std::nullopt;
      out += (i ? ", " : "") + *a;
    }
    return out + ")";
  }
  if (auto b = dynamic_cast<const BinaryExpr*>(&e)) {
    auto l = deparse_expression(*b->left, table);
    auto r = deparse_expression(*b->right, table);
    if (!l || !r) return std::nullopt;
    return "(" + *l + " " + b->op + " " + *r + ")";
  }
  if (auto u = dynamic_cast<const UnaryExpr*>(&e)) {
    auto a = deparse_expression(*u->arg, table);
    if (!a) return std::nullopt;
    return "(" + u->op + " " + *a + ")";
  }
  return std::nullopt;
}

}  // namespace upsertdb
