#include <gtest/gtest.h>

#include "exec/aggregates.h"
#include "exec/exec_test_util.h"
#include "exec/window_op.h"

namespace upsertdb {
namespace {

using namespace exec_test;

// (g text, x int4): partition a holds a tie on x = 2 and a NULL x.
std::shared_ptr<ValuesOp> input() {
  return values({
      {Value::text("a"), Value::int4(2)},
      {Value::text("b"), Value::int4(7)},
      {Value::text("a"), Value::int4(1)},
      {Value::text("a"), Value::null(TypeId::kInt4)},
      {Value::text("a"), Value::int4(2)},
  });
}

WindowSpec by_g_order_x(bool rows_mode = false, bool to_end = false) {
  WindowSpec w;
  w.partition_by.push_back(col(0, TypeId::kText));
  SortKey k;
  k.expr = col(1, TypeId::kInt4);
  w.order_by.push_back(k);   // ascending, NULLS LAST
  w.rows_mode = rows_mode;
  w.to_end = to_end;
  return w;
}

WindowFunc ranking(WindowFunc::Kind kind) {
  WindowFunc f;
  f.kind = kind;
  f.result = Type(kind == WindowFunc::Kind::kPercentRank || kind == WindowFunc::Kind::kCumeDist ? TypeId::kFloat8
                                                                                                : TypeId::kInt8);
  return f;
}

WindowFunc sum_of_x() {
  WindowFunc f;
  f.kind = WindowFunc::Kind::kAggregate;
  f.agg.name = "sum";
  f.agg.args.push_back(col(1, TypeId::kInt4));
  f.agg.result = resolve_aggregate("sum", {Type(TypeId::kInt4)}, false).result;
  f.result = f.agg.result;
  return f;
}

std::vector<std::string> run_window(std::vector<WindowSpec> windows, std::vector<WindowFunc> funcs) {
  TestContext tc;
  auto op = std::make_shared<WindowOp>();
  op->child = input();
  op->base = 2;
  op->windows = std::move(windows);
  op->funcs = std::move(funcs);
  return run(*op, tc.ctx);
}

TEST(WindowOp, RankingFunctionsWithPeersAndNullsLast) {
  EXPECT_EQ(run_window({by_g_order_x()}, {ranking(WindowFunc::Kind::kRowNumber), ranking(WindowFunc::Kind::kRank),
                                          ranking(WindowFunc::Kind::kDenseRank)}),
            (std::vector<std::string>{"a|1|1|1|1", "a|2|2|2|2", "a|2|3|2|2", "a|NULL|4|4|3", "b|7|1|1|1"}));
}

TEST(WindowOp, PercentRankAndCumeDist) {
  EXPECT_EQ(run_window({by_g_order_x()}, {ranking(WindowFunc::Kind::kPercentRank),
                                          ranking(WindowFunc::Kind::kCumeDist)}),
            (std::vector<std::string>{"a|1|0|0.25", "a|2|0.3333333333333333|0.75", "a|2|0.3333333333333333|0.75",
                                      "a|NULL|1|1", "b|7|0|1"}));
}

TEST(WindowOp, RangeFrameIncludesPeersRowsFrameDoesNot) {
  EXPECT_EQ(run_window({by_g_order_x()}, {sum_of_x()}),
            (std::vector<std::string>{"a|1|1", "a|2|5", "a|2|5", "a|NULL|5", "b|7|7"}));
  EXPECT_EQ(run_window({by_g_order_x(/*rows_mode=*/true)}, {sum_of_x()}),
            (std::vector<std::string>{"a|1|1", "a|2|3", "a|2|5", "a|NULL|5", "b|7|7"}));
  EXPECT_EQ(run_window({by_g_order_x(false, /*to_end=*/true)}, {sum_of_x()}),
            (std::vector<std::string>{"a|1|5", "a|2|5", "a|2|5", "a|NULL|5", "b|7|7"}));
}

TEST(WindowOp, NoOrderByMakesTheWholePartitionOneFrame) {
  WindowSpec w;
  w.partition_by.push_back(col(0, TypeId::kText));
  WindowFunc f = sum_of_x();
  f.window = 0;
  auto out = run_window({w}, {f, ranking(WindowFunc::Kind::kRank)});
  ASSERT_EQ(out.size(), 5u);
  for (const auto& r : out) EXPECT_TRUE(r.rfind("a|", 0) == 0 ? r.substr(r.size() - 4) == "|5|1" : r == "b|7|7|1") << r;
}

TEST(WindowOp, LagLeadStayInThePartitionNtileSplitsIt) {
  WindowFunc lag;
  lag.kind = WindowFunc::Kind::kLag;
  lag.args = {col(1, TypeId::kInt4), lit(Value::int4(1)), lit(Value::int4(-1))};
  lag.result = Type(TypeId::kInt4);
  WindowFunc lead = lag;
  lead.kind = WindowFunc::Kind::kLead;
  lead.args.resize(1);
  WindowFunc ntile;
  ntile.kind = WindowFunc::Kind::kNtile;
  ntile.args = {lit(Value::int4(3))};
  ntile.result = Type(TypeId::kInt4);
  EXPECT_EQ(run_window({by_g_order_x()}, {lag, lead, ntile}),
            (std::vector<std::string>{"a|1|-1|2|1", "a|2|1|2|1", "a|2|2|NULL|2", "a|NULL|2|NULL|3", "b|7|-1|NULL|1"}));
}

TEST(WindowOp, RowsFrameWithOffsetsRecomputesEachFrame) {
  WindowSpec w = by_g_order_x(/*rows_mode=*/true);
  w.general = true;
  w.start = WindowSpec::Bound::kPreceding;
  w.end = WindowSpec::Bound::kFollowing;
  w.start_offset = lit(Value::int8(1));
  w.end_offset = lit(Value::int8(0));
  EXPECT_EQ(run_window({w}, {sum_of_x()}),
            (std::vector<std::string>{"a|1|1", "a|2|3", "a|2|4", "a|NULL|2", "b|7|7"}));
  w.start_offset = lit(Value::int8(-1));
  EXPECT_THROW(run_window({w}, {sum_of_x()}), DbError);
}

}  // namespace
}  // namespace upsertdb
