// INSERT / UPDATE / DELETE / MERGE translation.
#include <gtest/gtest.h>

#include "sql/parser_test_util.h"

namespace upsertdb {
namespace {

using ast::InsertStmt;
using ast::OnConflictAction;
using testing::parse_as;

TEST(InsertTranslate, ColumnsValuesReturning) {
  auto s = parse_as<InsertStmt>("insert into s.t as x (a, b) values (1, default), (2, 3) returning *, a + 1 as z");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->table.schema, "s");
  EXPECT_EQ(s->table.name, "t");
  EXPECT_EQ(s->table.alias.name, "x");
  ASSERT_EQ(s->columns.size(), 2u);
  EXPECT_EQ(s->columns[1].name, "b");
  EXPECT_FALSE(s->columns[1].expr);
  ASSERT_TRUE(s->source);
  ASSERT_EQ(s->source->values.size(), 2u);
  EXPECT_EQ(s->source->values[0][1]->kind, ast::ExprKind::kDefault);
  ASSERT_EQ(s->returning.size(), 2u);
  EXPECT_EQ(s->returning[1].name, "z");
  EXPECT_FALSE(s->on_conflict);
  EXPECT_EQ(s->override_kind, 0);
}

TEST(InsertTranslate, DefaultValuesAndSelect) {
  auto d = parse_as<InsertStmt>("insert into t default values");
  EXPECT_FALSE(d->source);
  auto sel = parse_as<InsertStmt>("with w as (select 1) insert into t select * from w");
  ASSERT_TRUE(sel->with);
  ASSERT_TRUE(sel->source);
  EXPECT_EQ(sel->source->from.size(), 1u);
}

TEST(InsertTranslate, Overriding) {
  EXPECT_EQ(parse_as<InsertStmt>("insert into t overriding user value values (1)")->override_kind, 1);
  EXPECT_EQ(parse_as<InsertStmt>("insert into t overriding system value values (1)")->override_kind, 2);
}

TEST(InsertTranslate, OnConflictDoNothing) {
  auto s = parse_as<InsertStmt>("insert into t values (1) on conflict do nothing");
  ASSERT_TRUE(s->on_conflict);
  EXPECT_EQ(s->on_conflict->action, OnConflictAction::kNothing);
  EXPECT_TRUE(s->on_conflict->infer_elems.empty());
  auto c = parse_as<InsertStmt>("insert into t values (1) on conflict on constraint t_pkey do nothing");
  EXPECT_EQ(c->on_conflict->constraint_name, "t_pkey");
}

TEST(InsertTranslate, OnConflictDoUpdate) {
  auto s = parse_as<InsertStmt>(
      "insert into t values (1) on conflict (a, lower(b) collate \"C\" text_pattern_ops) where a > 0 "
      "do update set c = excluded.c, (d, e) = (excluded.d, 2), (f, g) = (select 1, 2) where t.a < 5");
  const ast::OnConflictClause& oc = *s->on_conflict;
  EXPECT_EQ(oc.action, OnConflictAction::kUpdate);
  ASSERT_EQ(oc.infer_elems.size(), 2u);
  EXPECT_EQ(oc.infer_elems[0].column, "a");
  EXPECT_FALSE(oc.infer_elems[0].expr);
  EXPECT_EQ(oc.infer_elems[1].column, "");
  ASSERT_TRUE(oc.infer_elems[1].expr);
  EXPECT_EQ(oc.infer_elems[1].collation, (std::vector<std::string>{"C"}));
  EXPECT_EQ(oc.infer_elems[1].opclass, (std::vector<std::string>{"text_pattern_ops"}));
  ASSERT_TRUE(oc.infer_where);
  ASSERT_EQ(oc.set.size(), 5u);
  EXPECT_EQ(oc.set[0].name, "c");
  EXPECT_EQ(oc.set[0].multi_index, 0);
  EXPECT_EQ(oc.set[1].name, "d");
  EXPECT_EQ(oc.set[1].multi_index, 1);
  EXPECT_EQ(oc.set[1].multi_count, 2);
  EXPECT_EQ(oc.set[1].expr->kind, ast::ExprKind::kRow);
  EXPECT_EQ(oc.set[2].name, "e");
  EXPECT_EQ(oc.set[2].multi_index, 2);
  EXPECT_EQ(oc.set[3].expr->kind, ast::ExprKind::kSubLink);
  EXPECT_EQ(oc.set[3].expr->sublink_type, "expr");
  EXPECT_EQ(oc.set[4].multi_index, 2);
  ASSERT_TRUE(oc.where);
  EXPECT_EQ(oc.where->op, "<");
}

TEST(UpdateTranslate, SetFromWhereReturning) {
  auto s = parse_as<ast::UpdateStmt>(
      "with w as (select 1) update only t as u set a = 1, (b, c) = row(2, 3), d = default "
      "from x, y where u.id = x.id returning u.*");
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->with);
  EXPECT_EQ(s->table.name, "t");
  EXPECT_EQ(s->table.alias.name, "u");
  ASSERT_EQ(s->set.size(), 4u);
  EXPECT_EQ(s->set[1].name, "b");
  EXPECT_EQ(s->set[1].multi_index, 1);
  EXPECT_EQ(s->set[2].multi_index, 2);
  EXPECT_EQ(s->set[3].expr->kind, ast::ExprKind::kDefault);
  EXPECT_EQ(s->from.size(), 2u);
  ASSERT_TRUE(s->where);
  ASSERT_EQ(s->returning.size(), 1u);
  EXPECT_EQ(s->returning[0].expr->names, (std::vector<std::string>{"u", "*"}));
}

