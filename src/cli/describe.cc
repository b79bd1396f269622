#include "cli/describe.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <vector>

#include "catalog/catalog.h"
#include "engine/engine.h"
#include "format/table_printer.h"
#include "types/type.h"
#include "types/value.h"

namespace upsertdb::cli {

namespace {

using format::Align;
using format::Table;
using format::TableColumn;

// ---- patterns ------------------------------------------------------------------

// One pattern element: a literal byte, or a wildcard ('*' any run, '?' one char).
struct PatternChar {
  char c;
  bool wildcard;
};
using Glob = std::vector<PatternChar>;

bool glob_match(const Glob& g, size_t gi, const std::string& s, size_t si) {
  if (gi == g.size()) return si == s.size();
  const PatternChar& p = g[gi];
  if (p.wildcard && p.c == '*') {
    for (size_t k = si; k <= s.size(); ++k)
      if (glob_match(g, gi + 1, s, k)) return true;
    return false;
  }
  if (si == s.size()) return false;
  if (p.wildcard && p.c == '?') return glob_match(g, gi + 1, s, si + 1);
  return p.c == s[si] && glob_match(g, gi + 1, s, si + 1);
}

// Splits a psql pattern into dot-separated globs (outside double quotes).
std::vector<Glob> parse_pattern(std::string_view pattern) {
  std::vector<Glob> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '"') {
      if (quoted && i + 1 < pattern.size() && pattern[i + 1] == '"') {
        parts.back().push_back({'"', false});
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (quoted) {
      parts.back().push_back({c, false});
    } else if (c == '.') {
      parts.emplace_back();
    } else if (c == '*' || c == '?') {
      parts.back().push_back({c, true});
    } else {
      parts.back().push_back({static_cast<char>(std::tolower(static_cast<unsigned char>(c))), false});
    }
  }
  return parts;
}

// ---- quoting and small helpers ---------------------------------------------------

bool is_reserved_word(const std::string& s) {
  static const std::set<std::string> kReserved = {
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
      "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
      "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
      "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
      "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
      "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
      "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user",
      "using", "variadic", "when", "where", "window", "with"};
  return kReserved.count(s) > 0;
}

// PostgreSQL's quote_ident: quotes unless the name is a lower-case identifier
// that is not a reserved word.
std::string quote_ident(const std::string& s) {
  bool safe = !s.empty() && (std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_');
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      safe = false;
  if (safe && !is_reserved_word(s)) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string column_list(const TableInfo& t, const std::vector<int>& cols) {
  std::vector<std::string> names;
  for (int c : cols)
    names.push_back(c >= 0 && static_cast<size_t>(c) < t.columns.size() ? quote_ident(t.columns[c].name) : "?");
  return join(names, ", ");
}

std::string index_key_list(const TableInfo& t, const IndexInfo& ix) {
  std::vector<std::string> keys;
  for (size_t k = 0; k < ix.columns.size(); ++k) {
    int c = ix.columns[k];
    std::string key;
    if (c >= 0 && static_cast<size_t>(c) < t.columns.size())
      key = quote_ident(t.columns[c].name);
    else
      key = k < ix.expr_texts.size() ? ix.expr_texts[k] : "?";
    if (k < ix.descending.size() && ix.descending[k]) key += " DESC";
    keys.push_back(key);
  }
  return join(keys, ", ");
}

const char* fk_action(char a) {
  switch (a) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return nullptr;   // 'a' NO ACTION is not printed
  }
}

std::string deferrable_clause(bool deferrable, bool initially_deferred) {
  std::string s;
  if (deferrable) s += " DEFERRABLE";
  if (initially_deferred) s += " INITIALLY DEFERRED";
  return s;
}

// pg_get_constraintdef for a foreign key.
std::string foreign_key_definition(const Catalog& cat, const TableInfo& t, const ConstraintInfo& c) {
  std::string s = "FOREIGN KEY (" + column_list(t, c.columns) + ") REFERENCES ";
  auto ref = cat.table_by_oid(c.ref_table);
  if (ref)
    s += quote_ident(ref->name) + "(" + column_list(*ref, c.ref_columns) + ")";
  else
    s += "?";
  if (c.match_type == 'f') s += " MATCH FULL";
  if (const char* a = fk_action(c.on_update)) s += std::string(" ON UPDATE ") + a;
  if (const char* a = fk_action(c.on_delete)) s += std::string(" ON DELETE ") + a;
  return s + deferrable_clause(c.deferrable, c.initially_deferred);
}

// The definition psql shows under "Indexes:" (pg_get_indexdef's tail plus
// psql's PRIMARY KEY / UNIQUE markers and constraint deferrability).
std::string index_line(const TableInfo& t, const IndexInfo& ix) {
  std::string s = "    \"" + ix.name + "\" ";
  if (ix.primary)
    s += "PRIMARY KEY, ";
  else if (ix.unique)
    s += ix.constraint_name.empty() ? "UNIQUE, " : "UNIQUE CONSTRAINT, ";
  s += "btree (" + index_key_list(t, ix) + ")";
  if (ix.nulls_not_distinct) s += " NULLS NOT DISTINCT";
  if (!ix.predicate_text.empty()) s += " WHERE " + ix.predicate_text;
  if (!ix.constraint_name.empty()) s += deferrable_clause(ix.deferrable, ix.initially_deferred);
  return s;
}

std::string column_default(const ColumnInfo& c) {
  if (c.identity == 'a') return "generated always as identity";
  if (c.identity == 'd') return "generated by default as identity";
  return c.default_text;
}

void append_table(MetaOutput& m, Table t) { m.out += format::render_aligned(t); }

// ---- describing one relation -------------------------------------------------------

void describe_table(MetaOutput& m, const Catalog& cat, const TableInfo& t) {
  Table out;
  out.title = "Table \"" + t.schema + "." + t.name + "\"";
  out.columns = {{"Column"}, {"Type"}, {"Collation"}, {"Nullable"}, {"Default"}};
  out.default_footer = false;
  for (const auto& c : t.columns) {
    if (c.dropped) continue;
    out.rows.push_back({c.name, type_display_name(c.type), "", c.not_null ? "not null" : "", column_default(c)});
  }

  std::vector<std::shared_ptr<IndexInfo>> indexes = t.indexes;
  std::sort(indexes.begin(), indexes.end(), [](const auto& a, const auto& b) {
    if (a->primary != b->primary) return a->primary;
    return a->name < b->name;
  });
  if (!indexes.empty()) {
    out.footers.push_back("Indexes:");
    for (const auto& ix : indexes) out.footers.push_back(index_line(t, *ix));
  }

  std::vector<const ConstraintInfo*> checks, fks;
  for (const auto& c : t.constraints) {
    if (c.kind == ConstraintKind::kCheck) checks.push_back(&c);
    if (c.kind == ConstraintKind::kForeignKey) fks.push_back(&c);
  }
  auto by_name = [](const ConstraintInfo* a, const ConstraintInfo* b) { return a->name < b->name; };
  std::sort(checks.begin(), checks.end(), by_name);
  std::sort(fks.begin(), fks.end(), by_name);
  if (!checks.empty()) {
    out.footers.push_back("Check constraints:");
    for (const auto* c : checks)
      out.footers.push_back("    \"" + c->name + "\" CHECK (" + c->check_text + ")" +
                            deferrable_clause(c->deferrable, c->initially_deferred));
  }
  if (!fks.empty()) {
    out.footers.push_back("Foreign-key constraints:");
    for (const auto* c : fks)
      out.footers.push_back("    \"" + c->name + "\" " + foreign_key_definition(cat, t, *c));
  }

  // Foreign keys of any table (this one included) that point here.
  std::vector<std::pair<std::string, std::string>> referenced;   // (constraint name, line)
  for (const auto& [name, other] : cat.tables())
    for (const auto& c : other->constraints)
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == t.oid)
        referenced.emplace_back(c.name, "    TABLE \"" + quote_ident(other->name) + "\" CONSTRAINT \"" + c.name +
                                            "\" " + foreign_key_definition(cat, *other, c));
  std::sort(referenced.begin(), referenced.end());
  if (!referenced.empty()) {
    out.footers.push_back("Referenced by:");
    for (const auto& r : referenced) out.footers.push_back(r.second);
  }
  append_table(m, std::move(out));
}

// PostgreSQL names an expression index column after the function it calls
// (FigureColname), else "expr".
std::string expression_column_name(const std::string& expr) {
  size_t i = 0;
  while (i < expr.size() && (std::isalnum(static_cast<unsigned char>(expr[i])) || expr[i] == '_')) ++i;
  if (i > 0 && i < expr.size() && expr[i] == '(' && !std::isdigit(static_cast<unsigned char>(expr[0]))) {
    std::string name = expr.substr(0, i);
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return name;
  }
  return "expr";
}

void describe_index(MetaOutput& m, const TableInfo& t, const IndexInfo& ix) {
  Table out;
  out.title = "Index \"" + t.schema + "." + ix.name + "\"";
  out.columns = {{"Column"}, {"Type"}, {"Key?"}, {"Definition"}};
  out.default_footer = false;
  for (size_t k = 0; k < ix.columns.size(); ++k) {
    int c = ix.columns[k];
    if (c >= 0 && static_cast<size_t>(c) < t.columns.size()) {
      const ColumnInfo& col = t.columns[c];
      out.rows.push_back({col.name, type_display_name(col.type), "yes", quote_ident(col.name)});
    } else {
      std::string expr = k < ix.expr_texts.size() ? ix.expr_texts[k] : "";
      // The expression's type is known only to the binder; leave it blank rather than guess.
      out.rows.push_back({expression_column_name(expr), "", "yes", expr});
    }
  }
  std::string footer;
  if (ix.primary)
    footer = "primary key, ";
  else if (ix.unique)
    footer = ix.nulls_not_distinct ? "unique nulls not distinct, " : "unique, ";
  footer += "btree, for table \"" + t.schema + "." + t.name + "\"";
  if (!ix.predicate_text.empty()) footer += ", predicate (" + ix.predicate_text + ")";
  if (ix.deferrable) footer += ", deferrable";
  if (ix.initially_deferred) footer += ", initially deferred";
  out.footers.push_back(footer);
  append_table(m, std::move(out));
}

void describe_sequence(MetaOutput& m, const Catalog& cat, const SequenceInfo& s) {
  Table out;
  out.title = "Sequence \"" + s.schema + "." + s.name + "\"";
  out.columns = {{"Type"},
                 {"Start", Align::kRight},
                 {"Minimum", Align::kRight},
                 {"Maximum", Align::kRight},
                 {"Increment", Align::kRight},
                 {"Cycles?"},
                 {"Cache", Align::kRight}};
  out.default_footer = false;
  out.rows.push_back({type_display_name(s.type), std::to_string(s.start), std::to_string(s.min_value),
                      std::to_string(s.max_value), std::to_string(s.increment), s.cycle ? "yes" : "no",
                      std::to_string(s.cache)});
  if (s.owner_table != 0) {
    auto t = cat.table_by_oid(s.owner_table);
    if (t && s.owner_column >= 0 && static_cast<size_t>(s.owner_column) < t->columns.size()) {
      const ColumnInfo& col = t->columns[s.owner_column];
      std::string target = t->schema + "." + t->name + "." + col.name;
      out.footers.push_back(col.identity ? "Sequence for identity column: " + target : "Owned by: " + target);
    }
  }
  append_table(m, std::move(out));
}

struct Relation {
  std::string schema, name;
  const char* type;   // "table", "index", "sequence"
  std::shared_ptr<TableInfo> table;    // the table, or the index's table
  std::shared_ptr<IndexInfo> index;
  std::shared_ptr<SequenceInfo> sequence;
};

std::vector<Relation> matching_relations(const Catalog& cat, std::string_view kinds, std::string_view pattern) {
  std::vector<Relation> rels;
  auto want = [&](char k) { return kinds.find(k) != std::string_view::npos; };
  auto keep = [&](const std::string& schema, const std::string& name) {
    return pattern.empty() || matches_pattern(pattern, schema, name);
  };
  for (const auto& [name, t] : cat.tables()) {
    if (want('t') && keep(t->schema, t->name)) rels.push_back({t->schema, t->name, "table", t, nullptr, nullptr});
    if (want('i'))
      for (const auto& ix : t->indexes)
        if (keep(t->schema, ix->name)) rels.push_back({t->schema, ix->name, "index", t, ix, nullptr});
  }
  if (want('s'))
    for (const auto& [name, s] : cat.sequences())
      if (keep(s->schema, s->name)) rels.push_back({s->schema, s->name, "sequence", nullptr, nullptr, s});
  std::sort(rels.begin(), rels.end(), [](const Relation& a, const Relation& b) {
    return a.schema != b.schema ? a.schema < b.schema : a.name < b.name;
  });
  return rels;
}

std::string not_found(std::string_view pattern) {
  if (pattern.empty()) return "Did not find any relations.\n";
  return "Did not find any relation named \"" + std::string(pattern) + "\".\n";
}

}  // namespace

bool matches_pattern(std::string_view pattern, const std::string& schema, const std::string& name) {
  std::vector<Glob> parts = parse_pattern(pattern);
  if (parts.size() == 1) return glob_match(parts[0], 0, name, 0);
  if (parts.size() == 2) return glob_match(parts[0], 0, schema, 0) && glob_match(parts[1], 0, name, 0);
  return false;   // database.schema.name is not supported
}

MetaOutput list_relations(Engine& engine, std::string_view kinds, std::string_view pattern) {
  MetaOutput m;
  std::lock_guard<std::mutex> lock(engine.latch());
  std::vector<Relation> rels = matching_relations(engine.catalog(), kinds, pattern);
  if (rels.empty()) {
    m.err = not_found(pattern);
    return m;
  }
  bool indexes_only = kinds == "i";
  Table out;
  out.title = "List of relations";
  out.columns = {{"Schema"}, {"Name"}, {"Type"}, {"Owner"}};
  if (indexes_only) out.columns.push_back({"Table"});
  for (const auto& r : rels) {
    std::vector<std::string> row = {r.schema, r.name, r.type, "postgres"};
    if (indexes_only) row.push_back(r.table ? r.table->name : "");
    out.rows.push_back(std::move(row));
  }
  append_table(m, std::move(out));
  return m;
}

MetaOutput describe_relations(Engine& engine, std::string_view pattern) {
  MetaOutput m;
  std::lock_guard<std::mutex> lock(engine.latch());
  const Catalog& cat = engine.catalog();
  std::vector<Relation> rels = matching_relations(cat, "tis", pattern);
  if (rels.empty()) {
    m.err = not_found(pattern);
    return m;
  }
  for (const auto& r : rels) {
    if (r.index)
      describe_index(m, *r.table, *r.index);
    else if (r.table)
      describe_table(m, cat, *r.table);
    else if (r.sequence)
      describe_sequence(m, cat, *r.sequence);
  }
  return m;
}

}  // namespace upsertdb::cli
