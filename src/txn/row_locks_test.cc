// RowLockTable: PostgreSQL's conflict table between the four row-lock
// strengths, several holders per row, savepoint and end-of-transaction
// release, and no entry left behind once a row's holders are gone.
#include "txn/row_locks.h"

#include <gtest/gtest.h>

#include "txn/transaction.h"

namespace upsertdb {
namespace {

using M = RowLockMode;

TEST(RowLocks, ConflictTableIsPostgres) {
  const M modes[] = {M::kKeyShare, M::kShare, M::kNoKeyUpdate, M::kUpdate};
  // Rows and columns in the order above; true = conflict (PostgreSQL 15 docs, table 13.3).
  const bool expected[4][4] = {
      {false, false, false, true},
      {false, false, true, true},
      {false, true, true, true},
      {true, true, true, true},
  };
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b)
      EXPECT_EQ(row_lock_modes_conflict(modes[a], modes[b]), expected[a][b]) << a << "," << b;
}

constexpr uint64_t kA = kTxnBit | 1, kB = kTxnBit | 2, kC = kTxnBit | 3;

TEST(RowLocks, SharedHoldersAndConflicts) {
  RowLockTable locks;
  auto store = std::make_shared<TableStore>();
  locks.acquire(store, 5, kA, M::kShare);
  locks.acquire(store, 5, kB, M::kShare);
  EXPECT_EQ(locks.locked_rows(), 1u);
  EXPECT_EQ(locks.conflicting_holder(store.get(), 5, kC, M::kKeyShare), 0u);
  EXPECT_EQ(locks.conflicting_holder(store.get(), 5, kC, M::kShare), 0u);
  uint64_t h = locks.conflicting_holder(store.get(), 5, kC, M::kNoKeyUpdate);
  EXPECT_TRUE(h == kA || h == kB);
  // A holder's own lock never blocks it; the other holder's does.
  EXPECT_EQ(locks.conflicting_holder(store.get(), 5, kA, M::kUpdate), kB);
  EXPECT_TRUE(locks.blocks(store.get(), 5, kB, M::kUpdate));
  EXPECT_FALSE(locks.blocks(store.get(), 5, kB, M::kKeyShare));
  // Another row, another store: free.
  EXPECT_EQ(locks.conflicting_holder(store.get(), 6, kC, M::kUpdate), 0u);
  TableStore other;
  EXPECT_EQ(locks.conflicting_holder(&other, 5, kC, M::kUpdate), 0u);
  locks.release_all(kA);
  EXPECT_EQ(locks.conflicting_holder(store.get(), 5, kC, M::kUpdate), kB);
  locks.release_all(kB);
  EXPECT_EQ(locks.conflicting_holder(store.get(), 5, kC, M::kUpdate), 0u);
  EXPECT_EQ(locks.locked_rows(), 0u);
}

TEST(RowLocks, StrongerLockCoversWeaker) {
  RowLockTable locks;
  auto store = std::make_shared<TableStore>();
  locks.acquire(store, 1, kA, M::kUpdate);
  locks.acquire(store, 1, kA, M::kKeyShare);   // already covered: nothing recorded
  EXPECT_EQ(locks.acquired_count(kA), 1u);
  EXPECT_TRUE(locks.holds(store.get(), 1, kA, M::kShare));
  locks.acquire(store, 2, kA, M::kKeyShare);
  locks.acquire(store, 2, kA, M::kNoKeyUpdate);   // an upgrade is a new acquisition
  EXPECT_EQ(locks.acquired_count(kA), 3u);
  EXPECT_EQ(locks.conflicting_holder(store.get(), 2, kB, M::kShare), kA);
}

TEST(RowLocks, ReleaseSinceUndoesLaterAcquisitionsOnly) {
  RowLockTable locks;
  int woken = 0;
  locks.on_release = [&](uint64_t holder) {
    EXPECT_EQ(holder, kA);
    ++woken;
  };
  auto store = std::make_shared<TableStore>();
  locks.acquire(store, 1, kA, M::kShare);
  size_t mark = locks.acquired_count(kA);
  locks.acquire(store, 1, kA, M::kUpdate);   // upgrade after the savepoint
  locks.acquire(store, 2, kA, M::kKeyShare);
  EXPECT_EQ(locks.conflicting_holder(store.get(), 1, kB, M::kKeyShare), kA);
  locks.release_since(kA, mark);
  EXPECT_EQ(woken, 1);
  // Back to SHARE on row 1, nothing on row 2 (its entry is gone).
  EXPECT_EQ(locks.conflicting_holder(store.get(), 1, kB, M::kKeyShare), 0u);
  EXPECT_EQ(locks.conflicting_holder(store.get(), 1, kB, M::kNoKeyUpdate), kA);
  EXPECT_EQ(locks.locked_rows(), 1u);
  locks.release_all(kA);
  EXPECT_EQ(locks.locked_rows(), 0u);
  EXPECT_EQ(locks.acquired_count(kA), 0u);
}

TEST(RowLocks, TransactionEndAndSavepointRelease) {
  TransactionManager tm;
  auto store = std::make_shared<TableStore>();
  auto a = tm.begin();
  auto b = tm.begin();
  tm.row_locks().acquire(store, 1, a->marker(), M::kShare);
  a->push_savepoint("s");
  tm.row_locks().acquire(store, 2, a->marker(), M::kUpdate);
  tm.row_locks().acquire(store, 1, b->marker(), M::kKeyShare);
  EXPECT_EQ(tm.row_locks().locked_rows(), 2u);
  a->rollback_to_savepoint(a->find_savepoint("s"));
  EXPECT_EQ(tm.row_locks().conflicting_holder(store.get(), 2, b->marker(), M::kUpdate), 0u);
  EXPECT_EQ(tm.row_locks().conflicting_holder(store.get(), 1, b->marker(), M::kUpdate), a->marker());
  tm.commit(*a);
  EXPECT_EQ(tm.row_locks().conflicting_holder(store.get(), 1, kC, M::kUpdate), b->marker());
  tm.rollback(*b);
  EXPECT_EQ(tm.row_locks().locked_rows(), 0u);
}

}  // namespace
}  // namespace upsertdb
