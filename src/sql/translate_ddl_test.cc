// DDL translation: CREATE TABLE (columns, constraints, expression texts),
// CREATE INDEX, DROP, ALTER TABLE, RENAME, sequences, TRUNCATE, CREATE SCHEMA.
#include <gtest/gtest.h>

#include "sql/parser_test_util.h"

namespace upsertdb {
namespace {

using ast::ConstraintType;
using ast::CreateTableStmt;
using testing::parse_as;
using testing::parse_error;

TEST(CreateTableTranslate, ColumnsAndTypes) {
  auto s = parse_as<CreateTableStmt>(
      "create temp table if not exists s.t (id bigint, name varchar(20) collate \"C\", tags text[])");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->temporary);
  EXPECT_TRUE(s->if_not_exists);
  EXPECT_EQ(s->table.schema, "s");
  EXPECT_EQ(s->table.name, "t");
  ASSERT_EQ(s->columns.size(), 3u);
  EXPECT_EQ(s->columns[0].name, "id");
  EXPECT_EQ(s->columns[0].type.names, (std::vector<std::string>{"pg_catalog", "int8"}));
  EXPECT_EQ(s->columns[1].type.typmods, (std::vector<int32_t>{20}));
  EXPECT_EQ(s->columns[1].collation, (std::vector<std::string>{"C"}));
  EXPECT_TRUE(s->columns[2].type.is_array);
  EXPECT_FALSE(parse_as<CreateTableStmt>("create table t (a int)")->temporary);
}

TEST(CreateTableTranslate, ColumnConstraints) {
  auto s = parse_as<CreateTableStmt>(
      "create table t (a int constraint a_pk primary key, b int not null unique nulls not distinct, "
      "c int null, d int check (d > 0) no inherit, e int default -5)");
  const auto& a = s->columns[0].constraints;
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].type, ConstraintType::kPrimaryKey);
  EXPECT_EQ(a[0].name, "a_pk");
  const auto& b = s->columns[1].constraints;
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].type, ConstraintType::kNotNull);
  EXPECT_EQ(b[1].type, ConstraintType::kUnique);
  EXPECT_TRUE(b[1].nulls_not_distinct);
  EXPECT_EQ(s->columns[2].constraints[0].type, ConstraintType::kNull);
  const auto& d = s->columns[3].constraints[0];
  EXPECT_EQ(d.type, ConstraintType::kCheck);
  EXPECT_TRUE(d.no_inherit);
  EXPECT_EQ(d.expr_text, "d > 0");
  ASSERT_TRUE(d.expr);
  const auto& e = s->columns[4].constraints[0];
  EXPECT_EQ(e.type, ConstraintType::kDefault);
  EXPECT_EQ(e.expr->ival, -5);
  EXPECT_EQ(e.expr_text, "-5");
}

TEST(CreateTableTranslate, DefaultTextStopsAtNextConstraint) {
  auto s = parse_as<CreateTableStmt>(
      "create table t (a int default 1 + 2 not null, b text default 'x' || 'y' collate \"C\", "
      "c int default f((1), ',') references u, d bool default x is not distinct from y null, "
      "e int constraint e_d default (3) constraint e_c check (e <> 0), f text default null, "
      "g int default $$)$$::int)");
  auto text = [&](size_t col, size_t i = 0) { return s->columns[col].constraints[i].expr_text; };
  EXPECT_EQ(text(0), "1 + 2");
  EXPECT_EQ(text(1), "'x' || 'y'");
  EXPECT_EQ(text(2), "f((1), ',')");
  EXPECT_EQ(text(3), "x is not distinct from y");
  EXPECT_EQ(s->columns[3].constraints[1].type, ConstraintType::kNull);
  EXPECT_EQ(s->columns[4].constraints[0].name, "e_d");
  EXPECT_EQ(text(4, 0), "(3)");
  EXPECT_EQ(text(4, 1), "e <> 0");
  EXPECT_EQ(text(5), "null");
  EXPECT_EQ(text(6), "$$)$$::int");
}

