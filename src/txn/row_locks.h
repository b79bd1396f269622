// Row locks: the locks SELECT ... FOR KEY SHARE / FOR SHARE / FOR NO KEY
// UPDATE / FOR UPDATE and foreign-key checks (KEY SHARE on the parent row)
// take, held by a transaction until it ends, or until it rolls back to a
// savepoint set before the lock was taken (as in PostgreSQL). Several
// transactions may hold one row; PostgreSQL's conflict table decides which
// strengths can be held together (row_lock_modes_conflict).
//
// This table only records who holds what; the caller decides whether to wait
// (TransactionManager::wait_for) and retries. A row's uncommitted write is a
// lock too, implied by the version it wrote (UPDATE of a key column and DELETE
// = FOR UPDATE, other UPDATEs = FOR NO KEY UPDATE): writers are found in the
// store, not here. Callers hold the engine latch, so there is no mutex here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/table_store.h"

namespace upsertdb {

// Weakest first: each mode conflicts with everything the weaker ones conflict with.
enum class RowLockMode : uint8_t { kKeyShare, kShare, kNoKeyUpdate, kUpdate };

// PostgreSQL's conflict table:
//                  KEY SHARE  SHARE  NO KEY UPDATE  UPDATE
//   KEY SHARE                                         X
//   SHARE                              X              X
//   NO KEY UPDATE             X        X              X
//   UPDATE            X       X        X              X
bool row_lock_modes_conflict(RowLockMode a, RowLockMode b);

class RowLockTable {
 public:
  // Records that `marker` holds `mode` on the row. Holding an equal or
  // stronger mode already makes this a no-op. Does not check for conflicts.
  void acquire(const std::shared_ptr<TableStore>& store, RowId row, uint64_t marker, RowLockMode mode);

  // A transaction other than `marker` holding a lock on the row that
  // conflicts with `mode`; 0 when none.
  uint64_t conflicting_holder(const TableStore* store, RowId row, uint64_t marker, RowLockMode mode) const;

  // Whether `holder` holds a lock on the row that conflicts with `mode`.
  bool blocks(const TableStore* store, RowId row, uint64_t holder, RowLockMode mode) const;

  // Whether `marker` holds `mode` (or a stronger one) on the row.
  bool holds(const TableStore* store, RowId row, uint64_t marker, RowLockMode mode) const;

  // How many acquisitions `marker` has made: a savepoint's mark.
  size_t acquired_count(uint64_t marker) const;
  // ROLLBACK TO SAVEPOINT: drops the locks `marker` acquired after `mark`.
  void release_since(uint64_t marker, size_t mark);
  // The transaction ended: drops all its locks.
  void release_all(uint64_t marker) { release_since(marker, 0); }

  // Runs with the holder's marker after it released locks (wakes the
  // transactions waiting for one of them).
  std::function<void(uint64_t holder)> on_release;

  // Rows with at least one holder (an entry goes when its last holder does).
  size_t locked_rows() const { return rows_.size(); }

 private:
  using Key = std::pair<const TableStore*, RowId>;
  struct Holder {
    uint64_t marker;
    RowLockMode mode;
  };
  // One acquisition, in order, for release: the store is pinned so its
  // address names no other store while the lock exists.
  struct Taken {
    std::shared_ptr<TableStore> store;
    RowId row;
    RowLockMode mode;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.first) ^ (std::hash<RowId>()(k.second) * 0x9e3779b97f4a7c15ULL);
    }
  };
  std::unordered_map<Key, std::vector<Holder>, KeyHash> rows_;
  std::unordered_map<uint64_t, std::vector<Taken>> taken_;
};

}  // namespace upsertdb
