// Version garbage collection through sessions (exec/version_gc.h): chains
// shrink once no snapshot needs their old versions, a snapshot keeps exactly
// what it may still read, deleted rows go with their index entries, rolled
// back writes and savepoints leave consistent chains, and memory stops
// growing under a sustained update load.
#include "exec/version_gc.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/durability_test_util.h"

namespace upsertdb {
namespace {

using durability_test::query;

class VersionGc : public ::testing::Test {
 protected:
  void SetUp() override {
    a.execute("CREATE TABLE t (id int PRIMARY KEY, v int, name text)");
    a.execute("CREATE INDEX t_v ON t (v)");
    a.execute("CREATE INDEX t_lower ON t (lower(name))");          // expression index
    a.execute("CREATE INDEX t_big ON t (v) WHERE v > 1000");         // partial index
    a.execute("INSERT INTO t SELECT g, g, 'Name ' || g FROM generate_series(1, 10) g");
  }
  std::shared_ptr<TableInfo> table() { return engine.catalog().table("", "t"); }
  // Rows 1..10 were inserted in order: row id = id - 1.
  size_t chain(int id) {
    size_t n = 0;
    for (const Version* v = table()->store->head(static_cast<RowId>(id - 1)); v; v = v->older) ++n;
    return n;
  }
  uint64_t versions() { return table()->store->version_stats().versions; }
  size_t entries(const std::string& index) {
    for (const auto& i : table()->indexes)
      if (i->name == index) return i->data->size();
    ADD_FAILURE() << "no index " << index;
    return 0;
  }
  std::string v_of(Session& s, int id) { return query(s, "SELECT v FROM t WHERE id = " + std::to_string(id)); }

