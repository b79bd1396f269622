// Column references inside stored expression texts (defaults, CHECKs, index
// expressions and predicates). The catalog keeps those as SQL text, so DROP
// COLUMN finds what mentions a column, and RENAME COLUMN rewrites the mention,
// by scanning the text's tokens: an identifier token naming the column, not
// followed by '(' (a function) and not preceded by '::' (a type).
#include <cctype>

#include "engine/ddl_internal.h"
#include "sql/text_scan.h"

namespace upsertdb::ddl {

namespace {

using sql_internal::Token;
using sql_internal::TokenKind;

// The identifier a token spells (unquoted words fold to lower case).
std::string identifier(std::string_view text, const Token& tok) {
  std::string_view raw = text.substr(tok.begin, tok.end - tok.begin);
  std::string out;
  if (tok.kind == TokenKind::kWord) {
    for (char c : raw) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  // "quoted" with "" escaping a quote
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    out += raw[i];
    if (raw[i] == '"') ++i;
  }
  return out;
}

// Byte ranges of the tokens in `text` that reference column `name`.
std::vector<Token> column_mentions(std::string_view text, const std::string& name) {
  std::vector<Token> hits;
  Token prev;
  for (Token tok = sql_internal::next_token(text, 0); tok.kind != TokenKind::kEnd;) {
    Token next = sql_internal::next_token(text, tok.end);
    bool ident = tok.kind == TokenKind::kWord || tok.kind == TokenKind::kQuotedIdent;
    bool is_call = next.kind == TokenKind::kPunct && text.substr(next.begin, 1) == "(";
    bool is_type = prev.kind == TokenKind::kPunct && text.substr(prev.begin, prev.end - prev.begin) == "::";
    if (ident && !is_call && !is_type && identifier(text, tok) == name) hits.push_back(tok);
    prev = tok;
    tok = next;
  }
  return hits;
}

}  // namespace

bool text_mentions_column(const std::string& text, const std::string& column) {
  return !column_mentions(text, column).empty();
}

std::string rename_column_in_text(const std::string& text, const std::string& from, const std::string& to) {
  std::string out;
  size_t at = 0;
  for (const Token& tok : column_mentions(text, from)) {
    out.append(text, at, tok.begin - at);
    out += quote_ident(to);
    at = tok.end;
  }
  out.append(text, at, std::string::npos);
  return out;
}

}  // namespace upsertdb::ddl
