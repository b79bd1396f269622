// TableStore retirement: while a checkpoint pins the store, versions unlinked
// from their rows are kept (it may still be reading them) and the last unpin
// frees them; unpinned, they are freed at once. (Leaks and early frees show
// under -fsanitize=address.)
#include "storage/table_store.h"

#include <gtest/gtest.h>

namespace upsertdb {
namespace {

TEST(TableStore, RetiredVersionsWaitForTheLastUnpin) {
  TableStore store;
  Version* committed = Version::make("old", 1, 0);
  RowId r = store.append(committed);
  Version* rolled_back = Version::make("new", kTxnBit | 7, 0);
  rolled_back->older = committed;
  store.set_head(r, rolled_back);

  store.pin();
  store.pin();
  store.set_head(r, rolled_back->older);
  store.retire(rolled_back);
  EXPECT_EQ(store.retired_count(), 1u);
  // Still readable, and still leading to the row's older version.
  EXPECT_EQ(rolled_back->row(), "new");
  EXPECT_EQ(rolled_back->older, committed);
  store.replace_chain(r, Version::make("replayed", 1, 0));   // the old chain is retired whole
  EXPECT_EQ(store.retired_count(), 2u);
  EXPECT_EQ(committed->row(), "old");
  store.unpin();
  EXPECT_EQ(store.retired_count(), 2u);
  store.unpin();
  EXPECT_EQ(store.retired_count(), 0u);
  EXPECT_FALSE(store.pinned());
}

TEST(TableStore, UnpinnedRetireFreesAtOnce) {
  TableStore store;
  RowId r = store.append(Version::make("a", 1, 0));
  store.retire(Version::make("b", kTxnBit | 1, 0));
  store.replace_chain(r, nullptr);
  EXPECT_EQ(store.retired_count(), 0u);
}

TEST(TableStore, ClearWhilePinnedDefersTheFree) {
  TableStore store;
  Version* v = Version::make("a", 1, 0);
  store.append(v);
  store.pin();
  store.clear();
  EXPECT_EQ(store.slot_count(), 0u);
  EXPECT_EQ(store.retired_count(), 1u);
  EXPECT_EQ(v->row(), "a");
  store.unpin();
  EXPECT_EQ(store.retired_count(), 0u);
}

}  // namespace
}  // namespace upsertdb
