// Serializable snapshot isolation (SSI), after Cahill and Fekete as
// PostgreSQL implements it (README-SSI): SERIALIZABLE transactions run on
// their snapshot exactly like REPEATABLE READ, and in addition record what
// they read (SIREAD "predicate locks") and the read/write antidependencies
// (rw-conflicts) between them. A transaction with both an rw-conflict in and
// an rw-conflict out, where the out side committed first, is a "dangerous
// structure" that every non-serializable execution contains; one transaction
// of it is cancelled with 40001. See docs/semantics.md, "SERIALIZABLE".
//
// Predicate locks, coarse (false positives are allowed, missed conflicts are not):
//   - a table: a sequential scan read every row, present and future;
//   - a row (table oid + row id): a row an index scan fetched;
//   - a key range of one index: what an index scan (or a unique-key probe) covered.
// rw-conflicts come from two sides: a serializable writer whose row or new
// index key hits another serializable transaction's lock (conflict in), and a
// serializable reader that meets a row version written by a concurrent
// serializable transaction it cannot see (conflict out).
//
// SIREAD information of a committed transaction stays while any serializable
// transaction that overlapped it still runs, and is freed after. Only
// serializable transactions are tracked: other levels neither take locks nor
// create conflicts, and the engine calls in here only for a transaction whose
// `ssi` record is set. Callers hold the engine latch (no locking inside).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/ordered_index.h"
#include "storage/version.h"
#include "txn/snapshot.h"

namespace upsertdb {

class SsiTracker;

// Index entries k with lo <= k and k's first hi.size() bytes <= hi: the keys
// an index scan from `lo` up to the prefix `hi` (inclusive) covered. hi = ""
// with lo = "" is the whole index.
struct SsiKeyRange {
  std::string lo, hi;
  bool covers(std::string_view key) const {
    return key >= std::string_view(lo) && key.substr(0, hi.size()) <= std::string_view(hi);
  }
};

// One serializable transaction's SSI state (PostgreSQL's SERIALIZABLEXACT).
struct SerializableXact {
  SsiTracker* tracker = nullptr;
  uint64_t marker = 0;           // the transaction's marker (kTxnBit | id)
  uint64_t snapshot_ts = 0;      // commits at or before it are in its snapshot
  uint64_t commit_ts = 0;        // 0 until committed
  bool declared_read_only = false;
  bool did_write = false;
  bool doomed = false;           // chosen as the victim: fails at its next check
  // Committed with an rw-conflict out to a transaction that had committed
  // before it; earliest_out_conflict_commit is the earliest such commit.
  bool conflict_out_to_committed = false;
  uint64_t earliest_out_conflict_commit = 0;

  std::unordered_set<SerializableXact*> in;    // T -> this (T read what this wrote)
  std::unordered_set<SerializableXact*> out;   // this -> T (this read what T wrote)

  // SIREAD locks.
  std::unordered_set<uint32_t> tables;
  std::unordered_map<uint32_t, std::unordered_set<RowId>> rows;   // table oid -> rows
  struct IndexRanges {
    uint32_t table_oid = 0;
    std::vector<SsiKeyRange> ranges;
  };
  std::unordered_map<uint32_t, IndexRanges> index_ranges;         // index oid -> ranges

  bool committed() const { return commit_ts != 0; }
  // PostgreSQL's SxactIsReadOnly: declared READ ONLY, or committed without a write.
  bool read_only() const { return declared_read_only || (committed() && !did_write); }
  bool holds_table(uint32_t table_oid) const { return tables.count(table_oid) > 0; }
};

class SsiTracker {
 public:
  // Past these a transaction's row locks on one table (key ranges on one
  // index) become one table lock: memory stays bounded, at the price of
  // more false positives.
  static constexpr size_t kMaxRowLocksPerTable = 4096;
  static constexpr size_t kMaxRangesPerIndex = 256;

  SsiTracker() = default;
  SsiTracker(const SsiTracker&) = delete;
  SsiTracker& operator=(const SsiTracker&) = delete;
  ~SsiTracker();

  // A serializable transaction takes its snapshot (its first statement).
  SerializableXact* begin(uint64_t marker, uint64_t snapshot_ts, bool read_only);

  // ---- reads (SIREAD locks)
  void lock_table(SerializableXact& me, uint32_t table_oid);
  void lock_row(SerializableXact& me, uint32_t table_oid, RowId row);
  void lock_key_range(SerializableXact& me, uint32_t table_oid, uint32_t index_oid, std::string lo, std::string hi);

  // A scan examined the version chain `head` of a row and saw `visible`
  // (null: nothing). Versions it could not see that a concurrent
  // serializable transaction wrote are rw-conflicts out. Throws 40001 when
  // `me` was doomed (PostgreSQL checks that on every tuple a scan reads).
  void read_chain(SerializableXact& me, const Snapshot& snapshot, const Version* head, const Version* visible) {
    if (me.doomed) fail_doomed_reader();
    if (head == visible && (!head || head->end == kInfinity)) return;   // nothing written since our snapshot
    read_chain_slow(me, snapshot, head);
  }

  // ---- writes (conflict in). `row` is null for an insert (a new row nobody read).
  void check_write(SerializableXact& me, uint32_t table_oid, const RowId* row);
  void check_index_insert(SerializableXact& me, uint32_t index_oid, std::string_view key);

  // ---- end of transaction
  // Before the commit is logged: throws 40001 if `me` was doomed; dooms a
  // pivot that `me` committing first would complete.
  void pre_commit(SerializableXact& me);
  void committed(SerializableXact& me, uint64_t commit_ts);
  void aborted(SerializableXact& me);

  // Tests and monitoring: serializable transactions still tracked (running,
  // or committed and still overlapping a running one).
  size_t tracked() const { return active_.size() + committed_.size(); }

 private:
  [[noreturn]] static void fail_doomed_reader();
  void read_chain_slow(SerializableXact& me, const Snapshot& snapshot, const Version* head);
  // The tracked transaction that wrote with this stamp (marker or commit timestamp), or null.
  SerializableXact* writer_of(uint64_t stamp) const;
  void conflict_out(SerializableXact& me, SerializableXact& writer);
  // `reader` holds a lock `me` (the writer) just wrote through.
  void conflict_in(SerializableXact& me, SerializableXact& reader);
  // PostgreSQL's FlagRWConflict: checks for a dangerous structure, then records reader -> writer.
  void flag_conflict(SerializableXact& me, SerializableXact& reader, SerializableXact& writer);
  void check_dangerous_structure(SerializableXact& me, SerializableXact& reader, SerializableXact& writer);
  static void release_edge(SerializableXact& reader, SerializableXact& writer);
  void release(SerializableXact* sx);
  // Frees committed transactions no running serializable transaction overlaps.
  void free_old_committed();

  std::unordered_map<uint64_t, std::unique_ptr<SerializableXact>> active_;    // by marker
  std::map<uint64_t, std::unique_ptr<SerializableXact>> committed_;           // by commit timestamp
};

}  // namespace upsertdb
