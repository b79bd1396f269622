// Batches lock in key order, through the engine with two sessions on their
// own threads: opposite-order multi-row upserts, UPDATEs and DELETEs do not
// deadlock; a batch that never waits takes no row lock (nothing else ran);
// one that waits first locks the rows of the keys it visited before.
#include "exec/batch_lock_order.h"

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

class BatchLockOrder : public ::testing::Test {
 protected:
  void SetUp() override {
    a.execute("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL)");
    // Key 2 first: a scan meets the keys in the opposite of key order.
    a.execute("INSERT INTO t VALUES (2, 0)");
    a.execute("INSERT INTO t VALUES (1, 0)");
  }
  size_t locked_rows() {
    std::lock_guard<std::mutex> hold(engine.latch());
    return engine.transactions().row_locks().locked_rows();
  }
  std::string values() {
    auto r = a.execute("SELECT string_agg(id || '=' || v, ',' ORDER BY id) FROM t");
    return r[0].rows[0][0].as_str();
  }
  Engine engine{""};
  Session a{engine};
  Session b{engine};
};

TEST_F(BatchLockOrder, OppositeOrderUpsertsDoNotDeadlock) {
  a.execute("BEGIN; INSERT INTO t VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET v = t.v + excluded.v");
  auto batch = std::async(std::launch::async, [&] {
    return run(b, "INSERT INTO t VALUES (2, 10), (1, 10) ON CONFLICT (id) DO UPDATE SET v = t.v + excluded.v");
  });
  EXPECT_EQ(batch.wait_for(200ms), std::future_status::timeout) << "waits for key 1";
  EXPECT_EQ(run(a, "INSERT INTO t VALUES (2, 1) ON CONFLICT (id) DO UPDATE SET v = t.v + excluded.v"), "INSERT 0 1")
      << "key 2 is not held by the waiting batch";
  a.execute("COMMIT");
  EXPECT_EQ(batch.get(), "INSERT 0 2");
  EXPECT_EQ(values(), "1=11,2=11");
}

TEST_F(BatchLockOrder, OppositeOrderDoNothingDoesNotDeadlock) {
  a.execute("BEGIN; INSERT INTO t VALUES (3, 1)");
  auto batch = std::async(std::launch::async, [&] {
    return run(b, "INSERT INTO t VALUES (4, 10), (3, 10) ON CONFLICT DO NOTHING");
  });
  EXPECT_EQ(batch.wait_for(200ms), std::future_status::timeout) << "waits for key 3";
  EXPECT_EQ(run(a, "INSERT INTO t VALUES (4, 1) ON CONFLICT DO NOTHING"), "INSERT 0 1");
  a.execute("COMMIT");
  EXPECT_EQ(batch.get(), "INSERT 0 0");
  EXPECT_EQ(values(), "1=0,2=0,3=1,4=1");
}

TEST_F(BatchLockOrder, OppositeOrderUpdateAndDeleteDoNotDeadlock) {
  a.execute("BEGIN; UPDATE t SET v = v + 1 WHERE id = 1");
  auto update = std::async(std::launch::async, [&] { return run(b, "UPDATE t SET v = v + 10 WHERE v >= 0"); });
  EXPECT_EQ(update.wait_for(200ms), std::future_status::timeout) << "waits for key 1";
  EXPECT_EQ(run(a, "UPDATE t SET v = v + 1 WHERE id = 2"), "UPDATE 1");
  a.execute("COMMIT");
  EXPECT_EQ(update.get(), "UPDATE 2");
  EXPECT_EQ(values(), "1=11,2=11");

  a.execute("BEGIN; UPDATE t SET v = v + 1 WHERE id = 1");
  auto del = std::async(std::launch::async, [&] { return run(b, "DELETE FROM t WHERE v >= 0"); });
  EXPECT_EQ(del.wait_for(200ms), std::future_status::timeout) << "waits for key 1";
  EXPECT_EQ(run(a, "UPDATE t SET v = v + 1 WHERE id = 2"), "UPDATE 1");
  a.execute("COMMIT");
  EXPECT_EQ(del.get(), "DELETE 2");
}

TEST_F(BatchLockOrder, ABatchThatNeverWaitsTakesNoRowLock) {
  b.execute("BEGIN");
  EXPECT_EQ(run(b, "INSERT INTO t VALUES (2, 5), (1, 5), (3, 5) ON CONFLICT (id) DO UPDATE SET v = excluded.v"),
            "INSERT 0 3");
  EXPECT_EQ(run(b, "UPDATE t SET v = 6 WHERE v = 5"), "UPDATE 3");
  EXPECT_EQ(locked_rows(), 0u);
  b.execute("COMMIT");
}

TEST_F(BatchLockOrder, AWaitingBatchHoldsTheKeysBeforeTheOneItWaitsFor) {
  a.execute("INSERT INTO t VALUES (3, 0)");
  a.execute("BEGIN; UPDATE t SET v = 1 WHERE id = 2");
  auto batch = std::async(std::launch::async, [&] {
    return run(b, "INSERT INTO t VALUES (3, 10), (2, 10), (1, 10) ON CONFLICT (id) DO UPDATE SET v = excluded.v");
  });
  EXPECT_EQ(batch.wait_for(200ms), std::future_status::timeout) << "waits for key 2";
  EXPECT_EQ(locked_rows(), 1u) << "key 1's row, visited before key 2";
  Session c{engine};
  c.execute("SET lock_timeout = '100ms'");
  EXPECT_EQ(run(c, "UPDATE t SET v = 2 WHERE id = 1"), "55P03 canceling statement due to lock timeout");
  EXPECT_EQ(run(c, "UPDATE t SET v = 2 WHERE id = 3"), "UPDATE 1") << "key 3, after key 2, is not locked yet";
  a.execute("ROLLBACK");
  EXPECT_EQ(batch.get(), "INSERT 0 3");
  EXPECT_EQ(values(), "1=10,2=10,3=10");
  EXPECT_EQ(locked_rows(), 0u);
}

}  // namespace
}  // namespace upsertdb
