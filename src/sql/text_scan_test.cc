// text_scan: the small tokenizer behind expression texts and integer recovery.
#include "sql/text_scan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace upsertdb::sql_internal {
namespace {

std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  for (Token t = next_token(s, 0); t.kind != TokenKind::kEnd; t = next_token(s, t.end)) {
    out.emplace_back(s.substr(t.begin, t.end - t.begin));
  }
  return out;
}

TEST(TextScan, TokenizesQuotesCommentsAndOperators) {
  EXPECT_EQ(tokens("a+b -- c\n /* x /* y */ z */ 'it''s' \"q\"\"x\" E'\\'' $t$ ) $t$ $1 1.5e3 ::"),
            (std::vector<std::string>{"a", "+", "b", "'it''s'", "\"q\"\"x\"", "E'\\''", "$t$ ) $t$", "$1", "1.5e3",
                                      "::"}));
  EXPECT_EQ(tokens("a<>-b"), (std::vector<std::string>{"a", "<>-", "b"}));
  EXPECT_EQ(tokens("x--y"), (std::vector<std::string>{"x"}));
}

TEST(TextScan, SignedIntegers) {
  EXPECT_EQ(signed_integer_at("-5", 0), -5);
  EXPECT_EQ(signed_integer_at("x = - /* */ 12", 4), -12);
  EXPECT_EQ(signed_integer_at("- - 3", 0), 3);
  EXPECT_EQ(signed_integer_at("-9223372036854775808", 0), INT64_MIN);
  EXPECT_FALSE(signed_integer_at("-9223372036854775809", 0));
  EXPECT_FALSE(signed_integer_at("-a", 0));
  EXPECT_FALSE(signed_integer_at("-1.5", 0));
}

TEST(TextScan, ParenthesizedText) {
  EXPECT_EQ(parenthesized_text_after("constraint \"a(\" check ( (a) > ')' )", 0), "(a) > ')'");
  EXPECT_EQ(parenthesized_text_after("no parens", 0), "");
}

TEST(TextScan, ColumnDefaultText) {
  EXPECT_EQ(column_default_text("default 1 not null", 0), "1");
  EXPECT_EQ(column_default_text("DEFAULT now() PRIMARY KEY", 0), "now()");
  EXPECT_EQ(column_default_text("default null not null", 0), "null");
  EXPECT_EQ(column_default_text("default -1)", 0), "-1");
  EXPECT_EQ(column_default_text("default 'a' || 'b', b int", 0), "'a' || 'b'");
}

TEST(TextScan, AlterDefaultText) {
  std::string s = "alter table t alter a set default 1 + 2, alter b set default f(3, 4);";
  EXPECT_EQ(alter_default_text(s, s.find("1 +")), "1 + 2");
  EXPECT_EQ(alter_default_text(s, s.find("3, 4")), "f(3, 4)");
}

}  // namespace
}  // namespace upsertdb::sql_internal
