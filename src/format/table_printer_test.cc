// Expected texts below were captured from psql 15 (`psql -X`, default aligned
// format) for the same queries, so the printer is held to psql's output byte
// for byte.
#include "format/table_printer.h"

#include <gtest/gtest.h>

namespace upsertdb::format {
namespace {

TableColumn L(std::string h) { return {std::move(h), Align::kLeft}; }
TableColumn R(std::string h) { return {std::move(h), Align::kRight}; }

TEST(TablePrinter, SingleNumberColumn) {
  // select 1
  Table t;
  t.columns = {R("?column?")};
  t.rows = {{"1"}};
  EXPECT_EQ(render_aligned(t),
            " ?column? \n"
            "----------\n"
            "        1\n"
            "(1 row)\n"
            "\n");
}

TEST(TablePrinter, MixedAlignmentAndMultilineCells) {
  // select * from t  (k bigint, v text, n numeric(10,2), c varchar(10), s serial)
  Table t;
  t.columns = {R("k"), L("v"), R("n"), L("c"), R("s")};
  t.rows = {{"1", "hello", "1.50", "x", "1"}, {"22", "multi\nline", "2.00", "yy", "2"}};
  EXPECT_EQ(render_aligned(t),
            " k  |   v   |  n   | c  | s \n"
            "----+-------+------+----+---\n"
            "  1 | hello | 1.50 | x  | 1\n"
            " 22 | multi+| 2.00 | yy | 2\n"
            "    | line  |      |    | \n"
            "(2 rows)\n"
            "\n");
}

TEST(TablePrinter, LastColumnLeftAlignedIsNotPadded) {
  // select k, v, c from t
  Table t;
  t.columns = {R("k"), L("v"), L("c")};
  t.rows = {{"1", "hello", "x"}, {"22", "multi\nline", "yy"}};
  EXPECT_EQ(render_aligned(t),
            " k  |   v   | c  \n"
            "----+-------+----\n"
            "  1 | hello | x\n"
            " 22 | multi+| yy\n"
            "    | line  | \n"
            "(2 rows)\n"
            "\n");
}

TEST(TablePrinter, NoColumns) {
  // select;
  Table t;
  t.rows = {{}};
  EXPECT_EQ(render_aligned(t), "--\n(1 row)\n\n");
}

TEST(TablePrinter, NoRows) {
  // select 'a' as x, null as y, 3.25 as z where false
  Table t;
  t.columns = {L("x"), L("y"), R("z")};
  EXPECT_EQ(render_aligned(t),
            " x | y | z \n"
            "---+---+---\n"
            "(0 rows)\n"
            "\n");
}

TEST(TablePrinter, MultilineInEveryPosition) {
  // select E'a\nbb' as two, 'q' as three, E'x\ny\nz' as last
  Table t;
  t.columns = {L("two"), L("three"), L("last")};
  t.rows = {{"a\nbb", "q", "x\ny\nz"}};
  EXPECT_EQ(render_aligned(t),
            " two | three | last \n"
            "-----+-------+------\n"
            " a  +| q     | x   +\n"
            " bb  |       | y   +\n"
            "     |       | z\n"
            "(1 row)\n"
            "\n");
}

TEST(TablePrinter, MultilineHeaderTabsAndControlCharacters) {
  // select 1 as "a<newline>bcd", 2 as x, E't\tab\rx\x01' as c
  Table t;
  t.columns = {R("a\nbcd"), R("x"), L("c")};
  t.rows = {{"1", "2", "t\tab\rx\x01"}};
  EXPECT_EQ(render_aligned(t),
            "  a +| x |         c         \n"
            " bcd |   |                   \n"
            "-----+---+-------------------\n"
            "   1 | 2 | t       ab\\rx\\x01\n"
            "(1 row)\n"
            "\n");
}

TEST(TablePrinter, MultibyteWidths) {
  // select 'äöü' as u, 'x' as "ÄÄÄÄÄÄÄ"
  Table t;
  t.columns = {L("u"), L("ÄÄÄÄÄÄÄ")};
  t.rows = {{"äöü", "x"}};
  EXPECT_EQ(render_aligned(t),
            "  u  | ÄÄÄÄÄÄÄ \n"
            "-----+---------\n"
            " äöü | x\n"
            "(1 row)\n"
            "\n");
  EXPECT_EQ(display_width("日本"), 4);
}

TEST(TablePrinter, TitleAndExplicitFooters) {
  // \dt
  Table t;
  t.title = "List of relations";
  t.columns = {L("Schema"), L("Name"), L("Type"), L("Owner")};
  t.rows = {{"public", "r", "table", "postgres"}, {"public", "t", "table", "postgres"}};
  EXPECT_EQ(render_aligned(t),
            "        List of relations\n"
            " Schema | Name | Type  |  Owner   \n"
            "--------+------+-------+----------\n"
            " public | r    | table | postgres\n"
            " public | t    | table | postgres\n"
            "(2 rows)\n"
            "\n");

  // \d r2  (footers replace the row count)
  Table d;
  d.title = "Table \"public.r2\"";
  d.columns = {L("Column"), L("Type"), L("Collation"), L("Nullable"), L("Default")};
  d.rows = {{"id", "integer", "", "", ""}, {"id2", "integer", "", "not null", "generated always as identity"}};
  d.footers = {"Foreign-key constraints:", "    \"r_id_fkey\" FOREIGN KEY (id) REFERENCES t(k)"};
  EXPECT_EQ(render_aligned(d),
            "                           Table \"public.r2\"\n"
            " Column |  Type   | Collation | Nullable |           Default            \n"
            "--------+---------+-----------+----------+------------------------------\n"
            " id     | integer |           |          | \n"
            " id2    | integer |           | not null | generated always as identity\n"
            "Foreign-key constraints:\n"
            "    \"r_id_fkey\" FOREIGN KEY (id) REFERENCES t(k)\n"
            "\n");

  // \d e  (a table without columns: no footer at all)
  Table e;
  e.title = "Table \"public.e\"";
  e.columns = {L("Column"), L("Type"), L("Collation"), L("Nullable"), L("Default")};
  e.default_footer = false;
  EXPECT_EQ(render_aligned(e),
            "                Table \"public.e\"\n"
            " Column | Type | Collation | Nullable | Default \n"
            "--------+------+-----------+----------+---------\n"
            "\n");
}

TEST(TablePrinter, AlignmentFollowsPsql) {
  EXPECT_EQ(psql_alignment_for_type_oid(23), Align::kRight);     // int4
  EXPECT_EQ(psql_alignment_for_type_oid(1700), Align::kRight);   // numeric
  EXPECT_EQ(psql_alignment_for_type_oid(701), Align::kRight);    // float8
  EXPECT_EQ(psql_alignment_for_type_oid(25), Align::kLeft);      // text
  EXPECT_EQ(psql_alignment_for_type_oid(16), Align::kLeft);      // bool
  EXPECT_EQ(psql_alignment_for_type_oid(1082), Align::kLeft);    // date
}

}  // namespace
}  // namespace upsertdb::format
