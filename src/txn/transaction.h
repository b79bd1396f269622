// Transaction: one transaction's identity, snapshot source, write set and undo
// log. Writes are applied to the store at once (as uncommitted versions
// stamped with the transaction's marker); commit stamps them with a commit
// timestamp, rollback unlinks them. Catalog changes register an undo action.
// Savepoints are marks in these logs. The TransactionManager hands out ids and
// commit timestamps.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/chunked_log.h"
#include "storage/ordered_index.h"
#include "storage/table_store.h"
#include "txn/row_locks.h"
#include "txn/snapshot.h"
#include "txn/ssi.h"

namespace upsertdb {

enum class IsolationLevel { kReadCommitted, kRepeatableRead, kSerializable };

struct WriteRecord {
  std::shared_ptr<TableStore> store;
  uint32_t table_oid;           // names the table in the write-ahead log
  RowId row;
  Version* created = nullptr;   // a version this transaction created (insert / update)
  Version* deleted = nullptr;   // a version whose `end` this transaction set (update / delete)
};

struct IndexWrite {
  std::shared_ptr<OrderedIndex> index;
  uint32_t index_oid;           // names the index in the write-ahead log
  std::string key;
  RowId row;
};

// A row whose deletion committed at `commit_ts`: once no snapshot can see
// it any more, the garbage collector frees it (exec/version_gc.h).
struct DeadRow {
  uint64_t commit_ts;
  uint32_t table_oid;
  RowId row;
};

struct SavepointMark {
  std::string name;
  size_t writes;
  size_t index_writes;
  size_t undo;
  size_t row_locks = 0;   // RowLockTable::acquired_count at the savepoint
};

class TransactionManager;

class Transaction {
 public:
  Transaction(uint64_t id, uint64_t start_ts, RowLockTable* row_locks = nullptr)
      : marker_(kTxnBit | id), start_ts_(start_ts), row_locks_(row_locks) {}

  uint64_t marker() const { return marker_; }
  uint64_t start_ts() const { return start_ts_; }
  // The read timestamp of the snapshot this transaction reads with now (a new
  // one per statement at READ COMMITTED): the manager's garbage-collection
  // horizon never passes it. Only ever raised. A plain store into the
  // manager's record of the transaction; nothing once it has ended.
  inline void set_snapshot_ts(uint64_t ts);
  IsolationLevel isolation = IsolationLevel::kReadCommitted;
  bool read_only = false;
  // SERIALIZABLE only, from its first snapshot to its end: its SSI record
  // (txn/ssi.h). Null for every other transaction, which is all the reads
  // and writes test before doing any SSI work.
  SerializableXact* ssi = nullptr;

  uint32_t current_cid() const { return cid_; }
  void next_command() { ++cid_; }

  void record_write(WriteRecord w) { writes_.push_back(std::move(w)); }
  void record_index_write(IndexWrite w) { index_writes_.push_back(std::move(w)); }
  // `undo` runs if this transaction (or the enclosing savepoint) rolls back.
  // Registering one marks the transaction as a schema change (see changed_catalog()).
  void on_rollback(std::function<void()> undo) {
    undo_.push_back(std::move(undo));
    changed_catalog_ = true;
  }
  // `action` runs once the transaction has committed (e.g. freeing a dropped table's rows).
  void on_commit(std::function<void()> action) { commit_actions_.push_back(std::move(action)); }
  bool has_writes() const { return !writes_.empty() || !undo_.empty(); }
  // True once a catalog change was made (even if a savepoint undid it since):
  // such a transaction commits through a checkpoint, not a log record.
  bool changed_catalog() const { return changed_catalog_; }
  // Sequences advanced or set by this transaction: their state goes into its
  // commit record, so a value handed out to a committed transaction is never
  // handed out again after a crash.
  void touch_sequence(uint32_t oid) {
    if (touched_sequences_.empty() || touched_sequences_.back() != oid) touched_sequences_.push_back(oid);
  }
  const std::vector<uint32_t>& touched_sequences() const { return touched_sequences_; }
  // The surviving row and index writes, in the order they were made (the redo log's input).
  const ChunkedLog<WriteRecord>& writes() const { return writes_; }
  const ChunkedLog<IndexWrite>& index_writes() const { return index_writes_; }

