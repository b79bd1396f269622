// SELECT translation: VALUES, set operations, WITH, DISTINCT [ON], grouping,
// ordering, limits, locking and every FROM item form.
#include <gtest/gtest.h>

#include "sql/parser_test_util.h"

namespace upsertdb {
namespace {

using ast::FromItem;
using ast::SelectStmt;
using testing::parse_as;

TEST(SelectTranslate, TargetsWithAliases) {
  auto s = parse_as<SelectStmt>("select a, b + 1 as c, d e from t");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->targets.size(), 3u);
  EXPECT_EQ(s->targets[0].name, "");
  EXPECT_EQ(s->targets[1].name, "c");
  EXPECT_EQ(s->targets[2].name, "e");
  EXPECT_EQ(s->targets[1].expr->op, "+");
  EXPECT_EQ(s->set_op, ast::SetOp::kNone);
}

TEST(SelectTranslate, WhereGroupHavingOrder) {
  auto s = parse_as<SelectStmt>(
      "select a, count(*) from t where b > 0 group by a, 2 having count(*) > 1 "
      "order by a desc nulls last, 2, b asc nulls first");
  ASSERT_TRUE(s->where);
  EXPECT_EQ(s->where->op, ">");
  ASSERT_EQ(s->group_by.size(), 2u);
  EXPECT_EQ(s->group_by[1]->ival, 2);
  ASSERT_TRUE(s->having);
  ASSERT_EQ(s->order_by.size(), 3u);
  EXPECT_TRUE(s->order_by[0].descending);
  EXPECT_EQ(s->order_by[0].nulls, 2);
  EXPECT_FALSE(s->order_by[1].descending);
  EXPECT_EQ(s->order_by[1].nulls, 0);
  EXPECT_FALSE(s->order_by[2].descending);
  EXPECT_EQ(s->order_by[2].nulls, 1);
}

TEST(SelectTranslate, Distinct) {
  auto plain = parse_as<SelectStmt>("select distinct a from t");
  EXPECT_TRUE(plain->distinct);
  EXPECT_TRUE(plain->distinct_on.empty());
  auto on = parse_as<SelectStmt>("select distinct on (a, b) a, c from t");
  EXPECT_TRUE(on->distinct);
  EXPECT_EQ(on->distinct_on.size(), 2u);
  EXPECT_FALSE(parse_as<SelectStmt>("select all a from t")->distinct);
}

TEST(SelectTranslate, LimitOffsetFetch) {
  auto s = parse_as<SelectStmt>("select 1 limit 10 offset 5");
  ASSERT_TRUE(s->limit && s->offset);
  EXPECT_EQ(s->limit->ival, 10);
  EXPECT_EQ(s->offset->ival, 5);
  auto all = parse_as<SelectStmt>("select 1 limit all");
  EXPECT_FALSE(all->limit);
  auto fetch = parse_as<SelectStmt>("select 1 offset 2 rows fetch first 3 rows only");
  ASSERT_TRUE(fetch->limit);
  EXPECT_EQ(fetch->limit->ival, 3);
  EXPECT_EQ(fetch->offset->ival, 2);
  auto one = parse_as<SelectStmt>("select 1 fetch next row only");
  ASSERT_TRUE(one->limit);
  EXPECT_EQ(one->limit->ival, 1);
  auto neg = parse_as<SelectStmt>("select 1 limit -1");
  EXPECT_EQ(neg->limit->ival, -1);
  auto param = parse_as<SelectStmt>("select 1 limit $1");
  EXPECT_EQ(param->limit->kind, ast::ExprKind::kParam);
}

TEST(SelectTranslate, Values) {
  auto s = parse_as<SelectStmt>("values (1, 'a'), (2, default)");
  ASSERT_EQ(s->values.size(), 2u);
  ASSERT_EQ(s->values[1].size(), 2u);
  EXPECT_EQ(s->values[1][1]->kind, ast::ExprKind::kDefault);
  EXPECT_TRUE(s->targets.empty());
  auto ordered = parse_as<SelectStmt>("values (2), (1) order by 1 limit 1");
  EXPECT_EQ(ordered->order_by.size(), 1u);
  EXPECT_TRUE(ordered->limit);
}

TEST(SelectTranslate, SetOperationsNest) {
  auto s = parse_as<SelectStmt>("(select 1 union select 2) intersect all select 3 except select 4 order by 1");
  EXPECT_EQ(s->set_op, ast::SetOp::kExcept);
  EXPECT_FALSE(s->set_all);
  EXPECT_EQ(s->order_by.size(), 1u);
  ASSERT_TRUE(s->larg && s->rarg);
  EXPECT_EQ(s->larg->set_op, ast::SetOp::kIntersect);
  EXPECT_TRUE(s->larg->set_all);
  EXPECT_EQ(s->larg->larg->set_op, ast::SetOp::kUnion);
  EXPECT_EQ(s->rarg->targets[0].expr->ival, 4);
  auto u = parse_as<SelectStmt>("select 1 union all values (2)");
  EXPECT_TRUE(u->set_all);
  EXPECT_EQ(u->rarg->values.size(), 1u);
}

TEST(SelectTranslate, WithClauses) {
  auto s = parse_as<SelectStmt>(
      "with recursive r(n) as materialized (select 1 union all select n + 1 from r where n < 3), "
      "d as not materialized (delete from t returning *), q as (select 2) select * from r, q");
  ASSERT_TRUE(s->with);
  EXPECT_TRUE(s->with->recursive);
  ASSERT_EQ(s->with->ctes.size(), 3u);
  EXPECT_EQ(s->with->ctes[0].name, "r");
  EXPECT_EQ(s->with->ctes[0].column_names, (std::vector<std::string>{"n"}));
  EXPECT_EQ(s->with->ctes[0].materialized, 1);
  EXPECT_EQ(s->with->ctes[0].query->kind, ast::StmtKind::kSelect);
  EXPECT_EQ(s->with->ctes[1].materialized, 2);
  EXPECT_EQ(s->with->ctes[1].query->kind, ast::StmtKind::kDelete);
  EXPECT_EQ(s->with->ctes[2].materialized, 0);
  EXPECT_EQ(s->from.size(), 2u);
}

TEST(SelectTranslate, Locking) {
  auto s = parse_as<SelectStmt>("select * from t, u for update of t nowait for share skip locked");
  ASSERT_EQ(s->locking.size(), 2u);
  EXPECT_EQ(s->locking[0].strength, ast::LockStrength::kForUpdate);
  EXPECT_EQ(s->locking[0].wait_policy, 2);
  ASSERT_EQ(s->locking[0].tables.size(), 1u);
  EXPECT_EQ(s->locking[0].tables[0].name, "t");
  EXPECT_EQ(s->locking[1].strength, ast::LockStrength::kForShare);
  EXPECT_EQ(s->locking[1].wait_policy, 1);
  EXPECT_EQ(parse_as<SelectStmt>("select 1 from t for no key update")->locking[0].strength,
            ast::LockStrength::kForNoKeyUpdate);
  auto ks = parse_as<SelectStmt>("select 1 from t for key share");
  EXPECT_EQ(ks->locking[0].strength, ast::LockStrength::kForKeyShare);
  EXPECT_EQ(ks->locking[0].wait_policy, 0);
}

TEST(SelectTranslate, TablesWithSchemasAndAliases) {
  auto s = parse_as<SelectStmt>("select 1 from s.t as x(a, b), u y, only v");
  ASSERT_EQ(s->from.size(), 3u);
  const FromItem& f = *s->from[0];
  EXPECT_EQ(f.kind, FromItem::Kind::kTable);
  EXPECT_EQ(f.table.schema, "s");
  EXPECT_EQ(f.table.name, "t");
  EXPECT_EQ(f.table.alias.name, "x");
  EXPECT_EQ(f.table.alias.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f.location, 14);
  EXPECT_EQ(s->from[1]->table.alias.name, "y");
  EXPECT_EQ(s->from[2]->table.name, "v");
}

TEST(SelectTranslate, Joins) {
  auto s = parse_as<SelectStmt>(
      "select 1 from a join b on a.x = b.x left join c using (y, z) right outer join d on true "
      "full join e on false cross join f natural join g");
  ASSERT_EQ(s->from.size(), 1u);
  const FromItem* j = s->from[0].get();
  // Left-deep: ((((((a ⋈ b) ⟕ c) ⟖ d) ⟗ e) × f) ⋈natural g)
  EXPECT_EQ(j->kind, FromItem::Kind::kJoin);
  EXPECT_TRUE(j->natural);
  EXPECT_EQ(j->join_type, ast::JoinType::kInner);
  j = j->left.get();
  EXPECT_EQ(j->join_type, ast::JoinType::kCross);
  j = j->left.get();
  EXPECT_EQ(j->join_type, ast::JoinType::kFull);
  j = j->left.get();
  EXPECT_EQ(j->join_type, ast::JoinType::kRight);
  j = j->left.get();
  EXPECT_EQ(j->join_type, ast::JoinType::kLeft);
  EXPECT_EQ(j->using_columns, (std::vector<std::string>{"y", "z"}));
  EXPECT_FALSE(j->join_quals);
  j = j->left.get();
  EXPECT_EQ(j->join_type, ast::JoinType::kInner);
  ASSERT_TRUE(j->join_quals);
  EXPECT_EQ(j->left->table.name, "a");
  EXPECT_EQ(j->right->table.name, "b");
}

TEST(SelectTranslate, ParenthesizedJoinWithAlias) {
  auto s = parse_as<SelectStmt>("select 1 from (a join b using (x)) as j(p, q)");
  const FromItem& j = *s->from[0];
  EXPECT_EQ(j.kind, FromItem::Kind::kJoin);
  EXPECT_EQ(j.alias.name, "j");
  EXPECT_EQ(j.alias.columns.size(), 2u);
}

TEST(SelectTranslate, SubqueriesAndLateral) {
  auto s = parse_as<SelectStmt>("select 1 from t, lateral (select t.a) as s(x), (values (1)) v");
  ASSERT_EQ(s->from.size(), 3u);
  const FromItem& sub = *s->from[1];
  EXPECT_EQ(sub.kind, FromItem::Kind::kSubquery);
  EXPECT_TRUE(sub.lateral);
  EXPECT_EQ(sub.alias.name, "s");
  EXPECT_EQ(sub.alias.columns, (std::vector<std::string>{"x"}));
  ASSERT_TRUE(sub.subquery);
  EXPECT_FALSE(s->from[2]->lateral);
  EXPECT_EQ(s->from[2]->subquery->values.size(), 1u);
}

TEST(SelectTranslate, FunctionsInFrom) {
  auto s = parse_as<SelectStmt>("select * from generate_series(1, 3) with ordinality as g(i, o), lateral f(g.i)");
  const FromItem& g = *s->from[0];
  EXPECT_EQ(g.kind, FromItem::Kind::kFunction);
  EXPECT_TRUE(g.with_ordinality);
  ASSERT_TRUE(g.function);
  EXPECT_EQ(g.function->names, (std::vector<std::string>{"generate_series"}));
  EXPECT_EQ(g.function->args.size(), 2u);
  EXPECT_EQ(g.alias.name, "g");
  EXPECT_EQ(g.alias.columns.size(), 2u);
  EXPECT_TRUE(s->from[1]->lateral);
  EXPECT_FALSE(s->from[1]->with_ordinality);
}

TEST(SelectTranslate, SelectIntoIsCreateTableAs) {
  auto s = parse_as<ast::CreateTableStmt>("select a into temp t2 from t");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->table.name, "t2");
  EXPECT_TRUE(s->temporary);
  ASSERT_TRUE(s->as_select);
  EXPECT_EQ(s->as_select->from.size(), 1u);
}

}  // namespace
}  // namespace upsertdb
