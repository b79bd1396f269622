// Expected texts were captured from psql 15 against PostgreSQL 15 for the same
// statements (positions are the ones PostgreSQL reported).
#include "format/error_report.h"

#include <gtest/gtest.h>

namespace upsertdb::format {
namespace {

ErrorFields error(std::string message, int position = 0) {
  ErrorFields f;
  f.sqlstate = "42703";
  f.message = std::move(message);
  f.position = position;
  return f;
}

TEST(ErrorReport, MessageDetailHint) {
  ErrorFields f = error("duplicate key value violates unique constraint \"t_pkey\"");
  f.detail = "Key (k)=(1) already exists.";
  EXPECT_EQ(format_error_report(f, "insert into t values (1, 'a', 1, 'b')"),
            "ERROR:  duplicate key value violates unique constraint \"t_pkey\"\n"
            "DETAIL:  Key (k)=(1) already exists.\n");
  f.hint = "Try ON CONFLICT.";
  EXPECT_EQ(format_error_report(f, ""),
            "ERROR:  duplicate key value violates unique constraint \"t_pkey\"\n"
            "DETAIL:  Key (k)=(1) already exists.\n"
            "HINT:  Try ON CONFLICT.\n");
}

TEST(ErrorReport, ContextForErrorsOnly) {
  ErrorFields f = error("invalid input syntax for type json", 8);
  f.detail = "The input string ended unexpectedly.";
  f.context = "JSON data, line 1: [1, 2";
  EXPECT_EQ(format_error_report(f, "select '[1, 2'::json"),
            "ERROR:  invalid input syntax for type json\n"
            "LINE 1: select '[1, 2'::json\n"
            "               ^\n"
            "DETAIL:  The input string ended unexpectedly.\n"
            "CONTEXT:  JSON data, line 1: [1, 2\n");
  f.severity = "NOTICE";   // psql's default SHOW_CONTEXT errors leaves it out of notices
  f.position = 0;
  f.detail.clear();
  EXPECT_EQ(format_error_report(f, ""), "NOTICE:  invalid input syntax for type json\n");
}

TEST(ErrorReport, PositionOnFirstAndSecondLine) {
  EXPECT_EQ(format_error_report(error("syntax error at or near \"selec\"", 1), "selec 1;"),
            "ERROR:  syntax error at or near \"selec\"\n"
            "LINE 1: selec 1;\n"
            "        ^\n");
  EXPECT_EQ(format_error_report(error("column \"nosuch\" does not exist", 13), "select 1,\n  nosuch;"),
            "ERROR:  column \"nosuch\" does not exist\n"
            "LINE 2:   nosuch;\n"
            "          ^\n");
}

TEST(ErrorReport, PositionAtEndOfInput) {
  EXPECT_EQ(format_error_position("select 1 +", 11),
            "LINE 1: select 1 +\n"
            "                  ^\n");
  EXPECT_EQ(format_error_position("select 1", 20), "");
}

TEST(ErrorReport, LongLinesAreCutAroundTheCursor) {
  const std::string letters = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(format_error_position("select '" + letters + "' || 1 + nosuch", 96),
            "LINE 1: ...hijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz' || 1 + nosuch\n"
            "                                                                 ^\n");
  EXPECT_EQ(format_error_position("select nosuch || '" + letters + "'", 8),
            "LINE 1: select nosuch || 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnop...\n"
            "               ^\n");
  const std::string half = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(format_error_position("select '" + half + "' || nosuch || '" + letters + "'", 66),
            "LINE 1: ...hijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz' || nosuch || ...\n"
            "                                                             ^\n");
}

TEST(ErrorReport, TabsAndMultibyteCharacters) {
  EXPECT_EQ(format_error_position("select '\xC3\xA4\tx' || nosuch", 17),
            "LINE 1: select '\xC3\xA4 x' || nosuch\n"
            "                        ^\n");
}

}  // namespace
}  // namespace upsertdb::format
