// StatementCache: which texts share a tree, that a hit's constants hold the new
// text's literals exactly as a fresh parse would, which literal forms keep a
// shape out of the cache, and how error positions move to the new text.
#include "sql/statement_cache.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/parser.h"

namespace upsertdb {
namespace {

const ast::Expr& target(const ast::ParsedStatement& ps, size_t i) {
  const auto& sel = static_cast<const ast::SelectStmt&>(*ps.stmt);
  return *sel.targets.at(i).expr;
}

// The constants of a SELECT list, as kind:text, for comparing a cached tree with a fresh parse.
std::string constants(const ast::ParsedStatement& ps) {
  std::string out;
  const auto& sel = static_cast<const ast::SelectStmt&>(*ps.stmt);
  for (const auto& t : sel.targets) {
    const ast::Expr& e = *t.expr;
    const ast::Expr& c = e.kind == ast::ExprKind::kCast ? *e.args[0] : e;
    out += std::to_string(static_cast<int>(c.const_kind)) + ":" + c.text + ":" + std::to_string(c.ival) + " ";
  }
  return out;
}

TEST(StatementCache, SameShapeReusesTheTreeWithTheNewLiterals) {
  StatementCache cache;
  std::vector<ast::ParsedStatement> parsed;
  const ast::ParsedStatement* first = cache.get("SELECT 1, 'a''b', 2.5, 3000000000, 'x'::text", parsed);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(cache.hits(), 0u);
  std::string second_text = "SELECT 42, 'it''s', 0.125, 9000000000, ''::text";
  const ast::ParsedStatement* second = cache.get(second_text, parsed);
  ASSERT_EQ(second, first);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(target(*second, 0).ival, 42);
  EXPECT_EQ(target(*second, 1).text, "it's");
  EXPECT_EQ(target(*second, 2).text, "0.125");
  EXPECT_EQ(target(*second, 3).text, "9000000000");
  // Exactly what parsing the second text gives.
  auto fresh = parse_sql(second_text);
  EXPECT_EQ(constants(*second), constants(fresh[0]));
}

TEST(StatementCache, IntegerAndNumericLiteralsAreDifferentShapes) {
  // 2147483647 is an int4 constant, 2147483648 a numeric one, as PostgreSQL's lexer decides.
  StatementCache cache;
  std::vector<ast::ParsedStatement> parsed;
  const ast::ParsedStatement* a = cache.get("SELECT 2147483647", parsed);
  const ast::ParsedStatement* b = cache.get("SELECT 2147483648", parsed);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a, b);
  EXPECT_EQ(target(*b, 0).const_kind, ast::ConstKind::kFloat);
  EXPECT_EQ(cache.hits(), 0u);
  EXPECT_EQ(cache.get("SELECT 7", parsed), a);
  EXPECT_EQ(target(*a, 0).ival, 7);
}

TEST(StatementCache, LiteralsTheGrammarReshapesAreNotCached) {
  const char* texts[] = {
      "SELECT -5",                    // folded into one negative constant at the sign
      "SELECT 'a'\n'b'",              // adjacent literals are glued
      "SELECT 'x'::varchar(3)",       // 3 is a type modifier, not a constant
      "SELECT E'a\\'b'",              // escape strings are not decoded here
      "SELECT $$dollar$$",
      "SELECT B'101'",
      "SELECT 1, 2; SELECT 3",        // two statements
      "CREATE TABLE t (a int DEFAULT 5)",
      "SET statement_timeout = 5",
  };
  for (const char* text : texts) {
    StatementCache cache;
    std::vector<ast::ParsedStatement> parsed;
    EXPECT_EQ(cache.get(text, parsed), nullptr) << text;
    EXPECT_FALSE(parsed.empty()) << text;
    // Asked again, still parsed afresh (and the answer is the same).
    parsed.clear();
    EXPECT_EQ(cache.get(text, parsed), nullptr) << text;
    EXPECT_FALSE(parsed.empty()) << text;
    EXPECT_EQ(cache.hits(), 0u);
  }
}

TEST(StatementCache, ParseErrorsStillComeFromTheParser) {
  StatementCache cache;
  std::vector<ast::ParsedStatement> parsed;
  EXPECT_THROW(cache.get("SELEC 1", parsed), DbError);
  EXPECT_THROW(cache.get("SELECT 'a\xC3('", parsed), DbError);   // invalid UTF-8, checked first
  ASSERT_NE(cache.get("SELECT 'ok'", parsed), nullptr);
  EXPECT_THROW(cache.get("SELECT '\xC3('", parsed), DbError);    // same shape, still checked
}

TEST(StatementCache, PositionsMoveWithTheLiteralsBeforeThem) {
  StatementCache cache;
  std::vector<ast::ParsedStatement> parsed;
  std::string a = "SELECT 1, 'ab', x FROM t";
  ASSERT_NE(cache.get(a, parsed), nullptr);
  std::string b = "SELECT 12345, 'abcdef', x FROM t";
  ASSERT_NE(cache.get(b, parsed), nullptr);
  auto pos_in = [](const std::string& s, const std::string& what) { return static_cast<int>(s.find(what)) + 1; };
  EXPECT_EQ(cache.map_position(pos_in(a, "x")), pos_in(b, "x"));
  EXPECT_EQ(cache.map_position(pos_in(a, "'ab'")), pos_in(b, "'abcdef'"));
  EXPECT_EQ(cache.map_position(pos_in(a, "1")), pos_in(b, "12345"));
  EXPECT_EQ(cache.map_position(1), 1);
  EXPECT_EQ(cache.map_position(0), 0);
}

}  // namespace
}  // namespace upsertdb