TEST(CreateTableTranslate, ForeignKeys) {
  auto s = parse_as<CreateTableStmt>(
      "create table t (a int references u(x) match full on delete cascade on update set null, "
      "b int, c int, constraint fk foreign key (b, c) references s.v on delete set default on update restrict, "
      "foreign key (a) references w (y) not valid)");
  const ast::Constraint& col = s->columns[0].constraints[0];
  EXPECT_EQ(col.type, ConstraintType::kForeignKey);
  EXPECT_EQ(col.pk_table.name, "u");
  EXPECT_EQ(col.pk_columns, (std::vector<std::string>{"x"}));
  EXPECT_EQ(col.match_type, 'f');
  EXPECT_EQ(col.on_delete, ast::FkAction::kCascade);
  EXPECT_EQ(col.on_update, ast::FkAction::kSetNull);
  EXPECT_TRUE(col.keys.empty());
  ASSERT_EQ(s->constraints.size(), 2u);
  const ast::Constraint& tab = s->constraints[0];
  EXPECT_EQ(tab.name, "fk");
  EXPECT_EQ(tab.keys, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(tab.pk_table.schema, "s");
  EXPECT_TRUE(tab.pk_columns.empty());
  EXPECT_EQ(tab.on_delete, ast::FkAction::kSetDefault);
  EXPECT_EQ(tab.on_update, ast::FkAction::kRestrict);
  EXPECT_EQ(tab.match_type, 's');
  EXPECT_TRUE(s->constraints[1].skip_validation);
  EXPECT_EQ(s->constraints[1].on_delete, ast::FkAction::kNoAction);
}

TEST(CreateTableTranslate, DeferrableAttributesFoldIntoColumnConstraint) {
  auto s = parse_as<CreateTableStmt>(
      "create table t (a int references u deferrable initially deferred, b int unique initially deferred, "
      "c int primary key not deferrable initially immediate, d int references u deferrable)");
  const ast::Constraint& a = s->columns[0].constraints.at(0);
  EXPECT_EQ(s->columns[0].constraints.size(), 1u);
  EXPECT_TRUE(a.deferrable);
  EXPECT_TRUE(a.initially_deferred);
  const ast::Constraint& b = s->columns[1].constraints.at(0);
  EXPECT_TRUE(b.deferrable);   // INITIALLY DEFERRED implies DEFERRABLE
  EXPECT_TRUE(b.initially_deferred);
  EXPECT_EQ(s->columns[2].constraints.size(), 1u);
  EXPECT_FALSE(s->columns[2].constraints[0].deferrable);
  EXPECT_TRUE(s->columns[3].constraints[0].deferrable);
  EXPECT_FALSE(s->columns[3].constraints[0].initially_deferred);
}

TEST(CreateTableTranslate, MisplacedDeferrableIsASyntaxError) {
  std::string sql = "create table t (a int not null deferrable)";
  ErrorFields e = parse_error(sql);
  EXPECT_EQ(e.sqlstate, "42601");
  EXPECT_EQ(e.message, "misplaced DEFERRABLE clause");
  EXPECT_EQ(e.position, static_cast<int>(sql.find("deferrable")) + 1);
  e = parse_error("create table t (a int unique not deferrable initially deferred)");
  EXPECT_EQ(e.message, "constraint declared INITIALLY DEFERRED must be DEFERRABLE");
  e = parse_error("create table t (a int unique deferrable not deferrable)");
  EXPECT_EQ(e.message, "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed");
}

TEST(CreateTableTranslate, TableConstraints) {
  auto s = parse_as<CreateTableStmt>(
      "create table t (a int, b int, c int, constraint pk primary key (a, b) include (c), "
      "unique nulls not distinct (c) deferrable initially deferred, check (a <> b) not valid)");
  ASSERT_EQ(s->constraints.size(), 3u);
  EXPECT_EQ(s->constraints[0].type, ConstraintType::kPrimaryKey);
  EXPECT_EQ(s->constraints[0].keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s->constraints[0].including, (std::vector<std::string>{"c"}));
  EXPECT_TRUE(s->constraints[1].nulls_not_distinct);
  EXPECT_TRUE(s->constraints[1].deferrable);
  EXPECT_TRUE(s->constraints[1].initially_deferred);
  EXPECT_EQ(s->constraints[2].expr_text, "a <> b");
  EXPECT_TRUE(s->constraints[2].skip_validation);
}

TEST(CreateTableTranslate, IdentityAndGenerated) {
  auto s = parse_as<CreateTableStmt>(
      "create table t (id int generated always as identity (start with 5 increment by -2), "
      "g bigint generated by default as identity, h text generated always as (upper(x)) stored)");
  const ast::Constraint& id = s->columns[0].constraints[0];
  EXPECT_EQ(id.type, ConstraintType::kIdentity);
  EXPECT_EQ(id.identity_kind, 'a');
  EXPECT_EQ(id.identity_options.start, 5);
  EXPECT_EQ(id.identity_options.increment, -2);
  EXPECT_EQ(s->columns[1].constraints[0].identity_kind, 'd');
  const ast::Constraint& h = s->columns[2].constraints[0];
  EXPECT_EQ(h.type, ConstraintType::kGenerated);
  EXPECT_EQ(h.expr_text, "upper(x)");
}

TEST(CreateTableTranslate, CreateTableAs) {
  auto s = parse_as<CreateTableStmt>("create table if not exists t2 (x, y) as select 1, 2");
  ASSERT_TRUE(s->as_select);
  EXPECT_TRUE(s->if_not_exists);
  ASSERT_EQ(s->columns.size(), 2u);
  EXPECT_EQ(s->columns[1].name, "y");
  EXPECT_EQ(parse_error("create table t2 as select 1 with no data").sqlstate, "0A000");
}

TEST(CreateIndexTranslate, AllParts) {
  auto s = parse_as<ast::CreateIndexStmt>(
      "create unique index concurrently if not exists i on only t using btree "
      "(a desc nulls first, (lower(b)) collate \"C\" text_pattern_ops, c asc nulls last) "
      "include (d) nulls not distinct where a > 0");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, "i");
  EXPECT_EQ(s->table.name, "t");
  EXPECT_TRUE(s->unique && s->concurrently && s->if_not_exists && s->nulls_not_distinct);
  EXPECT_EQ(s->access_method, "btree");
  ASSERT_EQ(s->elems.size(), 3u);
  EXPECT_EQ(s->elems[0].column, "a");
  EXPECT_EQ(s->elems[0].ordering, 2);
  EXPECT_EQ(s->elems[0].nulls, 1);
  ASSERT_TRUE(s->elems[1].expr);
  EXPECT_EQ(s->elems[1].collation, (std::vector<std::string>{"C"}));
  EXPECT_EQ(s->elems[1].opclass, (std::vector<std::string>{"text_pattern_ops"}));
  EXPECT_EQ(s->elems[2].ordering, 1);
  EXPECT_EQ(s->elems[2].nulls, 2);
  EXPECT_EQ(s->including, (std::vector<std::string>{"d"}));
  ASSERT_TRUE(s->where);
  auto plain = parse_as<ast::CreateIndexStmt>("create index on t (a)");
  EXPECT_EQ(plain->name, "");
  EXPECT_EQ(plain->access_method, "btree");
  EXPECT_FALSE(plain->unique);
}

