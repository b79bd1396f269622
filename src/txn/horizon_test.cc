// TransactionManager::horizon: the oldest snapshot a running transaction
// reads with, never above the latest commit; it rises when transactions end
// or move to a newer snapshot, and deletions are queued for the collector.
#include <gtest/gtest.h>

#include "txn/transaction.h"

namespace upsertdb {
namespace {

TEST(Horizon, IsTheLatestCommitWhenNothingRuns) {
  TransactionManager m;
  EXPECT_EQ(m.horizon(), m.now());
  auto t = m.begin();
  uint64_t ts = m.commit(*t);
  EXPECT_EQ(m.horizon(), ts);
}

TEST(Horizon, IsTheOldestRunningSnapshot) {
  TransactionManager m;
  auto old_reader = m.begin();   // reads at its start until it takes a snapshot
  const uint64_t start = m.now();
  for (int i = 0; i < 3; ++i) m.commit(*m.begin());
  EXPECT_EQ(m.horizon(), start);
  auto rc = m.begin();
  rc->set_snapshot_ts(m.now());
  EXPECT_EQ(m.horizon(), start);
  old_reader->set_snapshot_ts(m.now());   // a new statement snapshot (READ COMMITTED)
  m.commit(*m.begin());                   // the cached value is refreshed when a transaction ends
  EXPECT_EQ(m.horizon(), m.now() - 1);    // both read at the commit before the last one
  m.rollback(*old_reader);
  m.rollback(*rc);
  EXPECT_EQ(m.horizon(), m.now());
  old_reader->set_snapshot_ts(1);   // ended: no longer recorded anywhere
  m.commit(*m.begin());
  EXPECT_EQ(m.horizon(), m.now());
}

TEST(Horizon, CommittedDeletesAreQueuedInCommitOrder) {
  TransactionManager m;
  auto store = std::make_shared<TableStore>();
  Version* v = Version::make("row", 1, 0);
  RowId id = store->append(v);
  auto updater = m.begin();
  Version* nv = Version::make("row2", updater->marker(), 0);
  nv->older = v;
  store_stamp(v->end, updater->marker());
  store->set_head(id, nv);
  updater->record_write(WriteRecord{store, 7, id, nv, v});
  m.commit(*updater);
  EXPECT_TRUE(m.dead_rows().empty());   // an update leaves a live row
  auto deleter = m.begin();
  store_stamp(nv->end, deleter->marker());
  deleter->record_write(WriteRecord{store, 7, id, nullptr, nv});
  uint64_t ts = m.commit(*deleter);
  ASSERT_EQ(m.dead_rows().size(), 1u);
  EXPECT_EQ(m.dead_rows().front().commit_ts, ts);
  EXPECT_EQ(m.dead_rows().front().table_oid, 7u);
  EXPECT_EQ(m.dead_rows().front().row, id);
  auto rolled_back = m.begin();
  rolled_back->record_write(WriteRecord{store, 7, id, nullptr, nv});
  m.rollback(*rolled_back);
  EXPECT_EQ(m.dead_rows().size(), 1u);
}

}  // namespace
}  // namespace upsertdb
