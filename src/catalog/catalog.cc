#include "catalog/catalog.h"

#include <algorithm>

namespace upsertdb {

std::string ColumnInfo::fill_expression_text() const {
  if (!identity || owned_sequence.empty()) return default_text;
  // regclass literal: the name quoted as quote_ident would (only when needed).
  bool plain = !owned_sequence.empty() &&
               ((owned_sequence[0] >= 'a' && owned_sequence[0] <= 'z') || owned_sequence[0] == '_');
  for (char ch : owned_sequence)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) plain = false;
  std::string name = owned_sequence;
  if (!plain) {
    name = "\"";
    for (char ch : owned_sequence) {
      if (ch == '"') name += '"';
      if (ch == '\'') name += '\'';
      name += ch;
    }
    name += "\"";
  }
  return "nextval('" + name + "'::regclass)";
}

namespace {
bool schema_ok(const std::string& schema) { return schema.empty() || schema == "public"; }
}  // namespace

std::shared_ptr<TableInfo> Catalog::table(const std::string& schema, const std::string& name) const {
  if (!schema_ok(schema)) return nullptr;
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

std::shared_ptr<TableInfo> Catalog::table_by_oid(uint32_t oid) const {
  for (const auto& [_, t] : tables_) if (t->oid == oid) return t;
  return nullptr;
}

std::shared_ptr<SequenceInfo> Catalog::sequence(const std::string& schema, const std::string& name) const {
  if (!schema_ok(schema)) return nullptr;
  auto it = sequences_.find(name);
  return it == sequences_.end() ? nullptr : it->second;
}

std::shared_ptr<SequenceInfo> Catalog::sequence_by_oid(uint32_t oid) const {
  for (const auto& [_, s] : sequences_) if (s->oid == oid) return s;
  return nullptr;
}

std::pair<std::shared_ptr<TableInfo>, std::shared_ptr<IndexInfo>> Catalog::index(const std::string& schema,
                                                                                 const std::string& name) const {
  if (!schema_ok(schema)) return {};
  for (const auto& [_, t] : tables_)
    for (const auto& i : t->indexes)
      if (i->name == name) return {t, i};
  return {};
}

std::optional<RelKind> Catalog::relation_kind(const std::string& schema, const std::string& name) const {
  if (!schema_ok(schema)) return std::nullopt;
  auto it = relations_.find(name);
  if (it == relations_.end()) return std::nullopt;
  return it->second;
}

void Catalog::add_table(std::shared_ptr<TableInfo> t) {
  relations_[t->name] = RelKind::kTable;
  tables_[t->name] = std::move(t);
  bump();
}

void Catalog::remove_table(const std::string& name) {
  tables_.erase(name);
  relations_.erase(name);
  bump();
}

void Catalog::replace_table(std::shared_ptr<TableInfo> t) {
  tables_[t->name] = std::move(t);
  bump();
}

std::vector<std::string> Catalog::constraint_names() const {
  std::vector<std::string> names;
  for (const auto& [_, t] : tables_)
    for (const auto& c : t->constraints) names.push_back(c.name);
  return names;
}

void Catalog::rename_table(const std::string& from, const std::string& to) {
  auto t = tables_.at(from);
  tables_.erase(from);
  relations_.erase(from);
  t->name = to;
  tables_[to] = t;
  relations_[to] = RelKind::kTable;
  bump();
}

void Catalog::add_index_name(const std::string& index_name) {
  relations_[index_name] = RelKind::kIndex;
  bump();
}

void Catalog::remove_index_name(const std::string& index_name) {
  relations_.erase(index_name);
  bump();
}

void Catalog::add_sequence(std::shared_ptr<SequenceInfo> s) {
  relations_[s->name] = RelKind::kSequence;
  sequences_[s->name] = std::move(s);
  bump();
}

void Catalog::remove_sequence(const std::string& name) {
  sequences_.erase(name);
  relations_.erase(name);
  bump();
}

void Catalog::rename_sequence(const std::string& from, const std::string& to) {
  auto s = sequences_.at(from);
  sequences_.erase(from);
  relations_.erase(from);
  s->name = to;
  sequences_[to] = s;
  relations_[to] = RelKind::kSequence;
  bump();
}

std::string Catalog::choose_name(const std::string& name1, const std::string& name2, const std::string& label,
                                 bool relation_namespace, const std::vector<std::string>& taken) const {
  constexpr size_t kMaxIdentifier = 63;
  auto make = [&](const std::string& suffix) {
    // PostgreSQL truncates the longer of name1/name2 first until the whole fits.
    std::string a = name1, b = name2;
    size_t overhead = suffix.size() + (b.empty() ? 0 : 1) + 1;   // separators
    while (a.size() + b.size() + overhead > kMaxIdentifier) {
      if (a.size() > b.size()) a.pop_back(); else b.pop_back();
    }
    std::string n = a;
    if (!b.empty()) n += "_" + b;
    n += "_" + suffix;
    return n;
  };
  auto is_taken = [&](const std::string& n) {
    if (relation_namespace && relations_.count(n)) return true;
    return std::find(taken.begin(), taken.end(), n) != taken.end();
  };
  std::string candidate = make(label);
  for (int i = 1; is_taken(candidate); ++i) candidate = make(label + std::to_string(i));
  return candidate;
}

}  // namespace upsertdb
