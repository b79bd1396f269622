// Text scan: a tiny SQL tokenizer over the original statement text, used by the
// translator where libpg_query's JSON tree lacks information:
//  - source text of CHECK / DEFAULT / GENERATED expressions (Constraint.expr_text),
//  - negative integer constants, which libpg_query 15-4.0's JSON output prints as
//    `"ival":{}` (the value is lost), so we read them back from the text.
// It knows just enough lexical structure (quotes, dollar quotes, comments,
// parentheses) never to be fooled by punctuation inside literals or identifiers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace upsertdb::sql_internal {

enum class TokenKind { kEnd, kWord, kQuotedIdent, kString, kNumber, kParam, kOperator, kPunct };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t begin = 0;
  size_t end = 0;     // one past the last byte
};

// The token starting at or after `pos` (whitespace and comments skipped).
Token next_token(std::string_view text, size_t pos);

// True when `tok` is the (unquoted) word `word`, compared case-insensitively.
bool token_is_word(std::string_view text, const Token& tok, std::string_view word);

// Reads an integer written at `pos` as any number of '-' / '+' signs (with
// whitespace or comments between) followed by digits. nullopt when the text there
// is not such a literal or does not fit in int64.
std::optional<int64_t> signed_integer_at(std::string_view text, size_t pos);

// Starting at `pos`, finds the first '(' token and returns the text strictly
// inside it and its matching ')', trimmed of surrounding whitespace.
std::string_view parenthesized_text_after(std::string_view text, size_t pos);

// The source of a column DEFAULT expression: starting at `pos`, skips to the
// DEFAULT keyword and returns the expression after it, which ends before the next
// column-constraint keyword, a ',' or ')' closing the column, ';' or the end.
std::string_view column_default_text(std::string_view text, size_t pos);

// The expression after `SET DEFAULT` (ALTER TABLE ... ALTER COLUMN) whose text
// covers byte `inside`; ends before ',' or ';' at depth 0 or the end.
std::string_view alter_default_text(std::string_view text, size_t inside);

}  // namespace upsertdb::sql_internal
