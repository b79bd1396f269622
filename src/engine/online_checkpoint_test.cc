// Checkpoints that let writers run (docs/wal.md "Checkpoints"): commits, updates,
// deletes and rollbacks made while a checkpoint writes its image stay out of
// it; the image alone recovers exactly the state at its log position and the
// log after it adds the rest; versions a checkpoint still reads are not freed
// under it, and are freed once it ends.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "common/error.h"
#include "engine/durability_test_util.h"

namespace upsertdb {
namespace {

using namespace durability_test;
namespace fs = std::filesystem;

EngineOptions fast_crashing() {
  EngineOptions o = crashing();
  o.fsync = false;   // the process "crashes", the machine does not: write(2) is enough
  return o;
}

// A copy of data directory `from` whose log ends at `lsn`: opening it
// recovers from the checkpoint at `lsn` alone.
std::string image_only_copy(const std::string& from, const std::string& to, uint64_t lsn) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  cut_log_at(to, lsn);
  return to;
}

const char* kRows = "SELECT id, v, w FROM t ORDER BY id";

TEST(OnlineCheckpoint, WritesDuringTheCheckpointStayOutOfTheImageAndComeBackFromTheLog) {
  DataDir dir;
  EngineOptions o = fast_crashing();
  std::unique_ptr<Session> other, third, committer;
  std::string in_hook_error;
  size_t retired_during = 0;
  std::shared_ptr<TableStore> store;
  // Runs after the image was captured, before it is written, without the latch.
  o.checkpoint_capture_hook = [&] {
    try {
      Session& w = *third;
      w.execute("INSERT INTO t VALUES (1000, 'late', 1)");                 // a row the image must not have
      w.execute("UPDATE t SET v = 'changed ' || id, w = w + 100 WHERE id % 10 = 3");   // keys move
      w.execute("DELETE FROM t WHERE id % 10 = 7");
      other->execute("ROLLBACK");   // opened before the checkpoint: its versions are retired, not freed
      committer->execute("COMMIT");   // opened before the checkpoint, committed after its capture
      retired_during = store->retired_count();
      w.execute("INSERT INTO t VALUES (1001, 'later', 2)");
    } catch (const std::exception& e) {
      in_hook_error = e.what();
    }
  };
  std::string at_checkpoint, at_end;
  uint64_t checkpoint_lsn = 0;
  {
    Engine e(dir.path(), o);
    Session s(e);
    other = std::make_unique<Session>(e);
    third = std::make_unique<Session>(e);
    committer = std::make_unique<Session>(e);
    s.execute("CREATE TABLE t (id int PRIMARY KEY, v text, w int)");
    s.execute("CREATE UNIQUE INDEX t_lower ON t (lower(v))");          // expression index: entries in the image
    s.execute("CREATE INDEX t_big ON t (w) WHERE w > 50");             // partial index: entries in the image
    s.execute("INSERT INTO t SELECT g, 'value ' || g, g FROM generate_series(1, 200) g");
    s.execute("UPDATE t SET v = 'first ' || id WHERE id % 10 = 1");   // a second version under the head
    // An open transaction whose uncommitted versions head their rows when the image is captured.
    other->execute("BEGIN");
    other->execute("UPDATE t SET v = 'uncommitted', w = -1 WHERE id = 5");
    other->execute("INSERT INTO t VALUES (999, 'uncommitted insert', 0)");
    other->execute("DELETE FROM t WHERE id = 6");
    committer->execute("BEGIN");
    committer->execute("UPDATE t SET v = 'committed later' WHERE id = 8");
    committer->execute("INSERT INTO t VALUES (998, 'committed later too', 998)");
    committer->execute("DELETE FROM t WHERE id = 9");
    store = e.catalog().table("", "t")->store;
    at_checkpoint = query(s, kRows);
    s.execute("CHECKPOINT");
    EXPECT_EQ(in_hook_error, "");
    EXPECT_GE(retired_during, 2u);                // kept while the checkpoint could read them
    EXPECT_EQ(store->retired_count(), 0u);        // and freed when it ended
    EXPECT_FALSE(store->pinned());
    checkpoint_lsn = e.last_checkpoint_report().lsn;
    EXPECT_EQ(e.last_checkpoint_report().rows, 200u);
    s.execute("UPDATE t SET w = 0 WHERE id = 2");
    at_end = query(s, kRows);
    other.reset();
    third.reset();
    committer.reset();
  }
  store.reset();
  ASSERT_NE(at_checkpoint, at_end);

  {  // The image alone is the state when it was captured.
    DataDir copy;
    Engine e(image_only_copy(dir.path(), copy.path(), checkpoint_lsn), fast_crashing());
    EXPECT_EQ(e.recovery_report().checkpoint_lsn, checkpoint_lsn);
    EXPECT_EQ(e.recovery_report().records, 0u);
    Session s(e);
    EXPECT_EQ(query(s, kRows), at_checkpoint);
    // Its indexes answer for that state: entries added later for moved keys do not count.
    EXPECT_EQ(query(s, "SELECT id FROM t WHERE lower(v) = 'value 13'"), "13\n");
    EXPECT_EQ(query(s, "SELECT count(*) FROM t WHERE w > 50"), "150\n");
    EXPECT_THROW(s.execute("INSERT INTO t VALUES (2000, 'VALUE 13', 0)"), DbError);
    s.execute("INSERT INTO t VALUES (2001, 'changed 13', 0)");
    EXPECT_THROW(s.execute("INSERT INTO t VALUES (13, 'x', 0)"), DbError);
  }
  // The image plus the log after it is the final state.
  Engine e(dir.path(), fast_crashing());
  EXPECT_EQ(e.recovery_report().checkpoint_lsn, checkpoint_lsn);
  EXPECT_GE(e.recovery_report().records, 6u);
  Session s(e);
  EXPECT_EQ(query(s, kRows), at_end);
  EXPECT_EQ(query(s, "SELECT id FROM t WHERE lower(v) = 'changed 13'"), "13\n");
  EXPECT_EQ(query(s, "SELECT count(*) FROM t WHERE lower(v) = 'value 13'"), "0\n");
}

// The writer's operations, numbered from 1; each is one transaction.
std::string operation(int i) {
  int id = (i * 7) % 300;
  std::string upsert = "INSERT INTO t VALUES (" + std::to_string(id) + ", 'v" + std::to_string(i) +
                       "') ON CONFLICT (id) DO UPDATE SET v = excluded.v";
  if (i % 5 == 0) return "DELETE FROM t WHERE id = " + std::to_string(id);
  if (i % 11 == 0) {   // two rows in one transaction: the image has both or neither
    return "BEGIN; " + upsert + "; INSERT INTO t VALUES (" + std::to_string(300 + i) + ", 'pair" +
           std::to_string(i) + "'); COMMIT";
  }
  return upsert;
}

void apply(std::map<int, std::string>& model, int i) {
  int id = (i * 7) % 300;
  if (i % 5 == 0) {
    model.erase(id);
    return;
  }
  model[id] = "v" + std::to_string(i);
  if (i % 11 == 0) model[300 + i] = "pair" + std::to_string(i);
}

std::string render(const std::map<int, std::string>& model) {
  std::string out;
  for (const auto& [id, v] : model) out += std::to_string(id) + "|" + v + "\n";
  return out;
}

TEST(OnlineCheckpoint, ImageTakenUnderConcurrentCommitsIsAPrefixOfThem) {
  constexpr int kMaxOperations = 2000;
  constexpr int kCheckpoints = 6;
  DataDir dir;
  EngineOptions o = fast_crashing();
  o.checkpoint_capture_hook = [] { std::this_thread::sleep_for(std::chrono::milliseconds(3)); };
  uint64_t checkpoint_lsn = 0;
  int operations = 0;
  {
    Engine e(dir.path(), o);
    Session s(e);
    s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
    s.execute("INSERT INTO t SELECT g, 'init' FROM generate_series(0, 299) g");
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      Session w(e);
      for (int i = 1; i <= kMaxOperations && !stop; ++i) {
        w.execute(operation(i));
        done = i;
      }
    });
    while (done == 0) std::this_thread::yield();
    for (int c = 0; c < kCheckpoints; ++c) {
      s.execute("CHECKPOINT");
      checkpoint_lsn = e.last_checkpoint_report().lsn;
    }
    stop = true;
    writer.join();
    operations = done;
  }
  std::map<int, std::string> model;
  for (int id = 0; id < 300; ++id) model[id] = "init";
  for (int i = 1; i <= operations; ++i) apply(model, i);
  {
    Engine e(dir.path(), fast_crashing());
    Session s(e);
    EXPECT_EQ(query(s, "SELECT id, v FROM t ORDER BY id"), render(model));
  }
  // The last checkpoint alone holds the first k operations, for some k.
  DataDir copy;
  Engine e(image_only_copy(dir.path(), copy.path(), checkpoint_lsn), fast_crashing());
  Session s(e);
  std::string image = query(s, "SELECT id, v FROM t ORDER BY id");
  std::map<int, std::string> prefix;
  for (int id = 0; id < 300; ++id) prefix[id] = "init";
  bool matched = render(prefix) == image;
  for (int k = 1; k <= operations && !matched; ++k) {
    apply(prefix, k);
    matched = render(prefix) == image;
  }
  EXPECT_TRUE(matched) << image;
}

TEST(OnlineCheckpoint, SchemaChangesWaitForARunningCheckpoint) {
  DataDir dir;
  EngineOptions o = fast_crashing();
  std::atomic<bool> ddl_done{false};
  bool ddl_finished_during_checkpoint = true;
  std::thread ddl;
  Engine* engine = nullptr;
  o.checkpoint_capture_hook = [&] {
    ddl = std::thread([&] {
      Session d(*engine);
      d.execute("CREATE TABLE u (x int)");
      ddl_done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ddl_finished_during_checkpoint = ddl_done;
  };
  Engine e(dir.path(), o);
  engine = &e;
  Session s(e);
  s.execute("CREATE TABLE t (id int PRIMARY KEY)");
  s.execute("INSERT INTO t VALUES (1)");
  s.execute("CHECKPOINT");
  ddl.join();
  EXPECT_FALSE(ddl_finished_during_checkpoint);
  EXPECT_TRUE(ddl_done);
  EXPECT_EQ(query(s, "SELECT count(*) FROM u"), "0\n");
}

}  // namespace
}  // namespace upsertdb
