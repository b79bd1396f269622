// TableStore: the rows of one table, as version chains addressed by row id.
// A row id is a slot that lives as long as the table (reclaiming slots is the
// garbage collector's job); its head is the newest version, or null once the
// inserting transaction rolled back. Callers hold the engine's write latch.
#pragma once

#include <vector>

#include "storage/ordered_index.h"
#include "storage/version.h"

namespace upsertdb {

class TableStore {
 public:
  TableStore() = default;
  TableStore(const TableStore&) = delete;
  TableStore& operator=(const TableStore&) = delete;
  ~TableStore() { clear(); }

  RowId append(Version* v) {
    heads_.push_back(v);
    return heads_.size() - 1;
  }
  Version* head(RowId r) const { return heads_[r]; }
  void set_head(RowId r, Version* v) { heads_[r] = v; }
  size_t slot_count() const { return heads_.size(); }

  // Recovery restores rows at their original ids (index entries and later log
  // records name them): grow to `n` slots, and replace a row's whole chain.
  void ensure_slots(size_t n) {
    if (heads_.size() < n) heads_.resize(n, nullptr);
  }
  void replace_chain(RowId r, Version* v) {
    for (Version* h = heads_[r]; h;) {
      Version* older = h->older;
      Version::destroy(h);
      h = older;
    }
    heads_[r] = v;
  }

  // Frees every version (TRUNCATE commit, DROP TABLE commit, shutdown).
  void clear() {
    for (Version* h : heads_) {
      while (h) {
        Version* older = h->older;
        Version::destroy(h);
        h = older;
      }
    }
    heads_.clear();
  }
  // Swaps contents (TRUNCATE keeps the old store until commit).
  void swap(TableStore& o) { heads_.swap(o.heads_); }

 private:
  std::vector<Version*> heads_;
};

}  // namespace upsertdb