  // Stamps every version with `commit_ts` and runs the commit actions. Rows
  // this commit deletes go to `dead_rows` (when given), for the garbage collector.
  void commit(uint64_t commit_ts, std::deque<DeadRow>* dead_rows = nullptr);
  // Undoes everything.
  void rollback() { rollback_to(SavepointMark{"", 0, 0, 0, 0}); }

  void push_savepoint(const std::string& name);
  // Finds the newest savepoint of that name; -1 when none.
  int find_savepoint(const std::string& name) const;
  // ROLLBACK TO: undo what came after savepoint `i`, which stays defined.
  void rollback_to_savepoint(int i);
  // RELEASE: forget savepoint `i` and every later one.
  void release_savepoint(int i) { savepoints_.resize(static_cast<size_t>(i)); }
  size_t savepoint_count() const { return savepoints_.size(); }

 private:
  friend class TransactionManager;
  void rollback_to(const SavepointMark& mark);

  uint64_t marker_;
  uint64_t start_ts_;
  RowLockTable* row_locks_;   // where this transaction's row locks are (null: none taken)
  uint64_t* snapshot_slot_ = nullptr;   // the manager's record of our snapshot (set_snapshot_ts)
  TransactionManager* manager_ = nullptr;
  uint32_t cid_ = 0;
  ChunkedLog<WriteRecord> writes_;
  ChunkedLog<IndexWrite> index_writes_;
  std::vector<std::function<void()>> undo_;
  std::vector<std::function<void()>> commit_actions_;
  std::vector<SavepointMark> savepoints_;
  std::vector<uint32_t> touched_sequences_;
  bool changed_catalog_ = false;
};

// Callers hold the engine latch for every call, except that wait_for()
// releases it while it sleeps (the latch is the mutex `lock` owns).
class TransactionManager {
 public:
  TransactionManager() {
    row_locks_.on_release = [this](uint64_t holder) { wake_waiters_of(holder); };
  }

  // `backend_pid` names the session in deadlock reports (0: none).
  std::unique_ptr<Transaction> begin(int32_t backend_pid = 0) {
    uint64_t id = ++next_id_;
    auto t = std::make_unique<Transaction>(id, last_commit_ts_.load(), &row_locks_);
    auto it = active_.emplace(t->marker(), Active{backend_pid, t->start_ts()}).first;
    t->snapshot_slot_ = &it->second.snapshot_ts;
    t->manager_ = this;
    return t;
  }
  // Latest commit timestamp: the read point for a new snapshot.
  uint64_t now() const { return last_commit_ts_.load(); }
  uint64_t commit(Transaction& t) {
    uint64_t ts = last_commit_ts_.load() + 1;
    t.commit(ts, &dead_rows_);
    last_commit_ts_.store(ts);
    if (t.ssi) ssi_.committed(*std::exchange(t.ssi, nullptr), ts);
    finished(t);
    return ts;
  }
  void rollback(Transaction& t) {
    t.rollback();
    if (t.ssi) ssi_.aborted(*std::exchange(t.ssi, nullptr));
    finished(t);
  }

  // The garbage-collection horizon: the oldest read timestamp any running
  // transaction's snapshot has (a running checkpoint is one too: it holds a
  // claim transaction begun before it captures, see Engine::run_checkpoint),
  // or the latest commit when none runs. Every version older than the newest
  // one committed at or before it is invisible to every snapshot, present
  // and future. Cached, and recomputed (a walk over the running
  // transactions) only after a transaction that read at the cached value
  // ended or moved on: a stale value is only ever lower (snapshots are taken
  // at now(), never below it), which only keeps a little more than necessary.
  uint64_t horizon() {
    if (horizon_stale_) {
      uint64_t h = last_commit_ts_.load();
      for (const auto& [_, a] : active_) h = std::min(h, a.snapshot_ts);
      horizon_ = h;
      horizon_stale_ = false;
    }
    return horizon_;
  }
  // A running transaction moves from the snapshot at `old_ts` to a newer one:
  // if it may have been the oldest, the cached horizon is recomputed.
  void snapshot_moved(uint64_t old_ts) {
    if (old_ts <= horizon_) horizon_stale_ = true;
  }
  // Rows deleted by committed transactions, in commit order, not yet freed.
  std::deque<DeadRow>& dead_rows() { return dead_rows_; }

