// SERIALIZABLE through sessions: which reads take which SIREAD locks (an
// index range scan locks its range, not the table), that only serializable
// transactions are tracked, and that the tracker forgets them when they end.
// The PostgreSQL-recorded histories are in tests/isolation/specs/serializable-*.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/session.h"
#include "engine/session_test_util.h"

namespace upsertdb {
namespace {

std::string run(Session& s, const std::string& sql) { return test::outcome(s, sql, /*want_detail=*/true); }

class Serializable : public ::testing::Test {
 protected:
  void SetUp() override {
    a.execute("CREATE TABLE booking (room int, day int, guest text, PRIMARY KEY (room, day))");
    a.execute("INSERT INTO booking SELECT r, d, 'x' FROM generate_series(1, 3) r, generate_series(1, 30, 10) d");
  }
  size_t tracked() { return engine.transactions().ssi().tracked(); }
  Engine engine{""};
  Session a{engine};
  Session b{engine};
};

// Disjoint index ranges, each transaction inserting into its own: no
// conflict (PostgreSQL, locking index pages, may cancel one here).
TEST_F(Serializable, DisjointIndexRangesDoNotConflict) {
  run(a, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  run(b, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  EXPECT_EQ(run(a, "SELECT count(*) FROM booking WHERE room = 1 AND day BETWEEN 2 AND 4"), "SELECT 1");
  EXPECT_EQ(run(b, "SELECT count(*) FROM booking WHERE room = 2 AND day BETWEEN 2 AND 4"), "SELECT 1");
  EXPECT_EQ(tracked(), 2u);
  EXPECT_EQ(run(a, "INSERT INTO booking VALUES (1, 3, 'alice')"), "INSERT 0 1");
  EXPECT_EQ(run(b, "INSERT INTO booking VALUES (2, 3, 'bob')"), "INSERT 0 1");
  EXPECT_EQ(run(a, "COMMIT"), "COMMIT");
  EXPECT_EQ(run(b, "COMMIT"), "COMMIT");
  EXPECT_EQ(tracked(), 0u);
}

TEST_F(Serializable, InsertIntoTheOthersRangeIsAPhantom) {
  run(a, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  run(b, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  run(a, "SELECT count(*) FROM booking WHERE room = 1 AND day BETWEEN 2 AND 4");
  run(b, "SELECT count(*) FROM booking WHERE room = 2 AND day BETWEEN 2 AND 4");
  EXPECT_EQ(run(a, "INSERT INTO booking VALUES (2, 4, 'alice')"), "INSERT 0 1");   // b -> a
  EXPECT_EQ(run(b, "INSERT INTO booking VALUES (1, 2, 'bob')"), "INSERT 0 1");     // a -> b
  EXPECT_EQ(run(b, "COMMIT"), "COMMIT");
  EXPECT_EQ(run(a, "COMMIT"), "40001 Reason code: Canceled on identification as a pivot, during commit attempt.");
  EXPECT_EQ(tracked(), 0u);
}

// The committed reader's locks outlive it while the other still runs.
TEST_F(Serializable, CommittedReaderStillConflictsWithAnOverlappingWriter) {
  run(a, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  run(b, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  run(a, "SELECT sum(day) FROM booking");
  run(b, "SELECT sum(day) FROM booking");
  EXPECT_EQ(run(a, "UPDATE booking SET guest = 'a' WHERE room = 1 AND day = 1"), "UPDATE 1");
  EXPECT_EQ(run(a, "COMMIT"), "COMMIT");
  EXPECT_EQ(tracked(), 2u);
  EXPECT_EQ(run(b, "UPDATE booking SET guest = 'b' WHERE room = 3 AND day = 1"),
            "40001 Reason code: Canceled on identification as a pivot, during write.");
  EXPECT_EQ(run(b, "COMMIT"), "ROLLBACK");
  EXPECT_EQ(tracked(), 0u);
}

TEST_F(Serializable, OtherLevelsAreNotTracked) {
  for (const char* level : {"READ COMMITTED", "REPEATABLE READ"}) {
    run(a, std::string("BEGIN ISOLATION LEVEL ") + level);
    run(a, "SELECT count(*) FROM booking");
    run(a, "UPDATE booking SET guest = 'y' WHERE room = 1");
    EXPECT_EQ(tracked(), 0u) << level;
    run(a, "COMMIT");
  }
  // A serializable one is tracked from its first statement on.
  run(a, "SET default_transaction_isolation = 'serializable'");
  run(a, "BEGIN");
  EXPECT_EQ(tracked(), 0u);
  run(a, "SELECT 1");
  EXPECT_EQ(tracked(), 1u);
  run(a, "ROLLBACK");
  EXPECT_EQ(tracked(), 0u);
}

TEST_F(Serializable, ReadOnlyDeferrableIsAccepted) {
  EXPECT_EQ(run(a, "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE"), "BEGIN");
  EXPECT_EQ(run(a, "SELECT count(*) FROM booking"), "SELECT 1");
  EXPECT_EQ(run(a, "COMMIT"), "COMMIT");
}

}  // namespace
}  // namespace upsertdb
