#include "sql/text_scan.h"

#include <cctype>
#include <limits>

namespace upsertdb::sql_internal {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (static_cast<unsigned char>(c) >= 0x80);
}
bool is_ident_char(char c) {
  return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_op_char(char c) {
  switch (c) {
    case '+': case '-': case '*': case '/': case '<': case '>': case '=': case '~':
    case '!': case '@': case '#': case '%': case '^': case '&': case '|': case '`': case '?':
      return true;
    default:
      return false;
  }
}

// Skips whitespace and comments (-- to end of line, nested /* */).
size_t skip_blank(std::string_view s, size_t pos) {
  while (pos < s.size()) {
    char c = s[pos];
    if (is_space(c)) {
      ++pos;
    } else if (c == '-' && pos + 1 < s.size() && s[pos + 1] == '-') {
      while (pos < s.size() && s[pos] != '\n') ++pos;
    } else if (c == '/' && pos + 1 < s.size() && s[pos + 1] == '*') {
      int depth = 0;
      while (pos < s.size()) {
        if (s[pos] == '/' && pos + 1 < s.size() && s[pos + 1] == '*') {
          ++depth;
          pos += 2;
        } else if (s[pos] == '*' && pos + 1 < s.size() && s[pos + 1] == '/') {
          pos += 2;
          if (--depth == 0) break;
        } else {
          ++pos;
        }
      }
    } else {
      break;
    }
  }
  return pos;
}

// End of a quoted run starting at the opening quote `pos`; the quote doubles
// to escape itself, and with `backslashes` a backslash escapes the next byte.
size_t quoted_end(std::string_view s, size_t pos, char quote, bool backslashes) {
  ++pos;
  while (pos < s.size()) {
    char c = s[pos];
    if (backslashes && c == '\\') {
      pos += 2;
    } else if (c == quote) {
      if (pos + 1 < s.size() && s[pos + 1] == quote) {
        pos += 2;
      } else {
        return pos + 1;
      }
    } else {
      ++pos;
    }
  }
  return s.size();
}

// Dollar-quoted string $tag$...$tag$ at `pos`, or npos when `pos` does not
// start a dollar quote.
size_t dollar_quote_end(std::string_view s, size_t pos) {
  size_t p = pos + 1;
  if (p < s.size() && is_ident_start(s[p])) {
    while (p < s.size() && is_ident_char(s[p]) && s[p] != '$') ++p;
  }
  if (p >= s.size() || s[p] != '$') return std::string_view::npos;
  std::string_view tag = s.substr(pos, p + 1 - pos);
  size_t close = s.find(tag, p + 1);
  return close == std::string_view::npos ? s.size() : close + tag.size();
}

bool starts_string_prefix(std::string_view s, size_t pos, size_t* quote_at, bool* backslashes) {
  char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[pos])));
  if ((c == 'e' || c == 'b' || c == 'x' || c == 'n') && pos + 1 < s.size() && s[pos + 1] == '\'') {
    *quote_at = pos + 1;
    *backslashes = (c == 'e');
    return true;
  }
  if (c == 'u' && pos + 2 < s.size() && s[pos + 1] == '&' && (s[pos + 2] == '\'' || s[pos + 2] == '"')) {
    *quote_at = pos + 2;
    *backslashes = false;
    return true;
  }
  return false;
}

}  // namespace

