// The SSI conflict tracker on its own: transactions are driven by hand
// (begin, lock, write checks, commit) the way the executor drives them, and
// the victims and reason codes are PostgreSQL's for the same histories.
#include "txn/ssi.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace upsertdb {
namespace {

constexpr uint32_t kTable = 100;
constexpr uint32_t kIndex = 101;

class SsiTest : public ::testing::Test {
 protected:
  uint64_t next_id_ = 0;
  uint64_t now_ = 10;   // the latest commit timestamp

  SerializableXact* begin(bool read_only = false) {
    return tracker_.begin(kTxnBit | ++next_id_, now_, read_only);
  }
  void commit(SerializableXact* sx) {
    tracker_.pre_commit(*sx);
    tracker_.committed(*sx, ++now_);
  }
  // The 40001 reason code `fn` fails with ("" when it does not fail).
  template <typename Fn>
  std::string reason(Fn fn) {
    try {
      fn();
    } catch (const DbError& e) {
      EXPECT_EQ(e.sqlstate(), "40001");
      EXPECT_EQ(e.fields().message, "could not serialize access due to read/write dependencies among transactions");
      EXPECT_EQ(e.fields().hint, "The transaction might succeed if retried.");
      return e.fields().detail;
    }
    return "";
  }
  void update(SerializableXact* sx, RowId row) { tracker_.check_write(*sx, kTable, &row); }

