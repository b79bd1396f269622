// Engine: the database one process opens — catalog, row store, transaction
// manager, and on a data directory the write-ahead log — shared by every
// Session. A statement runs under the engine latch (one statement at a time
// across all sessions); transactions still interleave between statements
// with full MVCC isolation, and commits wait for the disk without the latch.
//
// Durability (data directory only; docs/wal.md): a committing transaction's
// redo goes into the log under the latch (log order = commit order) and the
// commit is acknowledged once the log is flushed (group commit). A
// transaction that changed the schema does the same with a schema record
// (engine/schema_redo.h). Opening a directory recovers: the newest valid
// checkpoint, then the log after it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "common/spin_then_lock.h"
#include "engine/conflict_stats.h"
#include "engine/roles.h"
#include "engine/schema_redo.h"
#include "exec/version_gc.h"
#include "txn/transaction.h"
#include "wal/log_file.h"
#include "wal/log_writer.h"

namespace upsertdb {

struct EngineOptions {
  bool fsync = true;                                     // false: no fdatasync at all (tests only)
  std::chrono::milliseconds checkpoint_timeout{300000};  // PostgreSQL's default: 5 min
  uint64_t max_wal_size = uint64_t{1} << 30;             // log bytes that trigger a checkpoint
  std::chrono::milliseconds wal_writer_delay{200};       // synchronous_commit = off flush interval
  uint64_t wal_segment_size = uint64_t{64} << 20;
  // false: close like a crash (no final checkpoint; recovery replays the log). Tests.
  bool checkpoint_at_shutdown = true;
  // Where the log writes (tests inject failures); null = the real files.
  std::function<std::unique_ptr<wal::LogStorage>()> log_storage;
  // Recovery and checkpoint messages ("LOG:  ..." lines); null = stderr.
  std::function<void(const std::string&)> log;
  // Tests: runs while a checkpoint that does not hold the latch has captured
  // its image and not yet written it (other sessions may run statements).
  std::function<void()> checkpoint_capture_hook;
};

// What the latest checkpoint did (for logs and tests).
struct CheckpointReport {
  uint64_t lsn = 0;
  uint64_t rows = 0;
  double seconds = 0;
  double longest_latch_hold = 0;   // seconds: the longest stretch writers were stopped
};

// What recovery did when the engine opened (for logs and tests).
struct RecoveryReport {
  uint64_t checkpoint_lsn = 0;
  uint64_t records = 0;            // log records replayed
  uint64_t operations = 0;         // row, index and sequence operations in them
  double seconds = 0;
  bool torn_tail = false;
  uint64_t end_lsn = 0;
};

class Engine {
 public:
  // `path` "" = in-memory. A directory is created if missing, locked, and recovered.
  explicit Engine(std::string path, EngineOptions options = {});
  ~Engine();   // a final checkpoint, unless a schema change is still open

  Catalog& catalog() { return catalog_; }
  TransactionManager& transactions() { return txns_; }
  std::mutex& latch() { return latch_; }
  // Takes the latch for a statement (common/spin_then_lock.h: polls briefly
  // before sleeping, since holders keep it for microseconds).
  std::unique_lock<std::mutex> lock_latch() { return spin_then_lock(latch_, kLatchSpins); }
  ConflictStats& conflict_stats() { return conflict_stats_; }
  // Old row versions and deleted rows (exec/version_gc.h). Under the latch.
  VersionCollector& version_collector() { return gc_; }
  // Frees everything the current horizon allows, in one go (tests, tools). Under the latch.
  void collect_garbage();
  // Roles (pg_authid): global to the data directory, in their own file (roles.h).
  RoleStore& roles() { return roles_; }
  const std::string& path() const { return path_; }
  bool in_memory() const { return path_.empty(); }
  const RecoveryReport& recovery_report() const { return recovery_; }
  // Read under the latch.
  const CheckpointReport& last_checkpoint_report() const { return last_checkpoint_; }
  const EngineOptions& options() const { return options_; }
  // The server-level settings as SHOW prints them (fsync, checkpoint_timeout…).
  std::vector<std::pair<std::string, std::string>> server_settings() const;

  // Commits `t` (caller holds the latch). Returns the log position the commit
  // must reach on disk before it is acknowledged (0: nothing to wait for).
  // If the log cannot take the record, throws and `t` is left uncommitted.
  // A transaction that wrote into what another one's open schema change made
  // (a table it created, truncated or rewrote) first waits for that change to
  // end, releasing `latch` (the caller's lock on latch()) meanwhile; 40P01 on
  // a deadlock, 40001 without a latch to release.
  // Afterwards, a bounded step of garbage collection when one is due.
  uint64_t commit(Transaction& t, std::unique_lock<std::mutex>* latch = nullptr);
  // Waits (without the latch!) until the log is durable up to `lsn`.
  void wait_durable(uint64_t lsn);

  // CHECKPOINT: caller holds the latch. Waits for a concurrent schema change
  // (or checkpoint) to end first (`wait` releases the latch meanwhile); inside
  // the schema change itself, it only flushes the log (an image must not hold
  // uncommitted schema). The latch is released while the image is written
  // and held again on return.
  void checkpoint(uint64_t requester_marker, const std::function<void(uint64_t holder)>& wait);
  // Same, for callers that do not hold the latch (shutdown, tools); keeps the
  // latch throughout (nobody writes any more).
  void save_snapshot();

 private:
  void recover();
  uint64_t commit_and_log(Transaction& t, std::unique_lock<std::mutex>* latch);
  // One bounded garbage-collection step (under the latch); true when more is due.
  bool collect_garbage_step();
  // Writes a checkpoint; the caller holds the latch, and on return again.
  // With `release_latch` the latch is let go while the image is written (a
  // background or requested checkpoint: it takes the schema-change claim so
  // that no DDL runs meanwhile); without (shutdown: nobody writes) it is held
  // throughout. The marker's schema_changed byte is always 0 now (schema
  // changes are logged); recovery still honours a 1 in older logs.
  void run_checkpoint(bool release_latch);
  void retire_old_checkpoints();
  void checkpointer_loop();
  void log(const std::string& line) const;

  std::string path_;
  EngineOptions options_;
  Catalog catalog_;
  TransactionManager txns_;
  std::mutex latch_;
  static constexpr int kLatchSpins = 100;   // about 1-2 µs of polling (measured: docs/performance.md)
  ConflictStats conflict_stats_;
  VersionCollector gc_;
  RoleStore roles_;
  int lock_fd_ = -1;   // flock on <dir>/LOCK, held while the engine is open

  std::unique_ptr<wal::LogWriter> wal_;
  LoggedSchema logged_schema_;   // the stores and index data the log accounts for (schema records)
  RecoveryReport recovery_;
  uint64_t last_checkpoint_lsn_ = 0;
  CheckpointReport last_checkpoint_;
  std::chrono::steady_clock::time_point last_checkpoint_time_;
  std::thread checkpointer_;
  std::mutex checkpointer_mu_;
  std::condition_variable checkpointer_wake_;
  bool stopping_ = false;
};

}  // namespace upsertdb
