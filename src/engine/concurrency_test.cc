// Two sessions on one engine, each on its own thread: a writer that meets a
// row another transaction is writing waits for that transaction to end (as
// PostgreSQL does) instead of failing; a cycle of waits is a deadlock (40P01).
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "engine/engine.h"
#include "engine/session.h"
#include "engine/session_test_util.h"

namespace upsertdb {
namespace {

using namespace std::chrono_literals;

std::string run(Session& s, const std::string& sql) { return test::outcome(s, sql); }

int64_t count(Session& s, const std::string& sql) { return s.execute(sql)[0].rows[0][0].as_int(); }

class Concurrency : public ::testing::Test {
 protected:
  void SetUp() override { a.execute("CREATE TABLE kv (k int PRIMARY KEY, v text)"); }
  Engine engine{""};
  Session a{engine};
  Session b{engine};
};

TEST_F(Concurrency, UpsertWaitsForTheInsertingTransactionThenSeesItsRow) {
  a.execute("BEGIN; INSERT INTO kv VALUES (1, 'a')");
  auto other = std::async(std::launch::async, [&] {
    return run(b, "INSERT INTO kv VALUES (1, 'b') ON CONFLICT (k) DO UPDATE SET v = kv.v || excluded.v");
  });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout) << "the upsert must wait";
  a.execute("COMMIT");
  EXPECT_EQ(other.get(), "INSERT 0 1");
  EXPECT_EQ(a.execute("SELECT v FROM kv WHERE k = 1")[0].rows[0][0].as_str(), "ab");
}

TEST_F(Concurrency, InsertWaitsAndProceedsWhenTheOtherRollsBack) {
  a.execute("BEGIN; INSERT INTO kv VALUES (1, 'a')");
  auto other = std::async(std::launch::async, [&] { return run(b, "INSERT INTO kv VALUES (1, 'b')"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout);
  a.execute("ROLLBACK");
  EXPECT_EQ(other.get(), "INSERT 0 1");
  EXPECT_EQ(count(a, "SELECT count(*) FROM kv WHERE v = 'b'"), 1);
}

TEST_F(Concurrency, InsertWaitsAndFailsWhenTheOtherCommits) {
  a.execute("BEGIN; INSERT INTO kv VALUES (1, 'a')");
  auto other = std::async(std::launch::async, [&] { return run(b, "INSERT INTO kv VALUES (1, 'b')"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout);
  a.execute("COMMIT");
  EXPECT_EQ(other.get(), "23505 duplicate key value violates unique constraint \"kv_pkey\"");
}

TEST_F(Concurrency, DoNothingWaitsThenSkips) {
  a.execute("BEGIN; INSERT INTO kv VALUES (1, 'a')");
  auto other = std::async(std::launch::async, [&] { return run(b, "INSERT INTO kv VALUES (1, 'b') ON CONFLICT DO NOTHING"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout);
  a.execute("COMMIT");
  EXPECT_EQ(other.get(), "INSERT 0 0");
}

TEST_F(Concurrency, UpdateWaitsForARolledBackWriter) {
  a.execute("INSERT INTO kv VALUES (1, 'a')");
  a.execute("BEGIN; UPDATE kv SET v = 'x' WHERE k = 1");
  auto other = std::async(std::launch::async, [&] { return run(b, "UPDATE kv SET v = 'y' WHERE k = 1"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout);
  a.execute("ROLLBACK");
  EXPECT_EQ(other.get(), "UPDATE 1");
  EXPECT_EQ(a.execute("SELECT v FROM kv WHERE k = 1")[0].rows[0][0].as_str(), "y");
}

TEST_F(Concurrency, ReadCommittedUpdateRechecksTheCommittedRow) {
  a.execute("INSERT INTO kv VALUES (1, 'a'), (2, 'b')");
  a.execute("BEGIN; UPDATE kv SET v = v || 'x' WHERE k = 1; UPDATE kv SET k = 5 WHERE k = 2");
  auto first = std::async(std::launch::async, [&] { return run(b, "UPDATE kv SET v = v || 'y' WHERE k = 1"); });
  EXPECT_EQ(first.wait_for(200ms), std::future_status::timeout);
  a.execute("COMMIT");
  EXPECT_EQ(first.get(), "UPDATE 1");
  EXPECT_EQ(a.execute("SELECT v FROM kv WHERE k = 1")[0].rows[0][0].as_str(), "axy") << "no lost update";
  // A row whose new version no longer matches the WHERE is skipped.
  a.execute("BEGIN; UPDATE kv SET k = 6 WHERE k = 5");
  auto second = std::async(std::launch::async, [&] { return run(b, "DELETE FROM kv WHERE k = 5"); });
  EXPECT_EQ(second.wait_for(200ms), std::future_status::timeout);
  a.execute("COMMIT");
  EXPECT_EQ(second.get(), "DELETE 0");
}

TEST_F(Concurrency, EightWritersLoseNoIncrement) {
  a.execute("CREATE TABLE c (id int PRIMARY KEY, n int NOT NULL); INSERT INTO c VALUES (1, 0)");
  std::vector<std::unique_ptr<Session>> sessions;
  for (int i = 0; i < 8; ++i) sessions.push_back(std::make_unique<Session>(engine));
  std::vector<std::future<int>> workers;
  for (auto& s : sessions) {
    workers.push_back(std::async(std::launch::async, [&s] {
      int failures = 0;
      for (int j = 0; j < 25; ++j) {
        if (run(*s, "BEGIN; UPDATE c SET n = n + 1 WHERE id = 1; COMMIT") != "COMMIT") ++failures;
      }
      return failures;
    }));
  }
  int failures = 0;
  for (auto& w : workers) failures += w.get();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(count(a, "SELECT n FROM c"), 200);
}

TEST_F(Concurrency, RepeatableReadUpdateOfAConcurrentlyChangedRowFails) {
  a.execute("INSERT INTO kv VALUES (1, 'a')");
  b.execute("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM kv");
  a.execute("UPDATE kv SET v = 'z' WHERE k = 1");
  EXPECT_EQ(run(b, "UPDATE kv SET v = 'y' WHERE k = 1"), "40001 could not serialize access due to concurrent update");
  b.execute("ROLLBACK");
}

TEST_F(Concurrency, JobQueueWithSkipLockedAndNowait) {
  a.execute("CREATE TABLE jobs (id int PRIMARY KEY, done boolean NOT NULL DEFAULT false)");
  a.execute("INSERT INTO jobs (id) VALUES (1), (2), (3)");
  const std::string take = "SELECT id FROM jobs WHERE NOT done ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED";
  a.execute("BEGIN");
  EXPECT_EQ(a.execute(take)[0].rows[0][0].as_int(), 1);
  b.execute("BEGIN");
  EXPECT_EQ(b.execute(take)[0].rows[0][0].as_int(), 2) << "the row A holds is skipped";
  EXPECT_EQ(run(b, "SELECT id FROM jobs WHERE id = 1 FOR UPDATE NOWAIT"),
            "55P03 could not obtain lock on row in relation \"jobs\"");
  b.execute("ROLLBACK");
  Session c(engine);
  auto waiter = std::async(std::launch::async, [&] {
    auto r = c.execute("SELECT id FROM jobs WHERE id = 1 AND NOT done FOR UPDATE");
    return r[0].rows.size();
  });
  EXPECT_EQ(waiter.wait_for(200ms), std::future_status::timeout) << "FOR UPDATE waits for the holder";
  a.execute("UPDATE jobs SET done = true WHERE id = 1");
  a.execute("COMMIT");
  EXPECT_EQ(waiter.get(), 0u) << "READ COMMITTED re-checks the new version: no longer NOT done";
}

TEST_F(Concurrency, ForUpdateWaitsForALockOnlyHolder) {
  a.execute("INSERT INTO kv VALUES (1, 'a')");
  a.execute("BEGIN; SELECT * FROM kv WHERE k = 1 FOR UPDATE");
  auto other = std::async(std::launch::async, [&] { return run(b, "UPDATE kv SET v = 'b' WHERE k = 1"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout) << "a locked row blocks writers";
  a.execute("COMMIT");
  EXPECT_EQ(other.get(), "UPDATE 1");
}

TEST_F(Concurrency, CrossedInsertsDeadlock) {
  a.execute("BEGIN; INSERT INTO kv VALUES (1, 'a')");
  b.execute("BEGIN; INSERT INTO kv VALUES (2, 'b')");
  auto first = std::async(std::launch::async, [&] { return run(a, "INSERT INTO kv VALUES (2, 'a')"); });
  EXPECT_EQ(first.wait_for(200ms), std::future_status::timeout);
  // b now waits for a, which waits for b: b is told, a goes on once b rolls back.
  EXPECT_EQ(run(b, "INSERT INTO kv VALUES (1, 'b')"), "40P01 deadlock detected");
  b.execute("ROLLBACK");
  EXPECT_EQ(first.get(), "INSERT 0 1");
  a.execute("COMMIT");
  EXPECT_EQ(count(a, "SELECT count(*) FROM kv"), 2);
}

TEST_F(Concurrency, RepeatableReadRefusesARowCommittedAfterItsSnapshot) {
  b.execute("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM kv");
  a.execute("INSERT INTO kv VALUES (1, 'a')");
  EXPECT_EQ(run(b, "INSERT INTO kv VALUES (1, 'b') ON CONFLICT DO NOTHING"),
            "40001 could not serialize access due to concurrent update");
  b.execute("ROLLBACK");
}

}  // namespace
}  // namespace upsertdb

namespace upsertdb {
namespace {

// A wait ends early, as in PostgreSQL, on lock_timeout (55P03), on the
// statement's statement_timeout and on a cancel request (57014); the holder's
// transaction is unaffected and the waiter's session stays usable.
class WaitLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    a.execute("CREATE TABLE kv (k int PRIMARY KEY, v text); INSERT INTO kv VALUES (1, 'x')");
    a.execute("BEGIN; UPDATE kv SET v = 'a' WHERE k = 1");
  }
  void TearDown() override { a.execute("ROLLBACK"); }
  // Runs `sql` on b; returns its outcome and how long it took.
  std::pair<std::string, std::chrono::milliseconds> timed(const std::string& sql) {
    auto start = std::chrono::steady_clock::now();
    std::string outcome = run(b, sql);
    return {outcome, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)};
  }
  Engine engine{""};
  Session a{engine};
  Session b{engine};
};

TEST_F(WaitLimits, LockTimeout) {
  b.execute("SET lock_timeout = '150ms'");
  auto [outcome, took] = timed("UPDATE kv SET v = 'b' WHERE k = 1");
  EXPECT_EQ(outcome, "55P03 canceling statement due to lock timeout");
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, 5s);
  EXPECT_EQ(run(b, "SELECT 1"), "SELECT 1");
}

TEST_F(WaitLimits, StatementTimeoutWhileWaiting) {
  b.execute("SET statement_timeout = 150");
  auto [outcome, took] = timed("INSERT INTO kv VALUES (1, 'b') ON CONFLICT (k) DO UPDATE SET v = 'b'");
  EXPECT_EQ(outcome, "57014 canceling statement due to statement timeout");
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, 5s);
}

TEST_F(WaitLimits, TheEarlierOfTheTwoWins) {
  b.execute("SET statement_timeout = '5s'; SET lock_timeout = '100ms'");
  EXPECT_EQ(timed("DELETE FROM kv WHERE k = 1").first, "55P03 canceling statement due to lock timeout");
  b.execute("SET statement_timeout = '100ms'; SET lock_timeout = '5s'");
  EXPECT_EQ(timed("DELETE FROM kv WHERE k = 1").first, "57014 canceling statement due to statement timeout");
}

TEST_F(WaitLimits, CancelWhileWaiting) {
  auto waiting = std::async(std::launch::async, [&] { return timed("SELECT * FROM kv FOR UPDATE"); });
  EXPECT_EQ(waiting.wait_for(200ms), std::future_status::timeout) << "must wait for the row lock";
  b.cancel();
  auto [outcome, took] = waiting.get();
  EXPECT_EQ(outcome, "57014 canceling statement due to user request");
}

TEST_F(WaitLimits, NoLimitWaitsForTheHolder) {
  auto waiting = std::async(std::launch::async, [&] { return timed("UPDATE kv SET v = 'b' WHERE k = 1").first; });
  EXPECT_EQ(waiting.wait_for(300ms), std::future_status::timeout);
  a.execute("COMMIT; BEGIN");
  EXPECT_EQ(waiting.get(), "UPDATE 1");
}

}  // namespace
}  // namespace upsertdb
