// Session behaviour that the SQL scenario files cannot show: cancelling a
// running statement from another thread, statement_timeout, and the
// implicit transaction of a multi-statement string.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine/engine.h"
#include "engine/session.h"

namespace upsertdb {
namespace {

// A statement that runs for a long time: a cross join counted.
constexpr const char* kSlowQuery = "SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b";

std::string sqlstate_of(Session& s, const std::string& sql) {
  try {
    s.execute(sql);
  } catch (const DbError& e) {
    return e.sqlstate() + ": " + e.fields().message;
  }
  return "ok";
}

TEST(SessionInterrupts, CancelFromAnotherThreadStopsTheStatement) {
  Engine engine("");
  Session session(engine);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    session.cancel();
  });
  auto start = std::chrono::steady_clock::now();
  std::string outcome = sqlstate_of(session, kSlowQuery);
  canceller.join();
  EXPECT_EQ(outcome, "57014: canceling statement due to user request");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  // The session is usable afterwards, and a stale cancel does not hit the next statement.
  EXPECT_EQ(sqlstate_of(session, "SELECT 1"), "ok");
}

TEST(SessionInterrupts, StatementTimeout) {
  Engine engine("");
  Session session(engine);
  session.execute("SET statement_timeout = '50ms'");
  EXPECT_EQ(sqlstate_of(session, kSlowQuery), "57014: canceling statement due to statement timeout");
  session.execute("SET statement_timeout = 0");
  EXPECT_EQ(sqlstate_of(session, "SELECT count(*) FROM generate_series(1, 1000)"), "ok");
}

TEST(SessionTransactions, MultiStatementStringIsOneImplicitTransaction) {
  Engine engine("");
  Session session(engine);
  session.execute("CREATE TABLE t (id int PRIMARY KEY)");
  EXPECT_EQ(sqlstate_of(session, "INSERT INTO t VALUES (1); INSERT INTO t VALUES (1)").substr(0, 5), "23505");
  auto r = session.execute("SELECT count(*) FROM t");
  EXPECT_EQ(r[0].rows[0][0].as_int(), 0);   // the first INSERT was rolled back with the second
  EXPECT_EQ(sqlstate_of(session, "INSERT INTO t VALUES (1); COMMIT; INSERT INTO t VALUES (2); INSERT INTO t VALUES (2)")
                .substr(0, 5),
            "23505");
  r = session.execute("SELECT count(*) FROM t");
  EXPECT_EQ(r[0].rows[0][0].as_int(), 1) << "COMMIT inside the string keeps what ran before it";
  EXPECT_EQ(session.transaction_status(), 'I');
}

TEST(SessionTransactions, ImplicitTransactionOfTheExtendedProtocol) {
  Engine engine("");
  Session session(engine);
  session.execute("CREATE TABLE t (id int PRIMARY KEY)");
  auto insert = session.prepare("INSERT INTO t VALUES ($1)");
  session.begin_implicit_transaction();
  session.execute_prepared(*insert, {Value::int4(1)});
  EXPECT_THROW(session.execute_prepared(*insert, {Value::int4(1)}), DbError);
  session.end_implicit_transaction();   // Sync after the error: everything rolls back
  auto r = session.execute("SELECT count(*) FROM t");
  EXPECT_EQ(r[0].rows[0][0].as_int(), 0);
  session.begin_implicit_transaction();
  session.execute_prepared(*insert, {Value::int4(2)});
  session.end_implicit_transaction();
  r = session.execute("SELECT count(*) FROM t");
  EXPECT_EQ(r[0].rows[0][0].as_int(), 1);
}

// The server knows the Sync is already buffered: the implicit transaction
// commits at the Execute, and a failing commit is reported at the Sync.
TEST(SessionTransactions, ImplicitTransactionCommitsAtTheExecuteBeforeSync) {
  Engine engine("");
  Session session(engine), other(engine);
  session.execute("CREATE TABLE t (id int, UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)");
  session.execute("INSERT INTO t VALUES (1)");
  auto insert = session.prepare("INSERT INTO t VALUES ($1)");
  auto count = [&] { return other.execute("SELECT count(*) FROM t")[0].rows[0][0].as_int(); };

  session.begin_implicit_transaction();
  session.execute_prepared(*insert, {Value::int4(2)}, /*sync_follows=*/true);
  EXPECT_EQ(session.transaction_status(), 'I');
  EXPECT_EQ(count(), 2) << "committed before the Sync is handled";
  session.end_implicit_transaction();
  EXPECT_EQ(count(), 2);

  session.begin_implicit_transaction();
  EXPECT_NO_THROW(session.execute_prepared(*insert, {Value::int4(1)}, true)) << "the statement itself succeeds";
  EXPECT_EQ(count(), 2) << "the deferred check failed the commit";
  try {
    session.end_implicit_transaction();
    ADD_FAILURE() << "the failed commit must be reported at Sync";
  } catch (const DbError& e) {
    EXPECT_EQ(e.fields().sqlstate, "23505");
  }
  session.end_implicit_transaction();   // reported once
  EXPECT_EQ(session.transaction_status(), 'I');

  // Inside a block, Sync ends nothing.
  session.execute("BEGIN");
  session.begin_implicit_transaction();
  session.execute_prepared(*insert, {Value::int4(3)}, true);
  session.end_implicit_transaction();
  EXPECT_EQ(session.transaction_status(), 'T');
  session.execute("ROLLBACK");
  EXPECT_EQ(count(), 2);
}

