// Catalog: generated names (PostgreSQL's ChooseRelationName rules) and the
// fill expression of identity columns.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

namespace upsertdb {
namespace {

TEST(CatalogTest, ChooseNameAppendsNumbersUntilFree) {
  Catalog c;
  EXPECT_EQ(c.choose_name("t", "a", "key", true), "t_a_key");
  c.add_index_name("t_a_key");
  EXPECT_EQ(c.choose_name("t", "a", "key", true), "t_a_key1");
  EXPECT_EQ(c.choose_name("t", "", "pkey", true), "t_pkey");
  EXPECT_EQ(c.choose_name("t", "a", "check", false, {"t_a_check", "t_a_check1"}), "t_a_check2");
}

TEST(CatalogTest, ChooseNameTruncatesToIdentifierLength) {
  Catalog c;
  std::string table(40, 't'), column(40, 'c');
  std::string name = c.choose_name(table, column, "key", true);
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name.substr(name.size() - 4), "_key");
}

TEST(CatalogTest, IdentityColumnsFillFromTheirSequence) {
  ColumnInfo plain;
  plain.default_text = "42";
  EXPECT_EQ(plain.fill_expression_text(), "42");
  ColumnInfo id;
  id.identity = 'a';
  id.owned_sequence = "t_id_seq";
  EXPECT_EQ(id.fill_expression_text(), "nextval('t_id_seq'::regclass)");
  id.owned_sequence = "T_id_seq";
  EXPECT_EQ(id.fill_expression_text(), "nextval('\"T_id_seq\"'::regclass)");
}

}  // namespace
}  // namespace upsertdb