  Engine engine{""};
  Session a{engine};
  Session b{engine};
};

TEST_F(VersionGc, ChainsArePrunedWhenNoOldSnapshotExists) {
  for (int round = 0; round < 5; ++round) a.execute("UPDATE t SET name = name || 'x'");
  // Each update freed what was below the version it replaced: the newest
  // version and the one before it are left.
  for (int id = 1; id <= 10; ++id) EXPECT_EQ(chain(id), 2u) << id;
  EXPECT_EQ(engine.version_collector().counters().versions_freed, 40u);
  engine.collect_garbage();   // the sweep frees the one before too
  EXPECT_EQ(versions(), 10u);
  // The expression index lost the keys of the freed versions: one entry per row.
  EXPECT_EQ(entries("t_lower"), 10u);
  EXPECT_EQ(entries("t_pkey"), 10u);
  EXPECT_EQ(query(a, "SELECT id FROM t WHERE lower(name) = 'name 3xxxxx'"), "3\n");
  EXPECT_EQ(query(a, "SELECT count(*) FROM t WHERE lower(name) = 'name 3xxxx'"), "0\n");
}

TEST_F(VersionGc, AnIndexCreatedAfterUpdatesLosesTheKeysOfFreedVersions) {
  a.execute("CREATE TABLE n (id int PRIMARY KEY, tag text)");
  a.execute("INSERT INTO n SELECT g, 'a' || g FROM generate_series(1, 5) g");
  a.execute("UPDATE n SET tag = 'b' || id");   // no index on tag yet: the same keys as before
  a.execute("CREATE INDEX n_tag ON n (tag)");    // entries for both versions of every row
  auto n = engine.catalog().table("", "n");
  EXPECT_EQ(n->indexes[1]->data->size(), 10u);
  engine.collect_garbage();
  EXPECT_EQ(n->store->version_stats().versions, 5u);
  EXPECT_EQ(n->indexes[1]->data->size(), 5u);
  EXPECT_EQ(query(a, "SELECT id FROM n WHERE tag = 'b3'"), "3\n");
}

TEST_F(VersionGc, StatViewShowsVersionsPerTable) {
  a.execute("UPDATE t SET v = v + 1 WHERE id <= 3");
  a.execute("DELETE FROM t WHERE id = 10");
  TableStore::VersionStats s = table()->store->version_stats();
  EXPECT_EQ(s.versions, 12u);
  EXPECT_EQ(query(a, "SELECT n_rows, n_versions, version_bytes = " + std::to_string(s.bytes) +
                         ", n_empty_slots FROM upsertdb_stat_versions WHERE relname = 't'"),
            "9|12|t|1\n");
}

TEST_F(VersionGc, ARepeatableReadSnapshotKeepsWhatItCanSee) {
  b.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  EXPECT_EQ(v_of(b, 1), "1\n");   // the snapshot is taken here
  for (int n = 1; n <= 8; ++n) a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
  a.execute("UPDATE t SET v = v + 1 WHERE id = 2");
  engine.collect_garbage();
  // Row 1: the version b sees and every newer one (the horizon is b's
  // snapshot: what is newer was committed after it).
  EXPECT_EQ(chain(1), 9u);
  EXPECT_EQ(chain(2), 2u);
  EXPECT_EQ(chain(3), 1u);
  EXPECT_EQ(v_of(b, 1), "1\n");
  EXPECT_EQ(query(b, "SELECT id FROM t WHERE v = 1"), "1\n");   // through the index, by its old key
  EXPECT_EQ(v_of(a, 1), "9\n");
  b.execute("COMMIT");
  // The next write of the row prunes it; the sweep does the rest.
  a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
  EXPECT_EQ(chain(1), 2u);
  engine.collect_garbage();
  EXPECT_EQ(versions(), 10u);
  EXPECT_EQ(entries("t_v"), 10u);   // the old keys of row 1 (1..9) and row 2 went
  EXPECT_EQ(query(a, "SELECT count(*) FROM t WHERE v = 1"), "0\n");
  EXPECT_EQ(v_of(a, 1), "10\n");
}

TEST_F(VersionGc, ReadCommittedHoldsBackOnlyItsCurrentStatementSnapshot) {
  b.execute("BEGIN");
  EXPECT_EQ(v_of(b, 1), "1\n");
  for (int n = 1; n <= 5; ++n) a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
  EXPECT_EQ(chain(1), 6u);        // b's statement snapshot still sees the first version
  EXPECT_EQ(v_of(b, 1), "6\n");   // a new statement, a new snapshot: the old ones are free
  a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
  EXPECT_EQ(chain(1), 2u);
  b.execute("COMMIT");
}

TEST_F(VersionGc, DeletedRowsGoWithTheirIndexEntries) {
  a.execute("UPDATE t SET v = v + 2000 WHERE id <= 4");   // rows with a second version, in the partial index
  a.execute("DELETE FROM t WHERE id % 2 = 0");
  // Freed at the commit: nobody could see them any more.
  for (int id = 2; id <= 10; id += 2) EXPECT_EQ(table()->store->head(static_cast<RowId>(id - 1)), nullptr);
  EXPECT_EQ(engine.version_collector().counters().rows_freed, 5u);
  EXPECT_EQ(entries("t_pkey"), 5u);
  EXPECT_EQ(entries("t_lower"), 5u);
  EXPECT_EQ(entries("t_big"), 2u);                  // rows 1 and 3 (row 2 and 4 were deleted)
  EXPECT_EQ(entries("t_v"), 5u + 2u);               // rows 1 and 3 still have their old version's key
  EXPECT_EQ(query(a, "SELECT id FROM t ORDER BY id"), "1\n3\n5\n7\n9\n");
  // The ids stay taken (slots are not reused): new rows get new ones.
  a.execute("INSERT INTO t VALUES (2, 2, 'again')");
  EXPECT_EQ(table()->store->slot_count(), 11u);
  EXPECT_EQ(query(a, "SELECT name FROM t WHERE id = 2"), "again\n");
}

TEST_F(VersionGc, DeletedRowsStayWhileASnapshotCanSeeThem) {
  b.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  EXPECT_EQ(query(b, "SELECT count(*) FROM t"), "10\n");
  a.execute("DELETE FROM t WHERE id > 5");
  a.execute("UPDATE t SET name = 'renamed' WHERE id = 1");   // more commits: the horizon stays at b
  engine.collect_garbage();
  EXPECT_EQ(engine.version_collector().counters().rows_freed, 0u);
  EXPECT_EQ(query(b, "SELECT count(*) FROM t WHERE id > 5"), "5\n");
  EXPECT_EQ(query(b, "SELECT id FROM t WHERE lower(name) = 'name 8'"), "8\n");
  EXPECT_EQ(query(a, "SELECT count(*) FROM t"), "5\n");
  b.execute("COMMIT");   // its end lets the next commit free them
  a.execute("UPDATE t SET name = 'again' WHERE id = 2");
  EXPECT_EQ(engine.version_collector().counters().rows_freed, 5u);
  EXPECT_EQ(entries("t_pkey"), 5u);
  EXPECT_EQ(query(a, "SELECT count(*) FROM t WHERE lower(name) = 'name 8'"), "0\n");
}

TEST_F(VersionGc, RolledBackWritesLeaveConsistentChains) {
  for (int n = 0; n < 3; ++n) a.execute("UPDATE t SET v = v + 100 WHERE id = 1");   // v = 301
  a.execute("BEGIN");
  a.execute("UPDATE t SET v = v + 1 WHERE id = 1");   // prunes below the version it replaced
  a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
  a.execute("DELETE FROM t WHERE id = 2");
  a.execute("INSERT INTO t VALUES (11, 11, 'new')");
  a.execute("ROLLBACK");
  EXPECT_EQ(v_of(a, 1), "301\n");
  EXPECT_EQ(query(a, "SELECT count(*) FROM t"), "10\n");
  EXPECT_EQ(query(a, "SELECT id FROM t WHERE v = 301"), "1\n");
  EXPECT_EQ(query(a, "SELECT count(*) FROM t WHERE v = 302 OR v = 303 OR id = 11"), "0\n");
  engine.collect_garbage();
  EXPECT_EQ(versions(), 10u);
  EXPECT_EQ(entries("t_v"), 10u);
  EXPECT_EQ(entries("t_pkey"), 10u);
}

TEST_F(VersionGc, SavepointsRollBackOverPrunedChains) {
  a.execute("BEGIN");
  a.execute("UPDATE t SET v = 50 WHERE id = 1");
  a.execute("SAVEPOINT s");
  for (int n = 0; n < 3; ++n) a.execute("UPDATE t SET v = v + 1 WHERE id = 1");
  a.execute("DELETE FROM t WHERE id = 3");
  a.execute("ROLLBACK TO SAVEPOINT s");
  EXPECT_EQ(v_of(a, 1), "50\n");
  a.execute("UPDATE t SET v = 60 WHERE id = 1");
  a.execute("COMMIT");
  EXPECT_EQ(v_of(b, 1), "60\n");
  EXPECT_EQ(v_of(b, 3), "3\n");
  a.execute("UPDATE t SET v = 70 WHERE id = 1");
  engine.collect_garbage();
  EXPECT_EQ(versions(), 10u);
  EXPECT_EQ(entries("t_v"), 10u);
  EXPECT_EQ(query(a, "SELECT id FROM t WHERE v = 70"), "1\n");
  EXPECT_EQ(query(a, "SELECT count(*) FROM t WHERE v IN (1, 50, 51, 60)"), "0\n");
}

// A sustained update load reaches a steady state: 1M updates over 10k rows
// (whole-table UPDATEs, plus single-row upserts and deletes with reinserts),
// with a reading session in between.
TEST(VersionGcSteadyState, MemoryStopsGrowingUnderUpdates) {
  Engine engine{""};
  Session s(engine), reader(engine);
  s.execute("CREATE TABLE kv (k int PRIMARY KEY, v int, pad text)");
  s.execute("CREATE INDEX kv_v ON kv (v)");
  s.execute("INSERT INTO kv SELECT g, g, repeat('x', 40) FROM generate_series(1, 10000) g");
  auto store = engine.catalog().table("", "kv")->store;
  auto index_size = [&] { return engine.catalog().table("", "kv")->indexes[1]->data->size(); };
  TableStore::VersionStats after_warmup;
  size_t index_after_warmup = 0;
  for (int round = 1; round <= 100; ++round) {
    s.execute("UPDATE kv SET v = v + 1");   // 10k updates, every key of kv_v moves
    for (int i = 0; i < 20; ++i) {
      int k = (round * 37 + i * 101) % 10000 + 1;
      s.execute("INSERT INTO kv VALUES (" + std::to_string(k) + ", 0, 'u') ON CONFLICT (k) DO UPDATE SET pad = 'y'");
    }
    s.execute("DELETE FROM kv WHERE k = " + std::to_string(round));
    s.execute("INSERT INTO kv VALUES (" + std::to_string(round) + ", 1, 'back')");
    EXPECT_EQ(query(reader, "SELECT count(*) FROM kv"), "10000\n");
    if (round == 10) {
      after_warmup = store->version_stats();
      index_after_warmup = index_size();
    }
  }
  TableStore::VersionStats end = store->version_stats();
  EXPECT_EQ(end.rows, 10000u);
  EXPECT_LE(end.versions, 2u * 10000u);        // at most one older version per row
  EXPECT_LE(end.versions, after_warmup.versions);
  EXPECT_LE(end.bytes, after_warmup.bytes + after_warmup.bytes / 100);
  EXPECT_LE(index_size(), index_after_warmup);
  EXPECT_LE(index_size(), 2u * 10000u);
  EXPECT_GE(engine.version_collector().counters().versions_freed, 980000u);
}

// A checkpoint writes its image without the latch while writers prune chains
// and free deleted rows: what it may still read is retired, not freed, and
// the image is the state at its capture.
TEST(VersionGcCheckpoint, ConcurrentCheckpointWritesACorrectImage) {
  using namespace durability_test;
  namespace fs = std::filesystem;
  DataDir dir;
  EngineOptions o = crashing();
  o.fsync = false;
  std::unique_ptr<Session> old_reader, writer;
  std::shared_ptr<TableStore> store;
  std::string hook_error;
  size_t retired_during = 0;
  uint64_t rows_freed_during = 0;
  Engine* engine = nullptr;
  o.checkpoint_capture_hook = [&] {
    try {
      old_reader->execute("COMMIT");   // the old snapshot ends: the horizon moves up to the checkpoint's
      writer->execute("UPDATE t SET w = w + 1 WHERE id % 10 = 1");   // prunes below the captured versions
      writer->execute("UPDATE t SET v = 'moved ' || id WHERE id % 10 = 3");
      std::lock_guard<std::mutex> latch(engine->latch());   // the background thread collects too
      rows_freed_during = engine->version_collector().counters().rows_freed;
      retired_during = store->retired_count();
    } catch (const std::exception& e) {
      hook_error = e.what();
    }
  };
  const char* rows = "SELECT id, v, w FROM t ORDER BY id";
  std::string at_checkpoint, at_end;
  uint64_t checkpoint_lsn = 0;
  {
    Engine e(dir.path(), o);
    engine = &e;
    Session s(e);
    old_reader = std::make_unique<Session>(e);
    writer = std::make_unique<Session>(e);
    s.execute("CREATE TABLE t (id int PRIMARY KEY, v text, w int)");
    s.execute("CREATE UNIQUE INDEX t_lower ON t (lower(v))");
    s.execute("INSERT INTO t SELECT g, 'value ' || g, g FROM generate_series(1, 200) g");
    old_reader->execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
    old_reader->execute("SELECT count(*) FROM t");
    for (int n = 0; n < 4; ++n) s.execute("UPDATE t SET w = w + 1000 WHERE id % 10 = 1");   // long chains
    s.execute("DELETE FROM t WHERE id % 10 = 7");                                         // dead, but seen
    store = e.catalog().table("", "t")->store;
    EXPECT_EQ(e.version_collector().counters().rows_freed, 0u);
    at_checkpoint = query(s, rows);
    s.execute("CHECKPOINT");
    EXPECT_EQ(hook_error, "");
    std::unique_lock<std::mutex> latch(e.latch());
    EXPECT_EQ(rows_freed_during, 20u);   // freed by the writer's commits while the image was written
    EXPECT_GT(retired_during, 20u);      // ... and kept for the checkpoint meanwhile
    EXPECT_EQ(store->retired_count(), 0u);
    checkpoint_lsn = e.last_checkpoint_report().lsn;
    EXPECT_EQ(e.last_checkpoint_report().rows, 180u);
    e.collect_garbage();
    EXPECT_EQ(store->version_stats().versions, 180u);
    latch.unlock();
    at_end = query(s, rows);
    old_reader.reset();
    writer.reset();
  }
  store.reset();
  ASSERT_NE(at_checkpoint, at_end);
  {  // The image alone: the state at the capture.
    DataDir copy;
    fs::create_directories(copy.path());
    fs::copy(dir.path(), copy.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    cut_log_at(copy.path(), checkpoint_lsn);
    Engine e(copy.path(), crashing());
    EXPECT_EQ(e.recovery_report().records, 0u);
    Session s(e);
    EXPECT_EQ(query(s, rows), at_checkpoint);
    EXPECT_EQ(query(s, "SELECT id FROM t WHERE lower(v) = 'value 13'"), "13\n");
  }
  Engine e(dir.path(), crashing());   // the image and the log after it
  Session s(e);
  EXPECT_EQ(query(s, rows), at_end);
  EXPECT_EQ(query(s, "SELECT id FROM t WHERE lower(v) = 'moved 13'"), "13\n");
}

}  // namespace
}  // namespace upsertdb
