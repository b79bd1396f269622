// Utility statements: transactions, SET/RESET/SHOW, SET CONSTRAINTS, EXPLAIN,
// CHECKPOINT, DISCARD.
#include <gtest/gtest.h>

#include "sql/parser_test_util.h"

namespace upsertdb {
namespace {

using ast::SetStmt;
using ast::TransactionStmt;
using ast::TxnKind;
using testing::parse_as;

TEST(TransactionTranslate, Kinds) {
  struct Case { const char* sql; TxnKind kind; };
  const Case cases[] = {
      {"begin", TxnKind::kBegin},           {"begin work", TxnKind::kBegin},
      {"start transaction", TxnKind::kStart}, {"commit", TxnKind::kCommit},
      {"end", TxnKind::kCommit},            {"rollback", TxnKind::kRollback},
      {"abort", TxnKind::kRollback},        {"savepoint a", TxnKind::kSavepoint},
      {"release savepoint a", TxnKind::kRelease}, {"release a", TxnKind::kRelease},
      {"rollback to savepoint a", TxnKind::kRollbackTo}, {"rollback to a", TxnKind::kRollbackTo},
      {"prepare transaction 'g'", TxnKind::kPrepare}, {"commit prepared 'g'", TxnKind::kCommitPrepared},
      {"rollback prepared 'g'", TxnKind::kRollbackPrepared},
  };
  for (const Case& c : cases) {
    auto s = parse_as<TransactionStmt>(c.sql);
    ASSERT_TRUE(s) << c.sql;
    EXPECT_EQ(s->txn_kind, c.kind) << c.sql;
  }
  EXPECT_EQ(parse_as<TransactionStmt>("savepoint sp1")->savepoint, "sp1");
  EXPECT_EQ(parse_as<TransactionStmt>("rollback to sp1")->savepoint, "sp1");
  EXPECT_EQ(parse_as<TransactionStmt>("prepare transaction 'g1'")->savepoint, "g1");
  EXPECT_TRUE(parse_as<TransactionStmt>("commit and chain")->chain);
}

TEST(TransactionTranslate, Modes) {
  auto s = parse_as<TransactionStmt>("begin isolation level serializable, read only, not deferrable");
  EXPECT_EQ(s->isolation, "serializable");
  EXPECT_EQ(s->read_only, true);
  EXPECT_EQ(s->deferrable, false);
  auto w = parse_as<TransactionStmt>("start transaction read write isolation level repeatable read");
  EXPECT_EQ(w->read_only, false);
  EXPECT_EQ(w->isolation, "repeatable read");
  EXPECT_FALSE(w->deferrable);
  auto b = parse_as<TransactionStmt>("begin");
  EXPECT_EQ(b->isolation, "");
  EXPECT_FALSE(b->read_only);
  EXPECT_EQ(parse_as<TransactionStmt>("begin isolation level read uncommitted")->isolation, "read uncommitted");
}

TEST(SetTranslate, Values) {
  auto s = parse_as<SetStmt>("set local search_path = a, 'b', 1.5, -3, 42");
  EXPECT_EQ(s->set_kind, SetStmt::Kind::kValue);
  EXPECT_TRUE(s->is_local);
  EXPECT_EQ(s->name, "search_path");
  EXPECT_EQ(s->values, (std::vector<std::string>{"a", "b", "1.5", "-3", "42"}));
  auto tz = parse_as<SetStmt>("set time zone 'UTC'");
  EXPECT_EQ(tz->name, "timezone");
  EXPECT_EQ(tz->values, (std::vector<std::string>{"UTC"}));
  auto on = parse_as<SetStmt>("SET Enable_SeqScan TO on");
  EXPECT_EQ(on->name, "enable_seqscan");
  EXPECT_EQ(on->values, (std::vector<std::string>{"on"}));
  EXPECT_EQ(parse_as<SetStmt>("set names 'utf8'")->name, "client_encoding");
}

TEST(SetTranslate, DefaultCurrentReset) {
  EXPECT_EQ(parse_as<SetStmt>("set x to default")->set_kind, SetStmt::Kind::kDefault);
  EXPECT_EQ(parse_as<SetStmt>("set timezone from current")->set_kind, SetStmt::Kind::kCurrent);
  auto r = parse_as<SetStmt>("reset x");
  EXPECT_EQ(r->set_kind, SetStmt::Kind::kReset);
  EXPECT_EQ(r->name, "x");
  EXPECT_EQ(parse_as<SetStmt>("reset all")->set_kind, SetStmt::Kind::kResetAll);
}

TEST(SetTranslate, TransactionCharacteristics) {
  auto s = parse_as<SetStmt>("set transaction isolation level read committed read only");
  EXPECT_EQ(s->set_kind, SetStmt::Kind::kMulti);
  EXPECT_EQ(s->name, "transaction");
  EXPECT_EQ(s->isolation, "read committed");
  EXPECT_EQ(s->read_only, true);
  auto c = parse_as<SetStmt>("set session characteristics as transaction isolation level repeatable read");
  EXPECT_EQ(c->name, "session characteristics");
  EXPECT_EQ(c->isolation, "repeatable read");
  EXPECT_FALSE(c->read_only);
  EXPECT_EQ(parse_as<SetStmt>("set transaction deferrable")->deferrable, true);
}

TEST(SetTranslate, Constraints) {
  auto all = parse_as<SetStmt>("set constraints all deferred");
  EXPECT_TRUE(all->is_constraints);
  EXPECT_TRUE(all->deferred);
  EXPECT_TRUE(all->constraint_names.empty());
  auto some = parse_as<SetStmt>("set constraints a, s.b immediate");
  EXPECT_FALSE(some->deferred);
  ASSERT_EQ(some->constraint_names.size(), 2u);
  EXPECT_EQ(some->constraint_names[1], (std::vector<std::string>{"s", "b"}));
}

TEST(ShowTranslate, Names) {
  EXPECT_EQ(parse_as<ast::ShowStmt>("show all")->name, "all");
  EXPECT_EQ(parse_as<ast::ShowStmt>("show Search_Path")->name, "search_path");
  EXPECT_EQ(parse_as<ast::ShowStmt>("show time zone")->name, "timezone");
  EXPECT_EQ(parse_as<ast::ShowStmt>("show transaction isolation level")->name, "transaction_isolation");
}

TEST(ExplainTranslate, Options) {
  auto s = parse_as<ast::ExplainStmt>("explain analyze verbose select 1");
  EXPECT_TRUE(s->analyze);
  EXPECT_TRUE(s->verbose);
  ASSERT_TRUE(s->query);
  EXPECT_EQ(s->query->kind, ast::StmtKind::kSelect);
  auto p = parse_as<ast::ExplainStmt>("explain (analyze off, costs off, format json) insert into t values (1)");
  EXPECT_FALSE(p->analyze);
  EXPECT_EQ(p->query->kind, ast::StmtKind::kInsert);
  ASSERT_EQ(p->other_options.size(), 2u);
  EXPECT_EQ(p->other_options[0], (std::pair<std::string, std::string>{"costs", "off"}));
  EXPECT_EQ(p->other_options[1], (std::pair<std::string, std::string>{"format", "json"}));
  auto plain = parse_as<ast::ExplainStmt>("explain update t set a = 1");
  EXPECT_FALSE(plain->analyze || plain->verbose);
  EXPECT_EQ(plain->query->kind, ast::StmtKind::kUpdate);
}

TEST(MiscTranslate, CheckpointDiscardSchema) {
  EXPECT_TRUE(parse_as<ast::CheckpointStmt>("checkpoint"));
  EXPECT_EQ(parse_as<ast::DiscardStmt>("discard all")->target, "all");
  EXPECT_EQ(parse_as<ast::DiscardStmt>("discard plans")->target, "plans");
  EXPECT_EQ(parse_as<ast::DiscardStmt>("discard sequences")->target, "sequences");
  EXPECT_EQ(parse_as<ast::DiscardStmt>("discard temp")->target, "temp");
}

}  // namespace
}  // namespace upsertdb