TEST(UpdateTranslate, FieldIndirectionIsKeptForTheBinderToReject) {
  auto s = parse_as<ast::UpdateStmt>("update t set a.b = 1");
  EXPECT_EQ(s->set[0].indirection, (std::vector<std::string>{"b"}));
}

TEST(DeleteTranslate, UsingWhereReturning) {
  auto s = parse_as<ast::DeleteStmt>("delete from t as d using u, v where d.a = u.a returning d.a");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->table.alias.name, "d");
  EXPECT_EQ(s->using_.size(), 2u);
  ASSERT_TRUE(s->where);
  EXPECT_EQ(s->returning.size(), 1u);
  auto bare = parse_as<ast::DeleteStmt>("delete from t");
  EXPECT_FALSE(bare->where);
}

TEST(MergeTranslate, AllWhenForms) {
  auto s = parse_as<ast::MergeStmt>(
      "with q as (select 1) merge into t as x using (select 1 a) s on x.a = s.a "
      "when matched and x.b > 0 then update set b = s.b, (c, d) = (1, 2) "
      "when matched then delete "
      "when not matched and s.a > 0 then insert (a, b) overriding user value values (s.a, default) "
      "when not matched then insert default values "
      "when matched then do nothing");
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->with);
  EXPECT_EQ(s->target.name, "t");
  EXPECT_EQ(s->target.alias.name, "x");
  ASSERT_TRUE(s->source);
  EXPECT_EQ(s->source->kind, ast::FromItem::Kind::kSubquery);
  ASSERT_TRUE(s->join_condition);
  ASSERT_EQ(s->whens.size(), 5u);
  EXPECT_TRUE(s->whens[0].matched);
  EXPECT_EQ(s->whens[0].action, ast::MergeAction::kUpdate);
  ASSERT_TRUE(s->whens[0].condition);
  EXPECT_EQ(s->whens[0].set.size(), 3u);
  EXPECT_EQ(s->whens[0].set[2].multi_index, 2);
  EXPECT_EQ(s->whens[1].action, ast::MergeAction::kDelete);
  EXPECT_FALSE(s->whens[2].matched);
  EXPECT_EQ(s->whens[2].action, ast::MergeAction::kInsert);
  EXPECT_EQ(s->whens[2].override_kind, 1);
  EXPECT_EQ(s->whens[2].set.size(), 2u);
  EXPECT_EQ(s->whens[2].values.size(), 2u);
  EXPECT_EQ(s->whens[3].action, ast::MergeAction::kInsert);
  EXPECT_TRUE(s->whens[3].values.empty());
  EXPECT_EQ(s->whens[4].action, ast::MergeAction::kNothing);
}

TEST(MergeTranslate, TableSource) {
  auto s = parse_as<ast::MergeStmt>("merge into t using u on t.a = u.a when not matched then insert values (1)");
  EXPECT_EQ(s->source->kind, ast::FromItem::Kind::kTable);
  EXPECT_EQ(s->source->table.name, "u");
}

}  // namespace
}  // namespace upsertdb
