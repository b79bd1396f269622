#include "engine/current_catalog.h"

#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "functions/fn_util.h"
#include "types/hooks.h"

namespace upsertdb {

namespace {

thread_local Catalog* t_catalog = nullptr;

// Splits `schema.name` honouring double quotes; unquoted parts fold to lower case.
std::vector<std::string> split_name(std::string_view s) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          parts.back() += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        parts.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.emplace_back();
    } else {
      parts.back() += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
  }
  return parts;
}

std::optional<uint32_t> lookup(std::string_view text) {
  Catalog* c = t_catalog;
  if (!c) return std::nullopt;
  auto parts = split_name(text);
  if (parts.size() > 2) return std::nullopt;
  std::string schema = parts.size() == 2 ? parts[0] : "";
  const std::string& name = parts.back();
  if (!schema.empty() && schema != "public") return std::nullopt;
  if (auto t = c->table(schema, name)) return t->oid;
  if (auto s = c->sequence(schema, name)) return s->oid;
  auto [t, idx] = c->index(schema, name);
  if (idx) return idx->oid;
  return std::nullopt;
}

std::optional<std::string> name_of(uint32_t oid) {
  Catalog* c = t_catalog;
  if (!c) return std::nullopt;
  std::string n;
  if (auto t = c->table_by_oid(oid)) {
    n = t->name;
  } else if (auto s = c->sequence_by_oid(oid)) {
    n = s->name;
  } else {
    for (const auto& [name, table] : c->tables())
      for (const auto& idx : table->indexes)
        if (idx->oid == oid) n = idx->name;
    if (n.empty()) return std::nullopt;
  }
  return fn::quote_identifier(n);
}

}  // namespace

Catalog* current_catalog() { return t_catalog; }

CurrentCatalogScope::CurrentCatalogScope(Catalog* c) : saved_(t_catalog) { t_catalog = c; }
CurrentCatalogScope::~CurrentCatalogScope() { t_catalog = saved_; }

void install_catalog_hooks() {
  RegclassHooks h;
  h.lookup = &lookup;
  h.name_of = &name_of;
  set_regclass_hooks(h);
}

}  // namespace upsertdb