TEST(DropTranslate, ObjectKinds) {
  auto t = parse_as<ast::DropStmt>("drop table if exists a, s.b cascade");
  EXPECT_EQ(t->object_type, ast::ObjectType::kTable);
  EXPECT_TRUE(t->missing_ok);
  EXPECT_TRUE(t->cascade);
  ASSERT_EQ(t->objects.size(), 2u);
  EXPECT_EQ(t->objects[1], (std::vector<std::string>{"s", "b"}));
  auto i = parse_as<ast::DropStmt>("drop index concurrently i");
  EXPECT_EQ(i->object_type, ast::ObjectType::kIndex);
  EXPECT_TRUE(i->concurrently);
  EXPECT_FALSE(i->cascade);
  EXPECT_EQ(parse_as<ast::DropStmt>("drop sequence s")->object_type, ast::ObjectType::kSequence);
  EXPECT_EQ(parse_as<ast::DropStmt>("drop view v")->object_type, ast::ObjectType::kView);
  auto sc = parse_as<ast::DropStmt>("drop schema x restrict");
  EXPECT_EQ(sc->object_type, ast::ObjectType::kSchema);
  EXPECT_EQ(sc->objects[0], (std::vector<std::string>{"x"}));
  auto ty = parse_as<ast::DropStmt>("drop type s.ty");
  EXPECT_EQ(ty->object_type, ast::ObjectType::kType);
  EXPECT_EQ(ty->objects[0], (std::vector<std::string>{"s", "ty"}));
}

