#include "sql/statement_cache.h"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <limits>

#include "sql/do_select_rewrite.h"
#include "sql/parser.h"
#include "sql/text_scan.h"

namespace upsertdb {
namespace {

using sql_internal::next_token;
using sql_internal::Token;
using sql_internal::TokenKind;

bool is_ident_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

bool qualifies(const ast::Stmt& s) {
  switch (s.kind) {
    case ast::StmtKind::kSelect:
    case ast::StmtKind::kInsert:
    case ast::StmtKind::kUpdate:
    case ast::StmtKind::kDelete:
    case ast::StmtKind::kMerge:
    case ast::StmtKind::kTransaction:
      return true;
    default:
      return false;
  }
}

// The value of an all-digit token when it fits in int4 (PostgreSQL's lexer
// makes such a token an integer constant, any other number a numeric one).
bool int4_value(std::string_view digits, int64_t* out) {
  int64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
    if (v > std::numeric_limits<int32_t>::max()) return false;
  }
  *out = v;
  return true;
}

// The contents of a plain '...' literal: doubled quotes stand for one
// (standard_conforming_strings is always on, so a backslash is just a byte).
std::string string_value(std::string_view token) {
  std::string out;
  out.reserve(token.size() - 2);
  for (size_t i = 1; i + 1 < token.size(); ++i) {
    out.push_back(token[i]);
    if (token[i] == '\'') ++i;
  }
  return out;
}

bool matches(const ast::Expr& c, char kind, std::string_view token) {
  switch (kind) {
    case 'i': {
      int64_t v = 0;
      return c.const_kind == ast::ConstKind::kInteger && int4_value(token, &v) && c.ival == v;
    }
    case 'f':
      return c.const_kind == ast::ConstKind::kFloat && c.text == token;
    default:
      return c.const_kind == ast::ConstKind::kString && c.text == string_value(token);
  }
}

}  // namespace

bool StatementCache::shape_of(std::string_view sql) {
  key_.clear();
  literals_.clear();
  if (std::memchr(sql.data(), '\x01', sql.size())) return false;   // our marker byte
  size_t copied = 0;
  Token prev;
  for (size_t pos = 0;;) {
    Token tok = next_token(sql, pos);
    if (tok.kind == TokenKind::kEnd) break;
    pos = tok.end;
    char kind = 0;
    std::string_view text = sql.substr(tok.begin, tok.end - tok.begin);
    if (tok.kind == TokenKind::kString) {
      // Only plain quotes; prefixed (E'', U&'', B'', X'', N'') and dollar quotes are not decoded here,
      // and adjacent literals are glued by the grammar.
      if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') return false;
      if (prev.kind == TokenKind::kString) return false;
      kind = 's';
    } else if (tok.kind == TokenKind::kNumber) {
      if (text.front() == '.' || (tok.end < sql.size() && (is_ident_char(sql[tok.end]) || sql[tok.end] == '.')))
        return false;
      size_t dots = 0;
      for (char c : text) dots += c == '.';
      if (dots > 1) return false;
      int64_t v = 0;
      kind = int4_value(text, &v) ? 'i' : 'f';
    }
    prev = tok;
    if (!kind) continue;
    key_.append(sql.substr(copied, tok.begin - copied));
    key_.push_back('\x01');
    key_.push_back(kind);
    copied = tok.end;
    literals_.push_back(Literal{tok.begin, tok.end, kind});
  }
  key_.append(sql.substr(copied));
  return true;
}

