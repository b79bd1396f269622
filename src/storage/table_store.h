// TableStore: the rows of one table, as version chains addressed by row id.
// A row id is a slot that lives as long as the table (slots are never reused:
// row ids name rows in the write-ahead log and in checkpoints); its head is
// the newest version, or null once the inserting transaction rolled back or
// the garbage collector freed the deleted row (exec/version_gc.h).
// Callers hold the engine's write latch.
//
// A checkpoint reads version chains without the latch (engine/snapshot_file.h):
// it pins the store while it does, and versions unlinked meanwhile (a rolled
// back write, TRUNCATE, recovery's chain replacement) are retired instead of
// freed, then freed by the last unpin. Pinning and unpinning also happen under
// the latch, so no atomics are needed here.
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
  ~TableStore() {
    pins_ = 0;   // a pinning checkpoint holds a reference: nobody reads a store being destroyed
    clear();
    free_chains(retired_chains_);
    for (Version* v : retired_versions_) Version::destroy(v);
  }

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
    retire_chain(heads_[r]);
    heads_[r] = v;
  }

  // A version that nothing links to any more (a rolled-back write): freed
  // now, or when the last pin goes if a checkpoint may still be reading it.
  // Only the version itself: the ones below it are still the row's. Its
  // `older` link stays intact, for a checkpoint may be about to follow it.
  void retire(Version* v) {
    if (pins_ > 0) {
      retired_versions_.push_back(v);
    } else {
      Version::destroy(v);
    }
  }

  // A chain cut off a row (the garbage collector's pruned tail, or a dead
  // row's whole chain): freed now, or by the last unpin.
  void retire_chain(Version* head) {
    if (!head) return;
    if (pins_ > 0) {
      retired_chains_.push_back(head);
    } else {
      free_chain(head);
    }
  }

  // What the store holds (a walk over every chain: tests, statistics views).
  struct VersionStats {
    uint64_t rows = 0;        // slots with a chain
    uint64_t versions = 0;    // versions in those chains
    uint64_t bytes = 0;       // their allocations (Version::footprint)
  };
  VersionStats version_stats() const {
    VersionStats s;
    for (const Version* h : heads_) {
      if (h) ++s.rows;
      for (const Version* v = h; v; v = v->older) {
        ++s.versions;
        s.bytes += v->footprint();
      }
    }
    return s;
  }

  // Frees every version (TRUNCATE commit, DROP TABLE commit, shutdown).
  void clear() {
    for (Version* h : heads_) retire_chain(h);
    heads_.clear();
  }
  // Swaps contents (TRUNCATE keeps the old store until commit).
  void swap(TableStore& o) { heads_.swap(o.heads_); }

  void pin() { ++pins_; }
  void unpin() {
    if (--pins_ > 0) return;
    free_chains(retired_chains_);
    for (Version* v : retired_versions_) Version::destroy(v);
    retired_versions_.clear();
  }
  bool pinned() const { return pins_ > 0; }
  // Versions and chains waiting for the last unpin (tests).
  size_t retired_count() const { return retired_versions_.size() + retired_chains_.size(); }

 private:
  static void free_chain(Version* h) {
    while (h) {
      Version* older = h->older;
      Version::destroy(h);
      h = older;
    }
  }
  static void free_chains(std::vector<Version*>& chains) {
    for (Version* h : chains) free_chain(h);
    chains.clear();
  }

  std::vector<Version*> heads_;
  int pins_ = 0;
  std::vector<Version*> retired_versions_;   // single versions, freed by the last unpin
  std::vector<Version*> retired_chains_;     // whole chains, freed by the last unpin
};

}  // namespace upsertdb
