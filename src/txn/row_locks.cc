#include "txn/row_locks.h"

namespace upsertdb {

bool row_lock_modes_conflict(RowLockMode a, RowLockMode b) {
  // The modes are ordered so that a pair conflicts exactly when their
  // strengths add up to at least UPDATE's: KEY SHARE (0) only with UPDATE (3),
  // SHARE (1) with NO KEY UPDATE (2) and up, and so on.
  return static_cast<int>(a) + static_cast<int>(b) >= static_cast<int>(RowLockMode::kUpdate);
}

void RowLockTable::acquire(const std::shared_ptr<TableStore>& store, RowId row, uint64_t marker, RowLockMode mode) {
  if (holds(store.get(), row, marker, mode)) return;
  rows_[Key{store.get(), row}].push_back(Holder{marker, mode});
  taken_[marker].push_back(Taken{store, row, mode});
}

uint64_t RowLockTable::conflicting_holder(const TableStore* store, RowId row, uint64_t marker,
                                          RowLockMode mode) const {
  if (rows_.empty()) return 0;
  auto it = rows_.find(Key{store, row});
  if (it == rows_.end()) return 0;
  for (const Holder& h : it->second)
    if (h.marker != marker && row_lock_modes_conflict(h.mode, mode)) return h.marker;
  return 0;
}

bool RowLockTable::blocks(const TableStore* store, RowId row, uint64_t holder, RowLockMode mode) const {
  if (rows_.empty()) return false;
  auto it = rows_.find(Key{store, row});
  if (it == rows_.end()) return false;
  for (const Holder& h : it->second)
    if (h.marker == holder && row_lock_modes_conflict(h.mode, mode)) return true;
  return false;
}

bool RowLockTable::holds(const TableStore* store, RowId row, uint64_t marker, RowLockMode mode) const {
  if (rows_.empty()) return false;
  auto it = rows_.find(Key{store, row});
  if (it == rows_.end()) return false;
  for (const Holder& h : it->second)
    if (h.marker == marker && h.mode >= mode) return true;
  return false;
}

size_t RowLockTable::acquired_count(uint64_t marker) const {
  auto it = taken_.find(marker);
  return it == taken_.end() ? 0 : it->second.size();
}

void RowLockTable::release_since(uint64_t marker, size_t mark) {
  auto t = taken_.find(marker);
  if (t == taken_.end() || t->second.size() <= mark) return;
  std::vector<Taken>& taken = t->second;
  while (taken.size() > mark) {
    const Taken& last = taken.back();
    auto r = rows_.find(Key{last.store.get(), last.row});
    if (r != rows_.end()) {
      std::vector<Holder>& holders = r->second;
      // The newest matching holder entry is this acquisition's.
      for (size_t i = holders.size(); i-- > 0;) {
        if (holders[i].marker == marker && holders[i].mode == last.mode) {
          holders.erase(holders.begin() + static_cast<long>(i));
          break;
        }
      }
      if (holders.empty()) rows_.erase(r);
    }
    taken.pop_back();
  }
  if (taken.empty()) taken_.erase(t);
  if (on_release) on_release(marker);
}

}  // namespace upsertdb