Token next_token(std::string_view s, size_t pos) {
  Token tok;
  pos = skip_blank(s, pos);
  tok.begin = pos;
  if (pos >= s.size()) {
    tok.begin = tok.end = s.size();
    return tok;
  }
  char c = s[pos];
  size_t quote_at = 0;
  bool backslashes = false;
  if (c == '\'') {
    tok.kind = TokenKind::kString;
    tok.end = quoted_end(s, pos, '\'', false);
  } else if (c == '"') {
    tok.kind = TokenKind::kQuotedIdent;
    tok.end = quoted_end(s, pos, '"', false);
  } else if (is_ident_start(c) && starts_string_prefix(s, pos, &quote_at, &backslashes)) {
    char q = s[quote_at];
    tok.kind = q == '"' ? TokenKind::kQuotedIdent : TokenKind::kString;
    tok.end = quoted_end(s, quote_at, q, backslashes);
  } else if (is_ident_start(c)) {
    tok.kind = TokenKind::kWord;
    size_t p = pos + 1;
    while (p < s.size() && is_ident_char(s[p])) ++p;
    tok.end = p;
  } else if (c == '$') {
    if (pos + 1 < s.size() && is_digit(s[pos + 1])) {
      tok.kind = TokenKind::kParam;
      size_t p = pos + 1;
      while (p < s.size() && is_digit(s[p])) ++p;
      tok.end = p;
    } else {
      size_t e = dollar_quote_end(s, pos);
      tok.kind = e == std::string_view::npos ? TokenKind::kPunct : TokenKind::kString;
      tok.end = e == std::string_view::npos ? pos + 1 : e;
    }
  } else if (is_digit(c) || (c == '.' && pos + 1 < s.size() && is_digit(s[pos + 1]))) {
    tok.kind = TokenKind::kNumber;
    size_t p = pos;
    while (p < s.size() && (is_digit(s[p]) || s[p] == '.')) {
      if (s[p] == '.' && p + 1 < s.size() && s[p + 1] == '.') break;   // "1..2" is not a number
      ++p;
    }
    if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
      size_t q = p + 1;
      if (q < s.size() && (s[q] == '+' || s[q] == '-')) ++q;
      if (q < s.size() && is_digit(s[q])) {
        p = q;
        while (p < s.size() && is_digit(s[p])) ++p;
      }
    }
    tok.end = p;
  } else if (is_op_char(c)) {
    tok.kind = TokenKind::kOperator;
    size_t p = pos;
    while (p < s.size() && is_op_char(s[p])) {
      if (p > pos && ((s[p] == '-' && s[p - 1] == '-') || (s[p] == '*' && s[p - 1] == '/'))) {
        --p;   // a comment starts inside the operator run
        break;
      }
      ++p;
    }
    tok.end = p > pos ? p : pos + 1;
  } else if (c == ':' && pos + 1 < s.size() && s[pos + 1] == ':') {
    tok.kind = TokenKind::kPunct;
    tok.end = pos + 2;
  } else {
    tok.kind = TokenKind::kPunct;
    tok.end = pos + 1;
  }
  return tok;
}

