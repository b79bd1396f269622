// Shared row locks through the engine, two sessions on their own threads:
// FOR SHARE blocks every writer of the row, FOR KEY SHARE only DELETE and key
// changes; two FOR SHARE holders that both update deadlock; ROLLBACK TO
// SAVEPOINT releases the locks (and writes) made after it and wakes their
// waiters; a foreign-key check holds KEY SHARE on the parent row; the lock
// table is empty once the holders end.
#include "exec/row_lock_waits.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "engine/engine.h"
#include "engine/session.h"
#include "engine/session_test_util.h"

namespace upsertdb {
namespace {

using namespace std::chrono_literals;

std::string run(Session& s, const std::string& sql) { return test::outcome(s, sql); }

class RowLockWaits : public ::testing::Test {
 protected:
  void SetUp() override {
    a.execute("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL)");
    a.execute("INSERT INTO t VALUES (1, 1)");
  }
  size_t locked_rows() {
    std::lock_guard<std::mutex> hold(engine.latch());
    return engine.transactions().row_locks().locked_rows();
  }
  Engine engine{""};
  Session a{engine};
  Session b{engine};
};

TEST_F(RowLockWaits, ForShareBlocksANonKeyUpdate) {
  a.execute("BEGIN; SELECT * FROM t WHERE id = 1 FOR SHARE");
  EXPECT_EQ(locked_rows(), 1u);
  auto other = std::async(std::launch::async, [&] { return run(b, "UPDATE t SET v = 2 WHERE id = 1"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout) << "FOR SHARE blocks the update";
  a.execute("COMMIT");
  EXPECT_EQ(other.get(), "UPDATE 1");
  EXPECT_EQ(locked_rows(), 0u) << "the entry goes with its last holder";
}

TEST_F(RowLockWaits, ForKeyShareBlocksOnlyKeyChangesAndDeletes) {
  a.execute("BEGIN; SELECT * FROM t WHERE id = 1 FOR KEY SHARE");
  EXPECT_EQ(run(b, "UPDATE t SET v = 2 WHERE id = 1"), "UPDATE 1");
  auto other = std::async(std::launch::async, [&] { return run(b, "DELETE FROM t WHERE id = 1"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout) << "FOR KEY SHARE blocks the delete";
  a.execute("COMMIT");
  EXPECT_EQ(other.get(), "DELETE 1");
}

TEST_F(RowLockWaits, TwoShareHoldersThatBothUpdateDeadlock) {
  a.execute("BEGIN; SELECT * FROM t WHERE id = 1 FOR SHARE");
  b.execute("BEGIN; SELECT * FROM t WHERE id = 1 FOR SHARE");
  auto first = std::async(std::launch::async, [&] { return run(a, "UPDATE t SET v = 2 WHERE id = 1"); });
  EXPECT_EQ(first.wait_for(200ms), std::future_status::timeout) << "waits for B's share lock";
  EXPECT_EQ(run(b, "UPDATE t SET v = 3 WHERE id = 1"), "40P01 deadlock detected");
  b.execute("ROLLBACK");
  EXPECT_EQ(first.get(), "UPDATE 1");
  a.execute("COMMIT");
  EXPECT_EQ(a.execute("SELECT v FROM t")[0].rows[0][0].as_int(), 2);
}

TEST_F(RowLockWaits, RollbackToSavepointReleasesLaterLocksAndWakesWaiters) {
  a.execute("BEGIN; SELECT * FROM t WHERE id = 1 FOR KEY SHARE; SAVEPOINT s; SELECT * FROM t WHERE id = 1 FOR UPDATE");
  auto other = std::async(std::launch::async, [&] { return run(b, "UPDATE t SET v = 2 WHERE id = 1"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout);
  a.execute("ROLLBACK TO SAVEPOINT s");
  EXPECT_EQ(other.wait_for(2s), std::future_status::ready) << "the FOR UPDATE lock went with the savepoint";
  EXPECT_EQ(other.get(), "UPDATE 1");
  EXPECT_EQ(locked_rows(), 1u) << "the KEY SHARE lock from before the savepoint stays";
  a.execute("COMMIT");
  EXPECT_EQ(locked_rows(), 0u);
}

TEST_F(RowLockWaits, RollbackToSavepointWakesTheWaitersOfALaterWrite) {
  a.execute("BEGIN; SAVEPOINT s; UPDATE t SET v = 10 WHERE id = 1");
  auto other = std::async(std::launch::async, [&] { return run(b, "UPDATE t SET v = v + 1 WHERE id = 1"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout);
  a.execute("ROLLBACK TO SAVEPOINT s");
  EXPECT_EQ(other.wait_for(2s), std::future_status::ready) << "the write went with the savepoint";
  EXPECT_EQ(other.get(), "UPDATE 1");
  a.execute("COMMIT");
  EXPECT_EQ(a.execute("SELECT v FROM t")[0].rows[0][0].as_int(), 2);
}

TEST_F(RowLockWaits, ForeignKeyCheckHoldsKeyShareOnTheParent) {
  a.execute("CREATE TABLE c (id int PRIMARY KEY, t_id int REFERENCES t (id))");
  a.execute("BEGIN; INSERT INTO c VALUES (10, 1); UPDATE c SET t_id = NULL WHERE id = 10");
  EXPECT_EQ(run(b, "UPDATE t SET v = 5 WHERE id = 1"), "UPDATE 1") << "a non-key update does not wait";
  auto other = std::async(std::launch::async, [&] { return run(b, "DELETE FROM t WHERE id = 1"); });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout) << "the KEY SHARE lock outlives the reference";
  a.execute("COMMIT");
  EXPECT_EQ(other.get(), "DELETE 1");
  EXPECT_EQ(locked_rows(), 0u);
}

TEST_F(RowLockWaits, NoLockEntryForAParentThisTransactionWrote) {
  a.execute("CREATE TABLE c (id int PRIMARY KEY, t_id int REFERENCES t (id))");
  a.execute("BEGIN; INSERT INTO t VALUES (2, 2); INSERT INTO c VALUES (10, 2), (11, 2)");
  EXPECT_EQ(locked_rows(), 0u);
  a.execute("INSERT INTO c VALUES (12, 1)");
  EXPECT_EQ(locked_rows(), 1u) << "a committed parent is locked";
  a.execute("COMMIT");
  EXPECT_EQ(locked_rows(), 0u);
}

TEST(RowLockModes, KeyColumnsAreThoseOfPlainUniqueIndexes) {
  Engine engine{""};
  Session s{engine};
  s.execute("CREATE TABLE k (a int PRIMARY KEY, b int, c int, d int)");
  s.execute("CREATE UNIQUE INDEX k_b ON k (b) WHERE b > 0");
  s.execute("CREATE UNIQUE INDEX k_c ON k ((c + 1))");
  s.execute("CREATE UNIQUE INDEX k_d ON k (d)");
  std::lock_guard<std::mutex> hold(engine.latch());
  auto t = engine.catalog().table("public", "k");
  ASSERT_TRUE(t);
  EXPECT_TRUE(is_key_column(*t, 0));
  EXPECT_FALSE(is_key_column(*t, 1)) << "partial index";
  EXPECT_FALSE(is_key_column(*t, 2)) << "expression index";
  EXPECT_TRUE(is_key_column(*t, 3));
  Row before{Value::int4(1), Value::int4(2), Value::int4(3), Value::null(TypeId::kInt4)};
  Row after = before;
  after[1] = Value::int4(7);
  EXPECT_EQ(update_lock_mode(*t, before, after), RowLockMode::kNoKeyUpdate);
  after[3] = Value::int4(7);
  EXPECT_EQ(update_lock_mode(*t, before, after), RowLockMode::kUpdate) << "NULL to a value changes the key";
  after = before;
  after[0] = Value::int4(1);
  EXPECT_EQ(update_lock_mode(*t, before, after), RowLockMode::kNoKeyUpdate) << "same value: no key change";
}

}  // namespace
}  // namespace upsertdb
