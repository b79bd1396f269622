// Engine: the database one process opens — catalog, row store, transaction
// manager — shared by every Session. Until the concurrency work lands, a
// statement runs under the engine latch (one statement at a time across all
// sessions); transactions still interleave between statements with full MVCC
// isolation.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "catalog/catalog.h"
#include "engine/conflict_stats.h"
#include "txn/transaction.h"

namespace upsertdb {

class Engine {
 public:
  // `path` "" = in-memory. A directory is created if missing; its snapshot
  // (written at clean shutdown) is loaded on open.
  explicit Engine(std::string path);
  ~Engine();

  Catalog& catalog() { return catalog_; }
  TransactionManager& transactions() { return txns_; }
  std::mutex& latch() { return latch_; }
  ConflictStats& conflict_stats() { return conflict_stats_; }
  const std::string& path() const { return path_; }
  bool in_memory() const { return path_.empty(); }

  // Writes the data directory's snapshot now (also done at shutdown). Takes
  // the engine latch: do not call while holding it. No-op when in-memory.
  void save_snapshot();

 private:
  void load_snapshot();
  std::string path_;
  Catalog catalog_;
  TransactionManager txns_;
  std::mutex latch_;
  ConflictStats conflict_stats_;
  int lock_fd_ = -1;   // flock on <dir>/LOCK, held while the engine is open
};

}  // namespace upsertdb