TEST(AlterTableTranslate, Subcommands) {
  std::string sql =
      "alter table if exists only t add column if not exists c int not null default 7, "
      "drop column if exists d cascade, add constraint k unique (a), drop constraint if exists k, "
      "alter column a set default -3 + 4, alter column a drop default, alter column a set not null, "
      "alter column a drop not null, alter column a type bigint using a::bigint, owner to x";
  auto s = parse_as<ast::AlterTableStmt>(sql);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->missing_ok);
  EXPECT_EQ(s->object_type, ast::ObjectType::kTable);
  ASSERT_EQ(s->cmds.size(), 10u);
  EXPECT_EQ(s->cmds[0].kind, ast::AlterKind::kAddColumn);
  EXPECT_TRUE(s->cmds[0].missing_ok);
  ASSERT_TRUE(s->cmds[0].column);
  EXPECT_EQ(s->cmds[0].column->constraints.size(), 2u);
  EXPECT_EQ(s->cmds[0].column->constraints[1].expr_text, "7");
  EXPECT_EQ(s->cmds[1].kind, ast::AlterKind::kDropColumn);
  EXPECT_EQ(s->cmds[1].name, "d");
  EXPECT_TRUE(s->cmds[1].cascade && s->cmds[1].missing_ok);
  EXPECT_EQ(s->cmds[2].kind, ast::AlterKind::kAddConstraint);
  EXPECT_EQ(s->cmds[2].constraint->name, "k");
  EXPECT_EQ(s->cmds[3].kind, ast::AlterKind::kDropConstraint);
  EXPECT_EQ(s->cmds[4].kind, ast::AlterKind::kSetDefault);
  EXPECT_EQ(s->cmds[4].name, "a");
  EXPECT_EQ(s->cmds[4].default_text, "-3 + 4");
  EXPECT_EQ(s->cmds[4].default_expr->args[0]->ival, -3);
  EXPECT_EQ(s->cmds[5].kind, ast::AlterKind::kDropDefault);
  EXPECT_EQ(s->cmds[6].kind, ast::AlterKind::kSetNotNull);
  EXPECT_EQ(s->cmds[7].kind, ast::AlterKind::kDropNotNull);
  EXPECT_EQ(s->cmds[8].kind, ast::AlterKind::kAlterColumnType);
  EXPECT_EQ(s->cmds[8].new_type.names.back(), "int8");
  ASSERT_TRUE(s->cmds[8].using_expr);
  EXPECT_EQ(s->cmds[8].using_expr->kind, ast::ExprKind::kCast);
  EXPECT_EQ(s->cmds[9].kind, ast::AlterKind::kOther);
  EXPECT_EQ(s->cmds[9].unsupported, "OWNER TO");
}

TEST(AlterTableTranslate, SetDefaultTextWithParentheses) {
  auto s = parse_as<ast::AlterTableStmt>("alter table t alter a set default (1 + 2) * 3, alter b set default now()");
  EXPECT_EQ(s->cmds[0].default_text, "(1 + 2) * 3");
  EXPECT_EQ(s->cmds[1].default_text, "now()");
}

TEST(RenameTranslate, Forms) {
  auto t = parse_as<ast::RenameStmt>("alter table t rename to u");
  EXPECT_EQ(t->object_type, ast::ObjectType::kTable);
  EXPECT_EQ(t->table.name, "t");
  EXPECT_EQ(t->new_name, "u");
  EXPECT_FALSE(t->is_column || t->is_constraint);
  auto c = parse_as<ast::RenameStmt>("alter table if exists t rename column a to b");
  EXPECT_TRUE(c->is_column);
  EXPECT_TRUE(c->missing_ok);
  EXPECT_EQ(c->subname, "a");
  EXPECT_EQ(c->new_name, "b");
  auto k = parse_as<ast::RenameStmt>("alter table t rename constraint a to b");
  EXPECT_TRUE(k->is_constraint);
  EXPECT_EQ(k->subname, "a");
  auto i = parse_as<ast::RenameStmt>("alter index if exists s.i rename to j");
  EXPECT_EQ(i->object_type, ast::ObjectType::kIndex);
  EXPECT_EQ(i->table.schema, "s");
  EXPECT_EQ(parse_as<ast::RenameStmt>("alter sequence q rename to r")->object_type, ast::ObjectType::kSequence);
  EXPECT_EQ(parse_error("alter schema a rename to b").sqlstate, "0A000");
}