bool token_is_word(std::string_view s, const Token& tok, std::string_view word) {
  if (tok.kind != TokenKind::kWord || tok.end - tok.begin != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[tok.begin + i])) !=
        std::tolower(static_cast<unsigned char>(word[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<int64_t> signed_integer_at(std::string_view s, size_t pos) {
  bool negative = false;
  Token tok = next_token(s, pos);
  // Sign tokens: the operator lexer may glue "--"-free runs like "-" or "+-".
  while (tok.kind == TokenKind::kOperator) {
    for (size_t i = tok.begin; i < tok.end; ++i) {
      if (s[i] == '-') {
        negative = !negative;
      } else if (s[i] != '+') {
        return std::nullopt;
      }
    }
    tok = next_token(s, tok.end);
  }
  if (tok.kind != TokenKind::kNumber) return std::nullopt;
  // Magnitude in uint64 so that -9223372036854775808 fits.
  uint64_t magnitude = 0;
  for (size_t i = tok.begin; i < tok.end; ++i) {
    if (!is_digit(s[i])) return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(s[i] - '0');
    if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (magnitude > kMaxPositive + 1) return std::nullopt;
    return magnitude == kMaxPositive + 1 ? std::numeric_limits<int64_t>::min()
                                         : -static_cast<int64_t>(magnitude);
  }
  if (magnitude > kMaxPositive) return std::nullopt;
  return static_cast<int64_t>(magnitude);
}

namespace {

std::string_view trimmed(std::string_view s, size_t begin, size_t end) {
  while (begin < end && is_space(s[begin])) ++begin;
  while (end > begin && is_space(s[end - 1])) --end;
  return s.substr(begin, end - begin);
}

bool is_punct(std::string_view s, const Token& tok, char c) {
  return tok.kind == TokenKind::kPunct && tok.end == tok.begin + 1 && s[tok.begin] == c;
}

}  // namespace

std::string_view parenthesized_text_after(std::string_view s, size_t pos) {
  Token tok = next_token(s, pos);
  while (tok.kind != TokenKind::kEnd && !is_punct(s, tok, '(')) tok = next_token(s, tok.end);
  if (tok.kind == TokenKind::kEnd) return {};
  size_t inner_begin = tok.end;
  int depth = 1;
  for (tok = next_token(s, tok.end); tok.kind != TokenKind::kEnd; tok = next_token(s, tok.end)) {
    if (is_punct(s, tok, '(')) {
      ++depth;
    } else if (is_punct(s, tok, ')') && --depth == 0) {
      return trimmed(s, inner_begin, tok.begin);
    }
  }
  return trimmed(s, inner_begin, s.size());
}

std::string_view column_default_text(std::string_view s, size_t pos) {
  Token tok = next_token(s, pos);
  while (tok.kind != TokenKind::kEnd && !token_is_word(s, tok, "default")) tok = next_token(s, tok.end);
  if (tok.kind == TokenKind::kEnd) return {};
  size_t begin = tok.end;
  size_t end = begin;
  int depth = 0;
  // What the previous depth-0 token was, to tell "a IS NOT NULL" (part of the
  // expression) from "... NOT NULL" (the next column constraint).
  bool prev_is_is = false, prev_is_is_not = false, prev_is_operator = false, first = true;
  for (tok = next_token(s, begin); tok.kind != TokenKind::kEnd; tok = next_token(s, tok.end)) {
    if (depth == 0) {
      if (is_punct(s, tok, ',') || is_punct(s, tok, ')') || is_punct(s, tok, ';')) break;
      bool constraint_start = false;
      if (!first) {
        static constexpr std::string_view kStarters[] = {
            "constraint", "check", "default", "unique", "primary", "references",
            "collate", "generated", "deferrable", "initially"};
        for (std::string_view w : kStarters) {
          if (token_is_word(s, tok, w)) constraint_start = true;
        }
        if (token_is_word(s, tok, "not") && !prev_is_is) constraint_start = true;
        if (token_is_word(s, tok, "null") && !prev_is_is && !prev_is_is_not && !prev_is_operator) {
          constraint_start = true;
        }
      }
      if (constraint_start) break;
      prev_is_is_not = prev_is_is && token_is_word(s, tok, "not");
      prev_is_is = token_is_word(s, tok, "is");
      prev_is_operator = tok.kind == TokenKind::kOperator;
      first = false;
    }
    if (is_punct(s, tok, '(') || is_punct(s, tok, '[')) ++depth;
    if ((is_punct(s, tok, ')') || is_punct(s, tok, ']')) && depth > 0) --depth;
    end = tok.end;
  }
  return trimmed(s, begin, end);
}

std::string_view alter_default_text(std::string_view s, size_t inside) {
  Token prev;
  int depth = 0;
  for (Token tok = next_token(s, 0); tok.kind != TokenKind::kEnd; tok = next_token(s, tok.end)) {
    if (is_punct(s, tok, '(')) ++depth;
    if (is_punct(s, tok, ')') && depth > 0) --depth;
    bool starts_default = depth == 0 && token_is_word(s, tok, "default") && token_is_word(s, prev, "set");
    prev = tok;
    if (!starts_default) continue;
    size_t begin = tok.end;
    size_t end = begin;
    int d = 0;
    Token t = next_token(s, begin);
    for (; t.kind != TokenKind::kEnd; t = next_token(s, t.end)) {
      if (d == 0 && (is_punct(s, t, ',') || is_punct(s, t, ';'))) break;
      if (is_punct(s, t, '(')) ++d;
      if (is_punct(s, t, ')') && d > 0) --d;
      end = t.end;
    }
    if (inside >= begin && inside < end) return trimmed(s, begin, end);
  }
  return {};
}

}  // namespace upsertdb::sql_internal