  SsiTracker tracker_;
};

TEST_F(SsiTest, KeyRangeCoversFromLowUpToPrefix) {
  SsiKeyRange whole{"", ""};
  EXPECT_TRUE(whole.covers(""));
  EXPECT_TRUE(whole.covers("zzz"));
  SsiKeyRange key{"b", "b"};   // one key
  EXPECT_TRUE(key.covers("b"));
  EXPECT_TRUE(key.covers("bx"));   // a longer key with the prefix (a multi-column index)
  EXPECT_FALSE(key.covers("a"));
  EXPECT_FALSE(key.covers("c"));
  SsiKeyRange range{"b", "d"};
  EXPECT_TRUE(range.covers("c"));
  EXPECT_TRUE(range.covers("d1"));
  EXPECT_FALSE(range.covers("e"));
}

// Doctors on call: both read the table, each updates its own row. The first
// to commit wins; the other becomes a pivot in- and out-conflicted.
TEST_F(SsiTest, WriteSkewFailsTheSecondAtCommit) {
  SerializableXact* s1 = begin();
  SerializableXact* s2 = begin();
  tracker_.lock_table(*s1, kTable);
  tracker_.lock_table(*s2, kTable);
  update(s1, 1);   // s2 -> s1
  update(s2, 2);   // s1 -> s2
  commit(s1);      // s2 is the pivot: doomed
  EXPECT_TRUE(s2->doomed);
  EXPECT_EQ(reason([&] { tracker_.pre_commit(*s2); }),
            "Reason code: Canceled on identification as a pivot, during commit attempt.");
  tracker_.aborted(*s2);
  EXPECT_EQ(tracker_.tracked(), 0u);
}

TEST_F(SsiTest, WriteAfterTheOtherCommittedFailsDuringWrite) {
  SerializableXact* s1 = begin();
  SerializableXact* s2 = begin();
  tracker_.lock_table(*s1, kTable);
  tracker_.lock_table(*s2, kTable);
  update(s1, 1);
  commit(s1);
  EXPECT_EQ(tracker_.tracked(), 2u);   // s1's locks outlive it: s2 overlaps it
  EXPECT_EQ(reason([&] { update(s2, 2); }), "Reason code: Canceled on identification as a pivot, during write.");
  tracker_.aborted(*s2);
  EXPECT_EQ(tracker_.tracked(), 0u);
}

TEST_F(SsiTest, DisjointReadsAndWritesCommit) {
  SerializableXact* s1 = begin();
  SerializableXact* s2 = begin();
  tracker_.lock_row(*s1, kTable, 1);
  tracker_.lock_row(*s2, kTable, 2);
  update(s1, 1);
  update(s2, 2);
  EXPECT_EQ(reason([&] { commit(s1); }), "");
  EXPECT_EQ(reason([&] { commit(s2); }), "");
  EXPECT_EQ(tracker_.tracked(), 0u);
}

// One rw-conflict alone is no anomaly: the reader serializes before the writer.
TEST_F(SsiTest, SingleConflictIsHarmless) {
  SerializableXact* reader = begin();
  SerializableXact* writer = begin();
  tracker_.lock_row(*reader, kTable, 7);
  update(writer, 7);
  EXPECT_TRUE(reader->out.count(writer));
  EXPECT_EQ(reason([&] { commit(writer); }), "");
  EXPECT_EQ(reason([&] { commit(reader); }), "");
}

// A reader that committed before the writer took its snapshot does not overlap it.
TEST_F(SsiTest, ReaderCommittedBeforeWriterSnapshotIsNoConflict) {
  SerializableXact* reader = begin();
  SerializableXact* other = begin();   // keeps the reader tracked after its commit
  tracker_.lock_table(*reader, kTable);
  commit(reader);
  SerializableXact* writer = begin();
  update(writer, 1);
  EXPECT_TRUE(writer->in.empty());
  commit(writer);
  commit(other);
}

TEST_F(SsiTest, IndexInsertIntoScannedRangeConflicts) {
  SerializableXact* s1 = begin();
  SerializableXact* s2 = begin();
  tracker_.lock_key_range(*s1, kTable, kIndex, "b", "d");
  tracker_.lock_key_range(*s2, kTable, kIndex, "b", "d");
  tracker_.check_index_insert(*s1, kIndex, "e");   // outside: nothing
  EXPECT_TRUE(s2->out.empty());
  tracker_.check_index_insert(*s1, kIndex, "c");   // s2 -> s1
  tracker_.check_index_insert(*s2, kIndex, "c2");  // s1 -> s2
  commit(s2);
  EXPECT_EQ(reason([&] { commit(s1); }), "Reason code: Canceled on identification as a pivot, during commit attempt.");
  tracker_.aborted(*s1);
}

// Reads see what the version chain says: a visible version replaced by a
// concurrent serializable transaction, or one it inserted.
TEST_F(SsiTest, ReadingAVersionAConcurrentWriterReplacedIsAConflictOut) {
  SerializableXact* reader = begin();
  SerializableXact* writer = begin();
  Version* old_version = Version::make("a", 5, 0);
  Version* new_version = Version::make("b", writer->marker, 0);
  new_version->older = old_version;
  old_version->end = writer->marker;
  Snapshot snap{reader->snapshot_ts, reader->marker, 0};
  tracker_.read_chain(*reader, snap, new_version, snap.find(new_version));
  EXPECT_TRUE(reader->out.count(writer));
  EXPECT_TRUE(writer->in.count(reader));

  // An insert the reader cannot see, once committed, still names its writer.
  SerializableXact* reader2 = begin();
  update(writer, 3);
  commit(writer);
  Version* inserted = Version::make("c", writer->commit_ts, 0);
  Snapshot snap2{reader2->snapshot_ts, reader2->marker, 0};
  ASSERT_EQ(snap2.find(inserted), nullptr);
  tracker_.read_chain(*reader2, snap2, inserted, nullptr);
  EXPECT_TRUE(reader2->out.count(writer));
  Version::destroy(inserted);
  Version::destroy(new_version);
  Version::destroy(old_version);
  tracker_.aborted(*reader);
  tracker_.aborted(*reader2);
  EXPECT_EQ(tracker_.tracked(), 0u);
}

TEST_F(SsiTest, DoomedReaderFailsOnItsNextRead) {
  SerializableXact* s1 = begin();
  SerializableXact* s2 = begin();
  tracker_.lock_table(*s1, kTable);
  tracker_.lock_table(*s2, kTable);
  update(s1, 1);
  update(s2, 2);
  commit(s1);
  Version* v = Version::make("a", 5, 0);
  Snapshot snap{s2->snapshot_ts, s2->marker, 0};
  EXPECT_EQ(reason([&] { tracker_.read_chain(*s2, snap, v, v); }),
            "Reason code: Canceled on identification as a pivot, during conflict out checking.");
  EXPECT_EQ(reason([&] { update(s2, 3); }),
            "Reason code: Canceled on identification as a pivot, during conflict in checking.");
  Version::destroy(v);
  tracker_.aborted(*s2);
}

// Many row locks on one table become one table lock.
TEST_F(SsiTest, RowLocksPromoteToTableLock) {
  SerializableXact* s1 = begin();
  for (RowId r = 0; r <= SsiTracker::kMaxRowLocksPerTable; ++r) tracker_.lock_row(*s1, kTable, r);
  EXPECT_TRUE(s1->holds_table(kTable));
  EXPECT_TRUE(s1->rows.empty());
  SerializableXact* s2 = begin();
  RowId far_away = 1'000'000;
  update(s2, far_away);   // the table lock covers rows never read
  EXPECT_TRUE(s1->out.count(s2));
  tracker_.aborted(*s1);
  tracker_.aborted(*s2);
}

// SIREAD data of a committed transaction lives exactly as long as some
// serializable transaction that overlapped it still runs.
TEST_F(SsiTest, CommittedTransactionsAreFreedOnceNobodyOverlapsThem) {
  SerializableXact* longrun = begin();
  for (int i = 0; i < 5; ++i) {
    SerializableXact* t = begin();
    update(t, static_cast<RowId>(i));
    commit(t);
  }
  EXPECT_EQ(tracker_.tracked(), 6u);
  SerializableXact* late = begin();   // started after those commits: overlaps none of them
  commit(longrun);                    // ... but overlaps this one
  EXPECT_EQ(tracker_.tracked(), 2u);
  commit(late);
  EXPECT_EQ(tracker_.tracked(), 0u);
}

// A READ ONLY reader that overlaps a committed writer with no earlier
// out-conflict appears to run before it: no conflict (PostgreSQL's rule).
TEST_F(SsiTest, ReadOnlyReaderOfCommittedWriterWithoutConflictOut) {
  SerializableXact* keep = begin();
  SerializableXact* writer = begin();
  update(writer, 1);
  SerializableXact* ro = begin(/*read_only=*/true);
  commit(writer);
  Version* v = Version::make("a", writer->commit_ts, 0);
  Snapshot snap{ro->snapshot_ts, ro->marker, 0};
  tracker_.read_chain(*ro, snap, v, nullptr);
  EXPECT_TRUE(ro->out.empty());
  Version::destroy(v);
  commit(ro);
  commit(keep);
}

}  // namespace
}  // namespace upsertdb
