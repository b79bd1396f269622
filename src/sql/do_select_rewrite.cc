#include "sql/do_select_rewrite.h"

#include <vector>

#include "sql/ast.h"
#include "sql/text_scan.h"

namespace upsertdb::sql_internal {

namespace {

// Where `word` (lower case) first occurs in `text` at or after `from`,
// ignoring case, or npos. A plain scan: no tokens, no allocation.
size_t find_ignoring_case(std::string_view text, std::string_view word, size_t from) {
  for (size_t i = from; i + word.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < word.size() && (text[i + k] | 0x20) == word[k]) ++k;
    if (k == word.size()) return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::string rewrite_do_select(std::string_view sql) {
  // Most statements have no ON CONFLICT ... SELECT at all: skip tokenizing
  // them (a 1000-row VALUES list is thousands of tokens).
  size_t conflict = find_ignoring_case(sql, "conflict", 0);
  if (conflict == std::string_view::npos || find_ignoring_case(sql, "select", conflict) == std::string_view::npos) {
    return std::string(sql);
  }
  std::vector<Token> tokens;
  for (size_t pos = 0;;) {
    Token t = next_token(sql, pos);
    if (t.kind == TokenKind::kEnd) break;
    tokens.push_back(t);
    pos = t.end;
  }
  auto is = [&](size_t i, std::string_view w) { return i < tokens.size() && token_is_word(sql, tokens[i], w); };
  std::string out;
  size_t copied = 0;
  bool in_on_conflict = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kPunct && sql.substr(t.begin, t.end - t.begin) == ";") in_on_conflict = false;
    if (is(i, "on") && is(i + 1, "conflict")) in_on_conflict = true;
    if (!in_on_conflict || !is(i, "do") || !is(i + 1, "select")) continue;
    size_t last = i + 1;
    auto lock = ast::LockStrength::kNone;
    if (is(i + 2, "for")) {
      if (is(i + 3, "update")) { lock = ast::LockStrength::kForUpdate; last = i + 3; }
      else if (is(i + 3, "share")) { lock = ast::LockStrength::kForShare; last = i + 3; }
      else if (is(i + 3, "no") && is(i + 4, "key") && is(i + 5, "update")) { lock = ast::LockStrength::kForNoKeyUpdate; last = i + 5; }
      else if (is(i + 3, "key") && is(i + 4, "share")) { lock = ast::LockStrength::kForKeyShare; last = i + 4; }
    }
    out.append(sql.substr(copied, t.begin - copied));
    out += "DO UPDATE SET " + std::string(kDoSelectMarker) + " = " + std::to_string(static_cast<int>(lock));
    copied = tokens[last].end;
    i = last;
    in_on_conflict = false;
  }
  if (copied == 0) return std::string(sql);
  out.append(sql.substr(copied));
  return out;
}

}  // namespace upsertdb::sql_internal
