#include "format/statement_splitter.h"

#include <gtest/gtest.h>

namespace upsertdb::format {
namespace {

std::vector<std::string> split_lines(const std::vector<std::string>& lines, std::string* pending = nullptr) {
  StatementSplitter s;
  std::vector<std::string> out;
  for (const auto& l : lines) s.add_line(l, out);
  if (pending) *pending = s.take_pending();
  return out;
}

TEST(StatementSplitter, SplitsOnSemicolonsAndKeepsThem) {
  EXPECT_EQ(split_lines({"select 1; select 2;"}), (std::vector<std::string>{"select 1;", "select 2;"}));
}

TEST(StatementSplitter, MultiLineStatementKeepsNewlines) {
  StatementSplitter s;
  std::vector<std::string> out;
  s.add_line("select 1,", out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.prompt_char(), '-');
  s.add_line("  2;", out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], "select 1,\n  2;");
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.prompt_char(), '=');
}

TEST(StatementSplitter, SemicolonsInsideQuotesDoNotSplit) {
  EXPECT_EQ(split_lines({"select 'a;b', \"c;d\", E'\\';x', 'it''s;';"}),
            (std::vector<std::string>{"select 'a;b', \"c;d\", E'\\';x', 'it''s;';"}));
}

TEST(StatementSplitter, DollarQuotesAndParameters) {
  std::string pending;
  auto out = split_lines({"select $$a;b$$, $fn$ x; $$ ; $fn$;", "select $1;"}, &pending);
  EXPECT_EQ(out, (std::vector<std::string>{"select $$a;b$$, $fn$ x; $$ ; $fn$;", "select $1;"}));
  EXPECT_EQ(pending, "");
}

TEST(StatementSplitter, CommentsAndParentheses) {
  StatementSplitter s;
  std::vector<std::string> out;
  s.add_line("-- a leading comment; dropped", out);
  EXPECT_TRUE(s.empty());
  s.add_line("select /* a ; /* nested ; */ still */ (1;", out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.prompt_char(), '(');
  s.add_line(") -- trailing ;", out);
  EXPECT_EQ(s.prompt_char(), '-');
  s.add_line(";", out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], "select /* a ; /* nested ; */ still */ (1;\n) -- trailing ;\n;");
}

TEST(StatementSplitter, PromptCharacterTracksOpenConstructs) {
  StatementSplitter s;
  std::vector<std::string> out;
  s.add_line("select 'abc", out);
  EXPECT_EQ(s.prompt_char(), '\'');
  s.add_line("def', \"x", out);
  EXPECT_EQ(s.prompt_char(), '"');
  s.add_line("\", $$", out);
  EXPECT_EQ(s.prompt_char(), '$');
  s.add_line("$$ /*", out);
  EXPECT_EQ(s.prompt_char(), '*');
  s.add_line("*/", out);
  EXPECT_EQ(s.prompt_char(), '-');
  EXPECT_EQ(s.take_pending(), "select 'abc\ndef', \"x\n\", $$\n$$ /*\n*/\n");
  EXPECT_EQ(s.prompt_char(), '=');
}

TEST(StatementSplitter, UnterminatedTailIsPending) {
  std::string pending;
  auto out = split_lines({"select 1; select", "2"}, &pending);
  EXPECT_EQ(out, (std::vector<std::string>{"select 1;"}));
  EXPECT_EQ(pending, "select\n2\n");
}

}  // namespace
}  // namespace upsertdb::format
