// Planner choices: which access path the binder picks for a WHERE clause.
#include <gtest/gtest.h>

#include "engine/current_catalog.h"
#include "engine/engine.h"
#include "engine/session.h"
#include "plan/binder.h"
#include "sql/parser.h"

namespace upsertdb {
namespace {

class BinderPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    session = std::make_unique<Session>(engine);
    session->execute(
        "CREATE TABLE t (id int PRIMARY KEY, a int, b text, c int);"
        "CREATE INDEX t_a_b ON t (a, b);"
        "CREATE UNIQUE INDEX t_c_live ON t (c) WHERE c > 0;"
        "INSERT INTO t VALUES (1, 1, 'x', 1), (2, 1, 'y', 2), (3, 2, 'x', 3)");
  }

  // The scan under the plan's projection/filter chain.
  const Operator* scan_of(const std::string& sql) {
    auto parsed = parse_sql(sql);
    CurrentCatalogScope scope(&engine.catalog());
    Binder binder(engine.catalog(), nullptr);
    bound = binder.bind(*parsed.at(0).stmt);
    const Operator* op = bound.root.get();
    while (op) {
      if (auto p = dynamic_cast<const ProjectOp*>(op)) op = p->child.get();
      else if (auto f = dynamic_cast<const FilterOp*>(op)) op = f->child.get();
      else if (auto s = dynamic_cast<const SortOp*>(op)) op = s->child.get();
      else if (auto l = dynamic_cast<const LimitOp*>(op)) op = l->child.get();
      else break;
    }
    return op;
  }

  Engine engine{""};
  std::unique_ptr<Session> session;
  BoundStatement bound;
};

TEST_F(BinderPlanTest, PrimaryKeyEqualityUsesThePrimaryKeyIndex) {
  auto* scan = dynamic_cast<const IndexScanOp*>(scan_of("SELECT b FROM t WHERE id = 2"));
  ASSERT_NE(scan, nullptr);
  EXPECT_EQ(scan->index->name, "t_pkey");
  EXPECT_EQ(scan->eq_values.size(), 1u);
}

TEST_F(BinderPlanTest, ParameterEqualityUsesTheIndex) {
  auto* scan = dynamic_cast<const IndexScanOp*>(scan_of("SELECT b FROM t WHERE $1 = id"));
  ASSERT_NE(scan, nullptr);
  EXPECT_EQ(scan->index->name, "t_pkey");
}

TEST_F(BinderPlanTest, LongestEqualityPrefixWins) {
  auto* scan = dynamic_cast<const IndexScanOp*>(scan_of("SELECT id FROM t WHERE b = 'x' AND a = 1"));
  ASSERT_NE(scan, nullptr);
  EXPECT_EQ(scan->index->name, "t_a_b");
  EXPECT_EQ(scan->eq_values.size(), 2u);
}

TEST_F(BinderPlanTest, PrefixOfACompositeIndexIsUsed) {
  auto* scan = dynamic_cast<const IndexScanOp*>(scan_of("SELECT id FROM t WHERE a = 1"));
  ASSERT_NE(scan, nullptr);
  EXPECT_EQ(scan->index->name, "t_a_b");
  EXPECT_EQ(scan->eq_values.size(), 1u);
}

TEST_F(BinderPlanTest, NonLeadingColumnFallsBackToASequentialScan) {
  EXPECT_NE(dynamic_cast<const SeqScanOp*>(scan_of("SELECT id FROM t WHERE b = 'x'")), nullptr);
}

TEST_F(BinderPlanTest, PartialIndexIsNotUsedForPlainEquality) {
  EXPECT_NE(dynamic_cast<const SeqScanOp*>(scan_of("SELECT id FROM t WHERE c = 2")), nullptr);
}

TEST_F(BinderPlanTest, ColumnToColumnComparisonIsNotAnIndexKey) {
  EXPECT_NE(dynamic_cast<const SeqScanOp*>(scan_of("SELECT id FROM t WHERE id = a")), nullptr);
}

TEST_F(BinderPlanTest, IndexScanStillRechecksEveryPredicate) {
  auto result = session->execute("SELECT id FROM t WHERE a = 1 AND id > 1");
  ASSERT_EQ(result.size(), 1u);
  ASSERT_EQ(result[0].rows.size(), 1u);
  EXPECT_EQ(result[0].rows[0][0].as_int(), 2);
}

}  // namespace
}  // namespace upsertdb
