// COPY option validation: messages and SQLSTATEs recorded from PostgreSQL 15.
#include "exec/copy_options.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/parser.h"

namespace upsertdb {
namespace {

CopyOptions resolve(const std::string& sql) {
  auto stmts = parse_sql(sql);
  const auto& c = static_cast<const ast::CopyStmt&>(*stmts.at(0).stmt);
  return resolve_copy_options(c.options, c.is_from);
}

std::string error(const std::string& sql) {
  try {
    resolve(sql);
  } catch (const DbError& e) {
    return e.sqlstate() + " " + e.fields().message;
  }
  return "no error";
}

TEST(CopyOptions, Defaults) {
  CopyOptions t = resolve("copy t from stdin");
  EXPECT_FALSE(t.csv());
  EXPECT_EQ(t.delimiter, '\t');
  EXPECT_EQ(t.null_string, "\\N");
  CopyOptions c = resolve("copy t from stdin with (format csv)");
  EXPECT_TRUE(c.csv());
  EXPECT_EQ(c.delimiter, ',');
  EXPECT_EQ(c.null_string, "");
  EXPECT_EQ(c.quote, '"');
  EXPECT_EQ(c.escape, '"');
}

TEST(CopyOptions, OldAndNewSyntax) {
  CopyOptions o = resolve("copy t from stdin csv header delimiter ';' null 'N' quote '''' escape '\\' force not null b");
  EXPECT_TRUE(o.csv());
  EXPECT_EQ(o.header, CopyHeader::kSkip);
  EXPECT_EQ(o.delimiter, ';');
  EXPECT_EQ(o.null_string, "N");
  EXPECT_EQ(o.quote, '\'');
  EXPECT_EQ(o.escape, '\\');
  EXPECT_EQ(o.force_not_null, std::vector<std::string>{"b"});
  o = resolve("copy t to stdout (format csv, header true, force_quote *)");
  EXPECT_TRUE(o.force_quote_all);
  EXPECT_EQ(resolve("copy t from stdin (header match)").header, CopyHeader::kMatch);
  EXPECT_EQ(resolve("copy t from stdin (header 0)").header, CopyHeader::kNone);
  EXPECT_EQ(resolve("copy t from stdin (header off)").header, CopyHeader::kNone);
}

TEST(CopyOptions, Errors) {
  EXPECT_EQ(error("copy t from stdin with (format xml)"), "22023 COPY format \"xml\" not recognized");
  EXPECT_EQ(error("copy t from stdin with (format csv, format text)"), "42601 conflicting or redundant options");
  EXPECT_EQ(error("copy t from stdin with (delimiter 'ab')"), "0A000 COPY delimiter must be a single one-byte character");
  EXPECT_EQ(error("copy t from stdin with (delimiter E'\\n')"),
            "22023 COPY delimiter cannot be newline or carriage return");
  EXPECT_EQ(error("copy t from stdin with (null E'\\r')"),
            "22023 COPY null representation cannot use newline or carriage return");
  EXPECT_EQ(error("copy t from stdin with (delimiter '\\')"), "22023 COPY delimiter cannot be \"\\\"");
  EXPECT_EQ(error("copy t from stdin with (delimiter 1)"), "22023 COPY delimiter cannot be \"1\"");
  EXPECT_EQ(error("copy t from stdin with (quote '\"')"), "0A000 COPY quote available only in CSV mode");
  EXPECT_EQ(error("copy t from stdin with (format csv, quote 'ab')"),
            "0A000 COPY quote must be a single one-byte character");
  EXPECT_EQ(error("copy t from stdin with (format csv, delimiter ',', quote ',')"),
            "22023 COPY delimiter and quote must be different");
  EXPECT_EQ(error("copy t from stdin with (escape 'x')"), "0A000 COPY escape available only in CSV mode");
  EXPECT_EQ(error("copy t from stdin with (delimiter ',', null 'a,b')"),
            "0A000 COPY delimiter must not appear in the NULL specification");
  EXPECT_EQ(error("copy t from stdin with (format csv, null 'a\"b')"),
            "0A000 CSV quote character must not appear in the NULL specification");
  EXPECT_EQ(error("copy t from stdin with (foo 1)"), "42601 option \"foo\" not recognized");
  EXPECT_EQ(error("copy t from stdin with (header 'maybe')"), "42601 header requires a Boolean value or \"match\"");
  EXPECT_EQ(error("copy t to stdout with (header match)"), "0A000 cannot use \"match\" with HEADER in COPY TO");
  EXPECT_EQ(error("copy t from stdin with (format binary, header)"), "0A000 cannot specify HEADER in BINARY mode");
  EXPECT_EQ(error("copy t from stdin with (format binary, delimiter ',')"),
            "42601 cannot specify DELIMITER in BINARY mode");
  EXPECT_EQ(error("copy t from stdin with (force_quote *)"), "0A000 COPY force quote available only in CSV mode");
  EXPECT_EQ(error("copy t from stdin with (format csv, force_quote (a))"),
            "0A000 COPY force quote only available using COPY TO");
  EXPECT_EQ(error("copy t to stdout with (format csv, force_not_null (a))"),
            "0A000 COPY force not null only available using COPY FROM");
  EXPECT_EQ(error("copy t from stdin with (force_null (b))"), "0A000 COPY force null available only in CSV mode");
  EXPECT_EQ(error("copy t from stdin with (format csv, force_not_null *)"),
            "22023 argument to option \"force_not_null\" must be a list of column names");
  EXPECT_EQ(error("copy t from stdin with (format)"), "42601 format requires a parameter");
  EXPECT_EQ(error("copy t to stdout binary"), "0A000 COPY BINARY is not supported");
}

}  // namespace
}  // namespace upsertdb