const ast::ParsedStatement* StatementCache::get(std::string_view sql, std::vector<ast::ParsedStatement>& parsed) {
  current_ = nullptr;
  if (!shape_of(sql)) {
    parsed = parse_sql(sql);
    return nullptr;
  }
  auto it = entries_.find(key_);
  if (it != entries_.end() && !it->second) {   // a shape known not to qualify
    parsed = parse_sql(sql);
    return nullptr;
  }
  if (it != entries_.end() && it->second->slots.size() == literals_.size()) {
    Entry& e = *it->second;
    check_utf8_text(sql);   // what parse_sql would check first
    if (write_literals(sql, e)) {
      ++hits_;
      current_ = &e;
      current_literals_ = literals_;
      return &e.statement;
    }
  }
  std::unique_ptr<Entry> fresh = remember(sql, parsed);
  if (entries_.size() >= kCapacity) entries_.clear();
  if (!fresh) {
    entries_[key_] = nullptr;
    return nullptr;
  }
  current_literals_ = fresh->literals;
  Entry* e = fresh.get();
  entries_[key_] = std::move(fresh);
  current_ = e;
  return &e->statement;
}

std::unique_ptr<StatementCache::Entry> StatementCache::remember(std::string_view sql,
                                                                std::vector<ast::ParsedStatement>& parsed) {
  ast::ConstRegistry registry;
  struct Recording {
    ast::ConstRegistry* saved = ast::const_registry;
    explicit Recording(ast::ConstRegistry* r) { ast::const_registry = r; }
    ~Recording() { ast::const_registry = saved; }
  };
  {
    Recording recording(&registry);
    parsed = parse_sql(sql);
  }
  if (parsed.size() != 1 || !parsed[0].stmt || !qualifies(*parsed[0].stmt)) return nullptr;
  if (sql_internal::rewrite_do_select(sql) != sql) return nullptr;   // the tree's positions are another text's

  auto e = std::make_unique<Entry>();
  e->literals = literals_;
  e->slots.reserve(literals_.size());
  for (const Literal& lit : literals_) {
    Slot slot{lit.kind, {}};
    std::string_view token = sql.substr(lit.begin, lit.end - lit.begin);
    for (ast::Expr* c : registry.live) {
      if (c->location != static_cast<int>(lit.begin)) continue;
      if (!matches(*c, lit.kind, token)) return nullptr;
      slot.consts.push_back(c);
    }
    if (slot.consts.empty()) return nullptr;   // the grammar made something else of this literal
    e->slots.push_back(std::move(slot));
  }
  e->statement = std::move(parsed[0]);
  parsed.clear();
  return e;
}

bool StatementCache::write_literals(std::string_view sql, Entry& e) {
  for (size_t i = 0; i < e.slots.size(); ++i) {
    const Literal& lit = literals_[i];
    if (lit.kind != e.slots[i].kind) return false;
  }
  for (size_t i = 0; i < e.slots.size(); ++i) {
    const Literal& lit = literals_[i];
    std::string_view token = sql.substr(lit.begin, lit.end - lit.begin);
    for (ast::Expr* c : e.slots[i].consts) {
      switch (lit.kind) {
        case 'i':
          int4_value(token, &c->ival);
          c->text = std::to_string(c->ival);
          break;
        case 'f':
          c->text.assign(token.data(), token.size());
          break;
        default:
          c->text = string_value(token);
      }
    }
  }
  return true;
}

int StatementCache::map_position(int position) const {
  if (!current_ || position <= 0) return position;
  size_t offset = static_cast<size_t>(position - 1);
  int64_t delta = 0;
  const std::vector<Literal>& was = current_->literals;
  for (size_t i = 0; i < was.size() && i < current_literals_.size(); ++i) {
    const Literal& a = was[i];
    const Literal& b = current_literals_[i];
    if (a.end <= offset) {
      delta += static_cast<int64_t>(b.end - b.begin) - static_cast<int64_t>(a.end - a.begin);
      continue;
    }
    if (a.begin <= offset) {
      size_t inside = offset - a.begin;
      size_t len = b.end - b.begin;
      return static_cast<int>(b.begin + (inside < len ? inside : len - 1)) + 1;
    }
    break;
  }
  return static_cast<int>(static_cast<int64_t>(offset) + delta) + 1;
}

}  // namespace upsertdb
