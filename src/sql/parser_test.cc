// parse_sql: statement splitting, syntax errors and their positions, and the
// 0A000 paths for statements and constructs the AST does not represent.
#include "sql/parser.h"

#include <gtest/gtest.h>

#include "sql/parser_test_util.h"

namespace upsertdb {
namespace {

using testing::parse_as;
using testing::parse_error;

TEST(ParserSplit, SplitsStatementsAndKeepsOffsets) {
  std::string sql = "select 1;; /* c */  select 2 ;\n insert into t values (1)";
  auto stmts = parse_sql(sql);
  ASSERT_EQ(stmts.size(), 3u);
  EXPECT_EQ(stmts[0].text, "select 1");
  EXPECT_EQ(stmts[0].offset, 0);
  EXPECT_EQ(stmts[1].text, "select 2");
  EXPECT_EQ(stmts[1].offset, static_cast<int>(sql.find("select 2")));
  EXPECT_EQ(stmts[2].text, "insert into t values (1)");
  EXPECT_EQ(stmts[2].offset, static_cast<int>(sql.find("insert")));
  for (const auto& s : stmts) {
    EXPECT_EQ(sql.substr(s.offset, s.text.size()), s.text);
    EXPECT_EQ(s.stmt->location, s.offset);
    EXPECT_EQ(s.stmt->length, static_cast<int>(s.text.size()));
  }
  EXPECT_EQ(stmts[2].stmt->kind, ast::StmtKind::kInsert);
}

TEST(ParserSplit, EmptyInputGivesNoStatements) {
  EXPECT_TRUE(parse_sql("").empty());
  EXPECT_TRUE(parse_sql(" ; ;; -- nothing\n").empty());
}

TEST(ParserSplit, NodeLocationsAreRelativeToWholeText) {
  std::string sql = "select 1; select abc";
  auto stmts = parse_sql(sql);
  ASSERT_EQ(stmts.size(), 2u);
  auto* s = static_cast<ast::SelectStmt*>(stmts[1].stmt.get());
  EXPECT_EQ(s->targets[0].expr->location, static_cast<int>(sql.find("abc")));
}

TEST(ParserErrors, SyntaxErrorWithPosition) {
  ErrorFields e = parse_error("selec 1");
  EXPECT_EQ(e.sqlstate, "42601");
  EXPECT_EQ(e.message, "syntax error at or near \"selec\"");
  EXPECT_EQ(e.position, 1);

  e = parse_error("select 1,, 2");
  EXPECT_EQ(e.message, "syntax error at or near \",\"");
  EXPECT_EQ(e.position, 10);
}

TEST(ParserErrors, PositionCountsFromStartOfWholeText) {
  ErrorFields e = parse_error("select 1; select 2 frm t");
  EXPECT_EQ(e.sqlstate, "42601");
  EXPECT_EQ(e.message, "syntax error at or near \"t\"");
  EXPECT_EQ(e.position, 24);
}

TEST(ParserErrors, EndOfInputAndUnterminatedLiteral) {
  ErrorFields e = parse_error("select 1 from");
  EXPECT_EQ(e.message, "syntax error at end of input");
  EXPECT_EQ(e.position, 14);
  e = parse_error("select 'abc");
  EXPECT_EQ(e.message, "unterminated quoted string at or near \"'abc\"");
  EXPECT_EQ(e.position, 8);
}

TEST(ParserErrors, InvalidUtf8IsRejectedBeforeParsing) {
  ErrorFields e = parse_error("select '\xc3('");
  EXPECT_EQ(e.sqlstate, "22021");
  EXPECT_EQ(e.message, "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
  e = parse_error(std::string("select 1\0", 9));
  EXPECT_EQ(e.message, "invalid byte sequence for encoding \"UTF8\": 0x00");
  e = parse_error("select '\xed\xa0\x80'");   // a UTF-16 surrogate
  EXPECT_EQ(e.message, "invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80");
  EXPECT_EQ(parse_sql("select '\xf0\x9f\x98\x80'").size(), 1u);   // U+1F600 is fine
}

TEST(ParserErrors, PositionsAreInCharactersNotBytes) {
  // "é" is two bytes; PostgreSQL positions count characters.
  ErrorFields e = parse_error("select 'é' 1");
  EXPECT_EQ(e.position, 12);
  e = parse_error("select 'é', xmlelement(name x)");
  EXPECT_EQ(e.sqlstate, "0A000");
  EXPECT_EQ(e.position, 13);
}

TEST(ParserUnsupported, StatementsOutsideTheAst) {
  struct Case { const char* sql; const char* message; };
  const Case cases[] = {
      {"create function f() returns int as 'select 1' language sql", "CREATE FUNCTION is not supported"},
      {"create procedure p() language sql as 'select 1'", "CREATE PROCEDURE is not supported"},
      {"grant select on t to x", "GRANT is not supported"},
      {"revoke select on t from x", "REVOKE is not supported"},
      {"comment on table t is 'x'", "COMMENT is not supported"},
      {"listen x", "LISTEN is not supported"},
      {"create view v as select 1", "CREATE VIEW is not supported"},
      {"alter role r set search_path = x", "ALTER ROLE is not supported"},   // role DDL itself: translate_role.cc
      {"create user u in role r", "role membership (IN ROLE, ROLE, ADMIN) is not supported"},
      {"vacuum t", "VACUUM is not supported"},
      {"analyze t", "ANALYZE is not supported"},
      {"create materialized view m as select 1", "CREATE MATERIALIZED VIEW is not supported"},
      {"do $$ begin end $$", "DO is not supported"},
      {"create extension x", "CREATE EXTENSION is not supported"},
      {"lock table t", "LOCK TABLE is not supported"},
      {"drop function f()", "DROP FUNCTION is not supported"},
      {"drop materialized view m", "DROP MATERIALIZED VIEW is not supported"},
      {"prepare p as select 1", "PREPARE is not supported"},
  };
  for (const Case& c : cases) {
    ErrorFields e = parse_error(c.sql);
    EXPECT_EQ(e.sqlstate, "0A000") << c.sql;
    EXPECT_EQ(e.message, c.message) << c.sql;
  }
}

TEST(ParserUnsupported, ConstructsOutsideTheAst) {
  struct Case { const char* sql; const char* message; };
  const Case cases[] = {
      {"select a from t group by grouping sets ((a), ())", "GROUPING SETS is not supported"},
      {"select a from t group by rollup (a)", "ROLLUP is not supported"},
      {"select a from t group by cube (a)", "CUBE is not supported"},
      {"select 1 from t tablesample system (10)", "TABLESAMPLE is not supported"},
      {"select xmlelement(name x)", "XML functions are not supported"},
      {"select a[1:2] from t", "array slices are not supported"},
      {"select 1 from t order by a using <", "ORDER BY ... USING is not supported"},
      {"select 1 order by 1 fetch first 2 rows with ties", "FETCH FIRST ... WITH TIES is not supported"},
      {"select * from rows from (f(), g())", "ROWS FROM is not supported"},
      {"select * from f() as x(a int)", "column definition lists are not supported"},
      {"select percentile_cont(0.5) within group (order by a) from t", "WITHIN GROUP is not supported"},
      {"select * from t join u using (a) as j", "JOIN USING alias is not supported"},
      {"select a operator(myschema.+) b", "schema-qualified operator myschema.+ is not supported"},
      {"with recursive r as (select 1) search depth first by x set y select 1", "SEARCH clause is not supported"},
      {"select grouping(a) from t group by a", "GROUPING is not supported"},
      {"create table t (a int, exclude using gist (a with =))", "EXCLUDE constraints are not supported"},
      {"create table t (like u)", "CREATE TABLE ... LIKE is not supported"},
      {"create table t (a int) partition by range (a)", "PARTITION BY is not supported"},
      {"create table t (a int) inherits (u)", "INHERITS is not supported"},
      {"create table t (a int references u on delete set null (a))",
       "ON DELETE SET NULL/SET DEFAULT with a column list is not supported"},
      {"set transaction snapshot 'x'", "SET TRANSACTION SNAPSHOT is not supported"},
      {"create schema authorization joe", "CREATE SCHEMA ... AUTHORIZATION is not supported"},
      {"update t set a = 1 where current of c", "WHERE CURRENT OF is not supported"},
      {"select * from db.s.t", "cross-database references are not implemented: \"db.s.t\""},
  };
  for (const Case& c : cases) {
    ErrorFields e = parse_error(c.sql);
    EXPECT_EQ(e.sqlstate, "0A000") << c.sql;
    EXPECT_EQ(e.message, c.message) << c.sql;
  }
}

TEST(ParserUnsupported, ErrorCarriesPositionOfConstruct) {
  std::string sql = "select a from t group by b, rollup (a)";
  ErrorFields e = parse_error(sql);
  EXPECT_EQ(e.position, static_cast<int>(sql.find("rollup")) + 1);
}

TEST(ParserErrors, DeepNestingIsAnErrorNotACrash) {
  // PostgreSQL (2MB max_stack_depth) takes a 3000-term sum but not 5000.
  auto sum = [](int terms) {
    std::string sql = "select 1";
    for (int i = 1; i < terms; ++i) sql += "+1";
    return sql;
  };
  EXPECT_EQ(parse_sql(sum(3000)).size(), 1u);
  ErrorFields e = parse_error(sum(5000));
  EXPECT_EQ(e.sqlstate, "54001");
  EXPECT_EQ(e.message, "stack depth limit exceeded");
}

TEST(ParserErrors, SelectIntoInsideSubqueryIsRejected) {
  ErrorFields e = parse_error("select * from (select 1 into t) s");
  EXPECT_EQ(e.sqlstate, "42601");
}

}  // namespace
}  // namespace upsertdb
