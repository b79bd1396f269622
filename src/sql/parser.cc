// parse_sql: runs libpg_query, maps its errors to DbError, splits the input into
// statements and hands each statement's tree to the Translator.
#include "sql/parser.h"

#include "sql/do_select_rewrite.h"

#include <pg_query.h>

#include <cctype>
#include <cstring>
#include <cstdio>
#include <string>

#include "sql/text_scan.h"
#include "sql/translate.h"

namespace upsertdb {
namespace {

using sql_internal::Json;

// Owns a PgQueryParseResult.
struct ParseResult {
  PgQueryParseResult r;
  explicit ParseResult(const std::string& sql) : r(pg_query_parse(sql.c_str())) {}
  ~ParseResult() { pg_query_free_parse_result(r); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
};

[[noreturn]] void throw_parse_error(const PgQueryError& e) {
  ErrorFields f;
  f.sqlstate = sqlstate::kSyntaxError;
  f.message = e.message ? e.message : "syntax error";
  f.position = e.cursorpos > 0 ? e.cursorpos : 0;
  // The grammar raises a few errors with other SQLSTATEs; libpg_query does not
  // report the code, so recognise them by their (fixed) wording.
  std::string_view m = f.message;
  auto ends_with = [&](std::string_view tail) {
    return m.size() >= tail.size() && m.substr(m.size() - tail.size()) == tail;
  };
  if (ends_with("is not implemented") || ends_with("not yet implemented") ||
      m.find("not supported") != std::string_view::npos) {
    f.sqlstate = sqlstate::kFeatureNotSupported;
  } else if (m.substr(0, 6) == "frame ") {   // the grammar's checks of window frame bounds
    f.sqlstate = sqlstate::kWindowingError;
  } else if (m == "stack depth limit exceeded") {
    f.sqlstate = "54001";
  } else if (m.rfind("invalid Unicode", 0) == 0 || m.rfind("invalid Unicode escape", 0) == 0) {
    f.sqlstate = "22P06";
  }
  throw DbError(std::move(f));
}

// 1-based character position of byte offset `byte` in UTF-8 text.
int character_position(std::string_view sql, size_t byte) {
  if (byte > sql.size()) byte = sql.size();
  int chars = 0;
  for (size_t i = 0; i < byte; ++i) {
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars + 1;
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not one (the same
// rules as PostgreSQL's pg_utf8_islegal: no overlongs, surrogates or > U+10FFFF).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  unsigned char c1 = byte(i + 1);
  switch (c) {
    case 0xC0: case 0xC1: return 0;
    case 0xE0: if (c1 < 0xA0 || c1 > 0xBF) return 0; break;
    case 0xED: if (c1 < 0x80 || c1 > 0x9F) return 0; break;
    case 0xF0: if (c1 < 0x90 || c1 > 0xBF) return 0; break;
    case 0xF4: if (c1 < 0x80 || c1 > 0x8F) return 0; break;
    default:
      if (c > 0xF4 || c1 < 0x80 || c1 > 0xBF) return 0;
  }
  for (size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}


}  // namespace

// PostgreSQL checks client text before parsing it:
// invalid byte sequence for encoding "UTF8": 0xc3 0x28
void check_utf8_text(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8_sequence_length(s, i);
    if (len == 0 || s[i] == '\0') {
      unsigned char c = static_cast<unsigned char>(s[i]);
      size_t shown = c == 0 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      std::string bytes;
      char buf[8];
      for (size_t k = 0; k < shown && i + k < s.size(); ++k) {
        std::snprintf(buf, sizeof buf, "%s0x%02x", k ? " " : "", static_cast<unsigned char>(s[i + k]));
        bytes += buf;
      }
      throw DbError("22021", "invalid byte sequence for encoding \"UTF8\": " + bytes);
    }
    i += len;
  }
}

std::vector<ast::ParsedStatement> parse_sql(std::string_view sql) {
  // libpg_query wants a NUL-terminated string; a NUL inside is rejected as
  // PostgreSQL rejects it (0x00 is not valid text in any server encoding).
  check_utf8_text(sql);
  // ON CONFLICT DO SELECT is not in PostgreSQL 15's grammar: see do_select_rewrite.h.
  std::string rewritten = sql_internal::rewrite_do_select(sql);
  if (rewritten.size() != sql.size() || rewritten != sql) sql = rewritten;
  std::string text(sql);
  ParseResult result(text);
  if (result.r.error) throw_parse_error(*result.r.error);

  sql_internal::JsonDocument document;
  try {
    // libpg_query's buffer is ours until the result is freed, after the translation.
    document = sql_internal::JsonDocument::parse_in_place(result.r.parse_tree, std::strlen(result.r.parse_tree));
  } catch (const sql_internal::JsonError& e) {
    throw DbError(sqlstate::kInternalError, std::string("unreadable parse tree: ") + e.what());
  }
  const Json& tree = document.root();
  std::vector<ast::ParsedStatement> out;
  const Json& stmts = sql_internal::list_member(tree, "stmts");
  out.reserve(stmts.size());
  sql_internal::Translator translator(sql);
  for (const Json& raw : stmts) {
    const Json* stmt = sql_internal::member(raw, "stmt");
    if (!stmt || stmt->empty()) continue;
    size_t begin = static_cast<size_t>(sql_internal::int_member(raw, "stmt_location"));
    size_t len = static_cast<size_t>(sql_internal::int_member(raw, "stmt_len"));
    if (begin > sql.size()) begin = sql.size();
    size_t end = (len == 0 || begin + len > sql.size()) ? sql.size() : begin + len;
    // Trim leading blanks/comments and trailing whitespace.
    size_t first = sql_internal::next_token(sql.substr(0, end), begin).begin;
    if (first < end) begin = first;
    while (end > begin && std::isspace(static_cast<unsigned char>(sql[end - 1]))) --end;

    ast::ParsedStatement ps;
    try {
      ps.stmt = translator.statement(*stmt);
    } catch (DbError& e) {
      // The translator reports byte offsets + 1; PostgreSQL counts characters.
      int& pos = e.fields().position;
      if (pos > 0) pos = character_position(sql, static_cast<size_t>(pos - 1));
      throw;
    } catch (const sql_internal::JsonError& e) {
      // A tree shape we did not expect: report it rather than crash.
      throw DbError(sqlstate::kInternalError, std::string("unexpected parse tree: ") + e.what());
    }
    ps.stmt->location = static_cast<int>(begin);
    ps.stmt->length = static_cast<int>(end - begin);
    ps.text = std::string(sql.substr(begin, end - begin));
    ps.offset = static_cast<int>(begin);
    out.push_back(std::move(ps));
  }
  return out;
}

}  // namespace upsertdb