TEST(SequenceTranslate, CreateWithAllOptions) {
  auto s = parse_as<ast::CreateSequenceStmt>(
      "create sequence if not exists s.q as bigint increment by -2 minvalue -100 no maxvalue "
      "start with -10 cache 10 cycle owned by t.a");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->if_not_exists);
  EXPECT_EQ(s->name.schema, "s");
  const ast::SeqOptions& o = s->options;
  ASSERT_TRUE(o.as_type);
  EXPECT_EQ(o.as_type->names.back(), "int8");
  EXPECT_EQ(o.increment, -2);
  EXPECT_EQ(o.minvalue, -100);
  EXPECT_TRUE(o.no_maxvalue);
  EXPECT_FALSE(o.maxvalue);
  EXPECT_EQ(o.start, -10);
  EXPECT_EQ(o.cache, 10);
  EXPECT_EQ(o.cycle, true);
  EXPECT_EQ(o.owned_by, (std::vector<std::string>{"t", "a"}));
}

TEST(SequenceTranslate, BigValuesAndErrors) {
  auto s = parse_as<ast::CreateSequenceStmt>(
      "create sequence q maxvalue 9223372036854775807 minvalue -9223372036854775808");
  EXPECT_EQ(s->options.maxvalue, INT64_MAX);
  EXPECT_EQ(s->options.minvalue, INT64_MIN);
  std::string dup = "create sequence s1 increment by 1 increment by 2";
  ErrorFields e = parse_error(dup);
  EXPECT_EQ(e.sqlstate, "42601");
  EXPECT_EQ(e.message, "conflicting or redundant options");
  EXPECT_EQ(e.position, static_cast<int>(dup.rfind("increment")) + 1);
  e = parse_error("create sequence s2 maxvalue 99999999999999999999");
  EXPECT_EQ(e.sqlstate, "22003");
  EXPECT_EQ(e.message, "value \"99999999999999999999\" is out of range for type bigint");
  e = parse_error("create sequence s3 maxvalue 1.5");
  EXPECT_EQ(e.sqlstate, "22P02");
  EXPECT_EQ(e.message, "invalid input syntax for type bigint: \"1.5\"");
}

TEST(SequenceTranslate, Alter) {
  auto s = parse_as<ast::AlterSequenceStmt>(
      "alter sequence if exists q restart with -7 no minvalue maxvalue 100 owned by none no cycle");
  EXPECT_TRUE(s->missing_ok);
  EXPECT_EQ(s->options.restart, -7);
  EXPECT_TRUE(s->options.no_minvalue);
  EXPECT_EQ(s->options.maxvalue, 100);
  EXPECT_EQ(s->options.owned_by, (std::vector<std::string>{"none"}));
  EXPECT_EQ(s->options.cycle, false);
  auto r = parse_as<ast::AlterSequenceStmt>("alter sequence q restart");
  EXPECT_TRUE(r->options.restart_default);
  EXPECT_FALSE(r->options.restart);
}

TEST(TruncateTranslate, Options) {
  auto s = parse_as<ast::TruncateStmt>("truncate table a, s.b restart identity cascade");
  ASSERT_EQ(s->tables.size(), 2u);
  EXPECT_EQ(s->tables[1].schema, "s");
  EXPECT_TRUE(s->restart_identity);
  EXPECT_TRUE(s->cascade);
  auto plain = parse_as<ast::TruncateStmt>("truncate a");
  EXPECT_FALSE(plain->restart_identity || plain->cascade);
}

TEST(CreateSchemaTranslate, Basic) {
  auto s = parse_as<ast::CreateSchemaStmt>("create schema if not exists s");
  EXPECT_EQ(s->name, "s");
  EXPECT_TRUE(s->if_not_exists);
}

}  // namespace
}  // namespace upsertdb
