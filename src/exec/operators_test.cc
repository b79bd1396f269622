#include "exec/operator.h"

#include <gtest/gtest.h>

#include "exec/exec_test_util.h"

namespace upsertdb {
namespace {

using namespace exec_test;

const Type kInt(TypeId::kInt4);
const Type kText(TypeId::kText);

std::shared_ptr<TableInfo> people() {
  return make_table("people", {{"id", kInt}, {"name", kText}},
                    {{Value::int4(1), Value::text("ann")},
                     {Value::int4(2), Value::text("bob")},
                     {Value::int4(3), Value::null(TypeId::kText)}});
}

TEST(SeqScan, SeesOnlyVisibleVersionsAndFilters) {
  TestContext tc;
  auto t = people();
  // A row committed after the snapshot, and one deleted before it.
  std::string enc;
  encode_row({Value::int4(4), Value::text("late")}, t->physical_types(), enc);
  t->store->append(Version::make(enc, 20, 0));
  enc.clear();
  encode_row({Value::int4(5), Value::text("gone")}, t->physical_types(), enc);
  Version* gone = Version::make(enc, 1, 0);
  gone->end = 5;
  t->store->append(gone);

  auto s = scan(t);
  EXPECT_EQ(run(*s, tc.ctx), strs({"1|ann", "2|bob", "3|NULL"}));
  s->filter = binop(">", col(0, TypeId::kInt4), lit(Value::int4(1)));
  s->emit_rowid = true;
  EXPECT_EQ(run(*s, tc.ctx), strs({"2|bob|1", "3|NULL|2"}));
  tc.ctx.snapshot.read_ts = 25;   // now the late row is visible
  EXPECT_EQ(run(*s, tc.ctx), strs({"2|bob|1", "3|NULL|2", "4|late|3"}));
}

TEST(SeqScan, OlderVersionWhenNewerIsInvisible) {
  TestContext tc;
  auto t = people();
  std::string enc;
  encode_row({Value::int4(1), Value::text("ANN")}, t->physical_types(), enc);
  Version* newer = Version::make(enc, 30, 0);
  Version* old = t->store->head(0);
  old->end = 30;
  newer->older = old;
  t->store->set_head(0, newer);
  auto s = scan(t);
  EXPECT_EQ(run(*s, tc.ctx)[0], "1|ann");
  tc.ctx.snapshot.read_ts = 30;
  EXPECT_EQ(run(*s, tc.ctx)[0], "1|ANN");
}

std::shared_ptr<IndexInfo> index_on(TableInfo& t, int column) {
  auto ix = std::make_shared<IndexInfo>();
  ix->name = t.name + "_idx";
  ix->columns = {column};
  ix->descending = {false};
  Row r;
  for (RowId id = 0; id < t.store->slot_count(); ++id) {
    decode_row(t.store->head(id)->row(), t.physical_types(), r);
    std::string key;
    encode_key(r[static_cast<size_t>(column)], key);
    ix->data->insert(key, id);
  }
  t.indexes.push_back(ix);
  return ix;
}

TEST(IndexScan, EqualityAndRange) {
  TestContext tc;
  std::vector<Row> rows;
  for (int i = 0; i < 20; ++i) rows.push_back({Value::int4(i % 5), Value::text("r" + std::to_string(i))});
  rows.push_back({Value::null(TypeId::kInt4), Value::text("null")});
  auto t = make_table("t", {{"k", kInt}, {"v", kText}}, rows);
  auto ix = index_on(*t, 0);

  auto op = std::make_shared<IndexScanOp>();
  op->table = t;
  op->index = ix;
  // k = 3, given as bigint: integer keys encode alike.
  op->eq_values = {lit(Value::int8(3))};
  op->filter = binop("=", col(0, TypeId::kInt4), lit(Value::int8(3)));
  EXPECT_EQ(run(*op, tc.ctx), strs({"3|r3", "3|r8", "3|r13", "3|r18"}));

  op->eq_values = {null_of(TypeId::kInt4)};
  op->filter = nullptr;
  EXPECT_TRUE(run(*op, tc.ctx).empty());

  // 1 < k <= 3: exclusive lower bound is rechecked by the filter.
  op->eq_values.clear();
  op->range_lower = lit(Value::int4(1));
  op->lower_inclusive = false;
  op->range_upper = lit(Value::int4(3));
  op->filter = boolean(true, {binop(">", col(0, TypeId::kInt4), lit(Value::int4(1))),
                              binop("<=", col(0, TypeId::kInt4), lit(Value::int4(3)))});
  auto got = run(*op, tc.ctx);
  EXPECT_EQ(got.size(), 8u);
  // The key range alone is exact too when the bounds' types match the column.
  op->filter = nullptr;
  EXPECT_EQ(run(*op, tc.ctx), got);
  op->upper_inclusive = false;
  EXPECT_EQ(run(*op, tc.ctx).size(), 4u);
  op->upper_inclusive = true;
  EXPECT_EQ(got.front(), "2|r2");
  EXPECT_EQ(got.back(), "3|r18");

  // Only an upper bound: NULL keys sort last and are never reached.
  op->range_lower = nullptr;
  op->range_upper = lit(Value::int4(0));
  op->filter = binop("<=", col(0, TypeId::kInt4), lit(Value::int4(0)));
  op->emit_rowid = true;
  EXPECT_EQ(run(*op, tc.ctx), strs({"0|r0|0", "0|r5|5", "0|r10|10", "0|r15|15"}));
}

TEST(IndexScan, DeduplicatesRowsAndSkipsInvisibleVersions) {
  TestContext tc;
  auto t = people();
  auto ix = index_on(*t, 0);
  // Row 1 was updated from id 2 to id 9 after the snapshot: both keys are indexed.
  std::string enc;
  encode_row({Value::int4(9), Value::text("bob2")}, t->physical_types(), enc);
  Version* newer = Version::make(enc, 50, 0);
  newer->older = t->store->head(1);
  t->store->head(1)->end = 50;
  t->store->set_head(1, newer);
  std::string key;
  encode_key(Value::int4(9), key);
  ix->data->insert(key, 1);

  auto op = std::make_shared<IndexScanOp>();
  op->table = t;
  op->index = ix;
  op->range_lower = lit(Value::int4(2));
  op->filter = binop(">=", col(0, TypeId::kInt4), lit(Value::int4(2)));
  EXPECT_EQ(run(*op, tc.ctx), strs({"2|bob", "3|NULL"}));
  tc.ctx.snapshot.read_ts = 60;
  EXPECT_EQ(run(*op, tc.ctx), strs({"3|NULL", "9|bob2"}));
}

std::shared_ptr<NestedLoopJoinOp> join(NestedLoopJoinOp::Type type, OpPtr l, OpPtr r, BExpr cond) {
  auto j = std::make_shared<NestedLoopJoinOp>();
  j->join_type = type;
  j->left = l;
  j->right = r;
  j->condition = cond;
  j->left_width = l->columns.size();
  j->right_width = r->columns.size();
  return j;
}

TEST(NestedLoopJoin, InnerLeftRightFull) {
  TestContext tc;
  auto l = values({{Value::int4(1)}, {Value::int4(2)}, {Value::null(TypeId::kInt4)}});
  auto r = values({{Value::int4(2), Value::text("b")}, {Value::int4(3), Value::text("c")}, {Value::int4(2), Value::text("bb")}});
  auto cond = binop("=", col(0, TypeId::kInt4), col(1, TypeId::kInt4));
  using JT = NestedLoopJoinOp::Type;
  EXPECT_EQ(run(*join(JT::kInner, l, r, cond), tc.ctx), strs({"2|2|b", "2|2|bb"}));
  EXPECT_EQ(run(*join(JT::kLeft, l, r, cond), tc.ctx), strs({"1|NULL|NULL", "2|2|b", "2|2|bb", "NULL|NULL|NULL"}));
  EXPECT_EQ(run(*join(JT::kRight, l, r, cond), tc.ctx), strs({"2|2|b", "2|2|bb", "NULL|3|c"}));
  EXPECT_EQ(run(*join(JT::kFull, l, r, cond), tc.ctx),
            strs({"1|NULL|NULL", "2|2|b", "2|2|bb", "NULL|NULL|NULL", "NULL|3|c"}));
  EXPECT_EQ(run(*join(JT::kCross, l, r, nullptr), tc.ctx).size(), 9u);
}

TEST(NestedLoopJoin, HashKeysGiveTheSameAnswer) {
  TestContext tc;
  auto l = values({{Value::int4(1)}, {Value::int4(2)}, {Value::null(TypeId::kInt4)}});
  auto r = values({{Value::int4(2), Value::text("b")}, {Value::null(TypeId::kInt4), Value::text("n")}, {Value::int4(2), Value::text("bb")}});
  auto j = join(NestedLoopJoinOp::Type::kFull, l, r, nullptr);
  j->left_keys = {col(0, TypeId::kInt4)};
  j->right_keys = {col(0, TypeId::kInt4)};
  EXPECT_EQ(run(*j, tc.ctx), strs({"1|NULL|NULL", "2|2|b", "2|2|bb", "NULL|NULL|NULL", "NULL|NULL|n"}));
  // Residual condition on top of the keys.
  j->join_type = NestedLoopJoinOp::Type::kInner;
  j->condition = binop("=", col(2, TypeId::kText), lit(Value::text("bb")));
  EXPECT_EQ(run(*j, tc.ctx), strs({"2|2|bb"}));
}

TEST(NestedLoopJoin, LateralSeesLeftRow) {
  TestContext tc;
  auto l = values({{Value::int4(2)}, {Value::int4(0)}, {Value::int4(3)}});
  // LATERAL generate_series(1, l.x)
  auto gs = std::make_shared<GenerateSeriesOp>();
  gs->args = {lit(Value::int4(1)), col(0, TypeId::kInt4, 1)};
  gs->columns = {ColumnDesc{"g", kInt}};
  auto j = join(NestedLoopJoinOp::Type::kLeft, l, gs, nullptr);
  j->lateral = true;
  EXPECT_EQ(run(*j, tc.ctx), strs({"2|1", "2|2", "0|NULL", "3|1", "3|2", "3|3"}));
  EXPECT_TRUE(tc.ctx.outer.empty());
}

std::shared_ptr<SortOp> sort(OpPtr child, std::vector<SortKey> keys) {
  auto s = std::make_shared<SortOp>();
  s->child = child;
  s->keys = std::move(keys);
  s->columns = child->columns;
  return s;
}

TEST(Sort, NullPlacementDirectionAndStability) {
  TestContext tc;
  auto in = values({{Value::int4(2), Value::text("a")},
                    {Value::null(TypeId::kInt4), Value::text("b")},
                    {Value::int4(1), Value::text("c")},
                    {Value::int4(2), Value::text("d")}});
  BExpr k = col(0, TypeId::kInt4);
  EXPECT_EQ(run(*sort(in, {{k, false, false}}), tc.ctx), strs({"1|c", "2|a", "2|d", "NULL|b"}));
  EXPECT_EQ(run(*sort(in, {{k, true, true}}), tc.ctx), strs({"NULL|b", "2|a", "2|d", "1|c"}));
  EXPECT_EQ(run(*sort(in, {{k, true, false}}), tc.ctx), strs({"2|a", "2|d", "1|c", "NULL|b"}));
  EXPECT_EQ(run(*sort(in, {{k, false, true}, {col(1, TypeId::kText), true, false}}), tc.ctx),
            strs({"NULL|b", "1|c", "2|d", "2|a"}));
}

std::shared_ptr<LimitOp> limit(OpPtr child, BExpr lim, BExpr off) {
  auto l = std::make_shared<LimitOp>();
  l->child = child;
  l->limit = lim;
  l->offset = off;
  return l;
}

TEST(Limit, CountsOffsetsAndErrors) {
  TestContext tc;
  auto in = values({{Value::int4(1)}, {Value::int4(2)}, {Value::int4(3)}, {Value::int4(4)}});
  EXPECT_EQ(run(*limit(in, lit(Value::int8(2)), nullptr), tc.ctx), strs({"1", "2"}));
  EXPECT_EQ(run(*limit(in, lit(Value::int8(2)), lit(Value::int8(3))), tc.ctx), strs({"4"}));
  EXPECT_EQ(run(*limit(in, null_of(TypeId::kInt8), lit(Value::int8(1))), tc.ctx), strs({"2", "3", "4"}));
  EXPECT_TRUE(run(*limit(in, lit(Value::int8(0)), nullptr), tc.ctx).empty());
  EXPECT_EQ(error_of([&] { run(*limit(in, lit(Value::int8(-1)), nullptr), tc.ctx); }), "2201W LIMIT must not be negative");
  EXPECT_EQ(error_of([&] { run(*limit(in, nullptr, lit(Value::int8(-1))), tc.ctx); }),
            "2201X OFFSET must not be negative");
  EXPECT_EQ(error_of([&] { run(*limit(in, lit(Value::int8(-1)), lit(Value::int8(-1))), tc.ctx); }),
            "2201X OFFSET must not be negative");
}

std::vector<std::string> setop(SetOpOp::Kind k, bool all) {
  TestContext tc;
  auto l = values({{Value::int4(1)}, {Value::int4(1)}, {Value::null(TypeId::kInt4)}, {Value::int4(2)}, {Value::null(TypeId::kInt4)}});
  auto r = values({{Value::int4(1)}, {Value::null(TypeId::kInt4)}, {Value::int4(3)}});
  auto op = std::make_shared<SetOpOp>();
  op->kind = k;
  op->all = all;
  op->left = l;
  op->right = r;
  return run(*op, tc.ctx);
}

TEST(SetOp, UnionIntersectExceptWithAndWithoutAll) {
  using K = SetOpOp::Kind;
  EXPECT_EQ(setop(K::kUnion, false), strs({"1", "NULL", "2", "3"}));
  EXPECT_EQ(setop(K::kUnion, true), strs({"1", "1", "NULL", "2", "NULL", "1", "NULL", "3"}));
  EXPECT_EQ(setop(K::kIntersect, false), strs({"1", "NULL"}));
  EXPECT_EQ(setop(K::kIntersect, true), strs({"1", "NULL"}));
  EXPECT_EQ(setop(K::kExcept, false), strs({"2"}));
  EXPECT_EQ(setop(K::kExcept, true), strs({"1", "NULL", "2"}));
}

std::vector<std::string> series(std::vector<Value> args, Type t, bool ordinality = false) {
  TestContext tc;
  auto gs = std::make_shared<GenerateSeriesOp>();
  for (auto& a : args) gs->args.push_back(lit(a));
  gs->columns = {ColumnDesc{"generate_series", t}};
  gs->with_ordinality = ordinality;
  return run(*gs, tc.ctx);
}

TEST(GenerateSeries, IntegersNumericsTimestamps) {
  EXPECT_EQ(series({Value::int4(1), Value::int4(3)}, kInt), strs({"1", "2", "3"}));
  EXPECT_EQ(series({Value::int4(5), Value::int4(1), Value::int4(-2)}, kInt, true), strs({"5|1", "3|2", "1|3"}));
  EXPECT_TRUE(series({Value::int4(3), Value::int4(1)}, kInt).empty());
  EXPECT_TRUE(series({Value::int4(1), Value::null(TypeId::kInt4)}, kInt).empty());
  EXPECT_EQ(series({Value::int4(2147483646), Value::int4(2147483647)}, kInt), strs({"2147483646", "2147483647"}));
  EXPECT_EQ(series({Value::numeric("1.5"), Value::numeric("2.6"), Value::numeric("0.5")}, Type(TypeId::kNumeric)),
            strs({"1.5", "2.0", "2.5"}));
  Value start = value_from_text("2024-01-30", Type(TypeId::kTimestamp));
  Value stop = value_from_text("2024-03-01", Type(TypeId::kTimestamp));
  Value step = value_from_text("1 month", Type(TypeId::kInterval));
  EXPECT_EQ(series({start, stop, step}, Type(TypeId::kTimestamp)),
            strs({"2024-01-30 00:00:00", "2024-02-29 00:00:00"}));
  EXPECT_EQ(series({stop, start, value_from_text("-15 days", Type(TypeId::kInterval))}, Type(TypeId::kTimestamp)),
            strs({"2024-03-01 00:00:00", "2024-02-15 00:00:00", "2024-01-31 00:00:00"}));
  EXPECT_EQ(error_of([] { series({Value::numeric("1"), Value::numeric("Infinity")}, Type(TypeId::kNumeric)); }),
            "22023 stop value cannot be infinity");
  EXPECT_EQ(error_of([] { series({Value::int4(1), Value::int4(3), Value::int4(0)}, kInt); }),
            "22023 step size cannot equal zero");
  EXPECT_EQ(error_of([] { series({Value::numeric("NaN"), Value::numeric("3")}, Type(TypeId::kNumeric)); }),
            "22023 start value cannot be NaN");
}

TEST(Distinct, AllColumnsOrKeyColumns) {
  TestContext tc;
  auto in = values({{Value::int4(1), Value::text("a")},
                    {Value::int4(1), Value::text("b")},
                    {Value::null(TypeId::kInt4), Value::text("c")},
                    {Value::int4(1), Value::text("a")},
                    {Value::null(TypeId::kInt4), Value::text("d")}});
  auto d = std::make_shared<DistinctOp>();
  d->child = in;
  EXPECT_EQ(run(*d, tc.ctx), strs({"1|a", "1|b", "NULL|c", "NULL|d"}));
  d->key_cols = {0};
  EXPECT_EQ(run(*d, tc.ctx), strs({"1|a", "NULL|c"}));
}

// Counts how often it is opened (to show CTEs run once per execution).
class CountingOp : public Operator {
 public:
  int opens = 0;
  size_t pos = 0;
  void open(ExecContext&) override {
    ++opens;
    pos = 0;
  }
  bool next(ExecContext&, Row& out) override {
    if (pos >= 2) return false;
    out = {Value::int4(static_cast<int32_t>(++pos))};
    return true;
  }
};

TEST(BufferScan, ProducerRunsOncePerExecution) {
  auto producer = std::make_shared<CountingOp>();
  auto a = std::make_shared<BufferScanOp>();
  a->cte_id = 1;
  a->producer = producer;
  auto b = std::make_shared<BufferScanOp>();
  b->cte_id = 1;
  b->producer = producer;
  TestContext tc;
  EXPECT_EQ(run(*a, tc.ctx), strs({"1", "2"}));
  EXPECT_EQ(run(*b, tc.ctx), strs({"1", "2"}));
  EXPECT_EQ(producer->opens, 1);
  TestContext again;
  auto runner = std::make_shared<CteRunnerOp>();
  runner->ctes = {{1, producer}};
  runner->body = b;
  EXPECT_EQ(producer->opens, 1);
  EXPECT_EQ(run(*runner, again.ctx), strs({"1", "2"}));
  EXPECT_EQ(producer->opens, 2);
}

TEST(FilterProject, Basics) {
  TestContext tc;
  auto t = people();
  auto f = std::make_shared<FilterOp>();
  f->child = scan(t);
  f->predicate = binop("<>", col(1, TypeId::kText), lit(Value::text("bob")));   // NULL name is dropped
  auto p = std::make_shared<ProjectOp>();
  p->child = f;
  p->exprs = {binop("||", col(1, TypeId::kText), lit(Value::text("!"))), binop("*", col(0, TypeId::kInt4), lit(Value::int4(2)))};
  EXPECT_EQ(run(*p, tc.ctx), strs({"ann!|2"}));
}

TEST(RowHelpers, NullsCompareEqualAndSortLast) {
  Row a{Value::int4(1), Value::null(TypeId::kText)};
  Row b{Value::int8(1), Value::null(TypeId::kText)};
  Row c{Value::int4(1), Value::text("x")};
  EXPECT_TRUE(rows_equal_prefix(a, b, 2));
  EXPECT_EQ(hash_row_prefix(a, 2), hash_row_prefix(b, 2));
  EXPECT_FALSE(rows_equal_prefix(a, c, 2));
  EXPECT_GT(compare_rows_on(a, c, 2), 0);
  EXPECT_LT(compare_rows_on(c, a, 2), 0);
  EXPECT_EQ(compare_rows_on(a, c, 1), 0);
}

}  // namespace
}  // namespace upsertdb