  // Serializable snapshot isolation's conflict tracker.
  SsiTracker& ssi() { return ssi_; }

  // Schema changes are serialized: at most one transaction at a time holds
  // uncommitted catalog changes, so a checkpoint taken while it is not held
  // sees only committed schema. 0 = nobody.
  uint64_t schema_change_holder() const { return schema_holder_; }
  void set_schema_change_holder(uint64_t marker) { schema_holder_ = marker; }

  // True while the transaction with this marker has neither committed nor rolled back.
  bool in_progress(uint64_t marker) const { return active_.count(marker) > 0; }
  size_t active_count() const { return active_.size(); }

  // The row locks of all transactions (SELECT ... FOR SHARE and the rest).
  RowLockTable& row_locks() { return row_locks_; }

  // Makes `waiter` sleep until transaction `holder` ends (the engine latch is
  // released meanwhile), or, when `released` is given, until it returns true
  // (checked with the latch held whenever a transaction ends or row locks
  // are released, e.g. by a ROLLBACK TO SAVEPOINT). Throws 40P01 "deadlock detected" instead when
  // `holder` already waits, directly or through others, for `waiter`, with
  // PostgreSQL's DETAIL: one "Process P waits for ShareLock on transaction X;
  // blocked by process Q." line per member of the cycle. While
  // asleep, `interrupted` (if given) runs about every 10 ms with the latch
  // held; it ends the wait by throwing (cancel, statement_timeout, lock_timeout).
  void wait_for(uint64_t waiter, uint64_t holder, std::unique_lock<std::mutex>& lock,
                const std::function<void()>& interrupted = {}, const std::function<bool()>& released = {});

 private:
  struct Active {
    int32_t backend_pid;
    uint64_t snapshot_ts;   // see Transaction::set_snapshot_ts
  };
  void finished(Transaction& t) {
    uint64_t marker = t.marker();
    // Only the end of a transaction at the horizon can raise it.
    if (t.snapshot_slot_ && *t.snapshot_slot_ <= horizon_) horizon_stale_ = true;
    t.snapshot_slot_ = nullptr;
    active_.erase(marker);
    row_locks_.release_all(marker);
    if (schema_holder_ == marker) schema_holder_ = 0;
    wake_waiters_of(marker);
  }
  // Wakes the transactions sleeping in wait_for() on `holder` (only they can
  // go on when it ends or lets a row go: waking every sleeper on every
  // transaction end had them all fight for the latch to find nothing changed).
  void wake_waiters_of(uint64_t holder) {
    for (auto& [_, sleeper] : waits_for_)
      if (sleeper.holder == holder) sleeper.woken->notify_one();
  }

  std::atomic<uint64_t> next_id_{0};
  std::atomic<uint64_t> last_commit_ts_{1};
  std::map<uint64_t, Active> active_;         // running transactions by marker
  uint64_t horizon_ = 0;
  bool horizon_stale_ = true;
  std::deque<DeadRow> dead_rows_;
  struct Sleeper {
    uint64_t holder;                   // the transaction it waits for
    std::condition_variable* woken;    // on the sleeper's stack while it waits
  };
  std::map<uint64_t, Sleeper> waits_for_;     // waiter marker -> what it sleeps on
  uint64_t schema_holder_ = 0;
  SsiTracker ssi_;
  RowLockTable row_locks_;
};

inline void Transaction::set_snapshot_ts(uint64_t ts) {
  if (!snapshot_slot_) return;
  manager_->snapshot_moved(*snapshot_slot_);
  *snapshot_slot_ = ts;
}

}  // namespace upsertdb