// A parameter error inside a block aborts the block, as any error does.
TEST(SessionTransactions, BadParameterCountAbortsTheBlock) {
  Engine engine("");
  Session session(engine);
  session.execute("CREATE TABLE t (id int PRIMARY KEY)");
  auto insert = session.prepare("INSERT INTO t VALUES ($1)");
  session.execute("BEGIN");
  session.execute_prepared(*insert, {Value::int4(1)});
  EXPECT_THROW(session.execute_prepared(*insert, {Value::int4(2), Value::int4(3)}), DbError);
  EXPECT_EQ(session.transaction_status(), 'E');
  session.execute("ROLLBACK");
  EXPECT_EQ(session.execute("SELECT count(*) FROM t")[0].rows[0][0].as_int(), 0);
}

TEST(SessionPrepare, ParameterTypes) {
  Engine engine("");
  Session session(engine);
  session.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
  auto p = session.prepare("SELECT v FROM t WHERE id = $1 AND v <> $2");
  auto types = session.parameter_types(*p);
  ASSERT_EQ(types.size(), 2u);
  EXPECT_EQ(types[0].id, TypeId::kInt4);
  EXPECT_EQ(types[1].id, TypeId::kText);
  EXPECT_EQ(session.parameter_types(*session.prepare("SELECT $1"))[0].id, TypeId::kText);
  try {
    session.prepare("SELECT $2::int");
    FAIL() << "an unused $1 has no type";
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "42P18");
    EXPECT_STREQ(e.what(), "could not determine data type of parameter $1");
  }
  // A type the client declares makes an unused parameter fine.
  EXPECT_EQ(session.parameter_types(*session.prepare("SELECT $2::int", {Type(TypeId::kInt8)}))[0].id, TypeId::kInt8);
}

}  // namespace
}  // namespace upsertdb

namespace upsertdb {
namespace {

int error_position(Session& s, const std::string& sql) {
  try {
    s.execute(sql);
  } catch (const DbError& e) {
    return e.fields().position;
  }
  return -1;
}

// Simple-query texts of one shape share a parsed tree (sql/statement_cache.h):
// each run must still see its own literals and report positions in its own text.
TEST(SessionStatementCache, RepeatedShapesSeeTheirOwnLiteralsAndPositions) {
  Engine engine("");
  Session session(engine);
  session.execute("CREATE TABLE kv (k bigint PRIMARY KEY, v text)");
  for (int i = 1; i <= 50; ++i)
    session.execute("INSERT INTO kv VALUES (" + std::to_string(i) + ", 'v" + std::to_string(i) +
                    "') ON CONFLICT (k) DO UPDATE SET v = excluded.v");
  session.execute("INSERT INTO kv VALUES (7, 'seven') ON CONFLICT (k) DO UPDATE SET v = excluded.v");
  auto r = session.execute("SELECT count(*), sum(k)::int8 FROM kv");
  EXPECT_EQ(r[0].rows[0][0].as_int(), 50);
  EXPECT_EQ(r[0].rows[0][1].as_int(), 1275);
  EXPECT_EQ(session.execute("SELECT v FROM kv WHERE k = 7")[0].rows[0][0].as_str(), "seven");
  EXPECT_EQ(session.execute("SELECT v FROM kv WHERE k = 8")[0].rows[0][0].as_str(), "v8");
  // The position PostgreSQL reports: the failing literal in the text just sent.
  EXPECT_EQ(error_position(session, "SELECT 1, 'abc'::int"), 11);
  EXPECT_EQ(error_position(session, "SELECT 12345, 'xyz'::int"), 15);
  EXPECT_EQ(error_position(session, "SELECT 1, nosuch FROM kv"), 11);
  EXPECT_EQ(error_position(session, "SELECT 100000, nosuch FROM kv"), 16);
}

}  // namespace
}  // namespace upsertdb
