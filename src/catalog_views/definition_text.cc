#include "catalog_views/definition_text.h"

#include <optional>

#include "common/error.h"
#include "functions/fn_util.h"
#include "types/value.h"

namespace upsertdb::catalog_views {

namespace {

std::string ident(const std::string& s) { return fn::quote_identifier(s); }

std::string column_list(const TableInfo& t, const std::vector<int>& cols) {
  std::string out;
  for (size_t i = 0; i < cols.size(); ++i) {
    int c = cols[i];
    out += (i ? ", " : "");
    out += c >= 0 && static_cast<size_t>(c) < t.columns.size() ? ident(t.columns[static_cast<size_t>(c)].name) : "?";
  }
  return out;
}

const char* fk_action(char a) {
  switch (a) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return nullptr;   // 'a' NO ACTION is the default and not printed
  }
}

std::string deferrable_clause(bool deferrable, bool initially_deferred) {
  std::string s;
  if (deferrable) s += " DEFERRABLE";
  if (initially_deferred) s += " INITIALLY DEFERRED";
  return s;
}

}  // namespace

std::string pretty_expression(const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return text;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0 && i + 1 < text.size()) return text;   // the first group closes early
  }
  return text.substr(1, text.size() - 2);
}

std::string constraint_definition(const Catalog& cat, const TableInfo& t, const ConstraintInfo& c) {
  switch (c.kind) {
    case ConstraintKind::kCheck:
      return "CHECK (" + c.check_text + ")" + deferrable_clause(c.deferrable, c.initially_deferred);
    case ConstraintKind::kPrimaryKey:
    case ConstraintKind::kUnique: {
      std::string s = c.kind == ConstraintKind::kPrimaryKey ? "PRIMARY KEY" : "UNIQUE";
      for (const auto& ix : t.indexes)
        if (ix->name == c.index_name && ix->nulls_not_distinct) s += " NULLS NOT DISTINCT";
      s += " (" + column_list(t, c.columns) + ")";
      return s + deferrable_clause(c.deferrable, c.initially_deferred);
    }
    case ConstraintKind::kForeignKey: {
      std::string s = "FOREIGN KEY (" + column_list(t, c.columns) + ") REFERENCES ";
      if (auto ref = cat.table_by_oid(c.ref_table))
        s += ident(ref->name) + "(" + column_list(*ref, c.ref_columns) + ")";
      if (c.match_type == 'f') s += " MATCH FULL";
      if (const char* a = fk_action(c.on_update)) s += std::string(" ON UPDATE ") + a;
      if (const char* a = fk_action(c.on_delete)) s += std::string(" ON DELETE ") + a;
      return s + deferrable_clause(c.deferrable, c.initially_deferred);
    }
  }
  return "";
}

std::string index_column_definition(const TableInfo& t, const IndexInfo& ix, size_t key) {
  if (key >= ix.columns.size()) return "";
  int c = ix.columns[key];
  if (c >= 0 && static_cast<size_t>(c) < t.columns.size()) return ident(t.columns[static_cast<size_t>(c)].name);
  return key < ix.expr_texts.size() ? ix.expr_texts[key] : "";
}

std::string index_definition(const TableInfo& t, const IndexInfo& ix) {
  std::string keys;
  for (size_t k = 0; k < ix.columns.size(); ++k) {
    std::string key = index_column_definition(t, ix, k);
    // PostgreSQL parenthesises an expression key unless it is a plain function call.
    if (ix.columns[k] < 0 && !(key.size() > 1 && key.back() == ')' && key.find('(') != std::string::npos &&
                              key.find(' ') > key.find('(')))
      key = "(" + key + ")";
    if (k < ix.descending.size() && ix.descending[k]) key += " DESC";
    keys += (k ? ", " : "") + key;
  }
  std::string s = std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + ident(ix.name) + " ON " +
                  ident(t.name) + " USING btree (" + keys + ")";
  if (ix.nulls_not_distinct) s += " NULLS NOT DISTINCT";
  if (!ix.predicate_text.empty()) s += " WHERE " + pretty_expression(ix.predicate_text);
  return s;
}

namespace {

// The content of `text` when it is exactly one SQL string literal ('it''s' ->
// it's), possibly in parentheses; nullopt otherwise.
std::optional<std::string> single_string_literal(std::string text) {
  auto trim = [](std::string& t) {
    size_t b = t.find_first_not_of(" \t\n"), e = t.find_last_not_of(" \t\n");
    t = b == std::string::npos ? "" : t.substr(b, e - b + 1);
  };
  trim(text);
  while (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    text = text.substr(1, text.size() - 2);
    trim(text);
  }
  if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\'') {
      if (i + 2 < text.size() && text[i + 1] == '\'') {
        out += '\'';
        ++i;
        continue;
      }
      return std::nullopt;   // a quote ends the literal early: more than one token
    }
    out += text[i];
  }
  return out;
}

std::string quote_literal(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("''") : std::string(1, ch);
  return q + "'";
}

}  // namespace

// A default that is one string literal prints as PostgreSQL's deparser shows
// the stored constant: string types with their type label ('none'::character
// varying, 'x'::bpchar), integers and booleans bare in canonical form. Other
// defaults print as stored.
std::string column_default_text(const ColumnInfo& c) {
  if (c.identity) return "";
  auto literal = single_string_literal(c.default_text);
  if (!literal) return c.default_text;
  switch (c.type.id) {
    case TypeId::kText: return quote_literal(*literal) + "::text";
    case TypeId::kVarchar: return quote_literal(*literal) + "::character varying";
    case TypeId::kBpchar: return quote_literal(*literal) + "::bpchar";
    case TypeId::kName: return quote_literal(*literal) + "::name";
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kBool:
      try {
        std::string v = value_to_text(value_from_text(*literal, c.type));
        if (c.type.id == TypeId::kBool) return v == "t" ? "true" : "false";
        if (v[0] != '-') return v;
      } catch (const DbError&) {
      }
      return c.default_text;
    default: return c.default_text;
  }
}

ConstraintRef find_constraint(const Catalog& cat, uint32_t oid) {
  for (const auto& [name, t] : cat.tables())
    for (const auto& c : t->constraints)
      if (c.oid == oid) return {t, &c};
  return {};
}

IndexRef find_index(const Catalog& cat, uint32_t oid) {
  for (const auto& [name, t] : cat.tables())
    for (const auto& ix : t->indexes)
      if (ix->oid == oid) return {t, ix};
  return {};
}

}  // namespace upsertdb::catalog_views
