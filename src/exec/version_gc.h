// Version garbage collection (issue 5): old row versions and deleted rows are
// freed once no snapshot can see them, with the index entries only they held.
// See docs/concurrency.md, "Garbage collection".
//
// The horizon (TransactionManager::horizon) is the oldest read timestamp of
// any running transaction or checkpoint. In a row's chain the newest version
// committed at or before it (K) is what the oldest snapshot sees; everything
// older than K is visible to nobody, now or later, and goes. A row whose
// deletion committed at or before the horizon is gone for everybody: its
// whole chain goes, with every index entry of the row, and its slot keeps a
// null head (slots are not reused: row ids name rows in the log and in
// checkpoints). Versions are retired, not freed, while a checkpoint has the
// store pinned (TableStore::retire_chain).
//
// When: a writer that prepends a version prunes that row's chain on the spot
// (the chain is in cache); a commit frees the rows deleted by transactions
// that every snapshot now sees as committed (a bounded number per commit), and
// continues a bounded sweep over all rows when pruning was held back by an old
// snapshot, so rows nobody writes again shrink too. The data directory's
// background thread runs the same steps once a second, for rows left over
// when no commit follows.
//
// Index entries: an entry (key, row) is removed when a freed version had that
// key and no remaining version of the row has it. Keys are computed as the
// writer computes them (index_key_for_row: expressions, partial predicates),
// so every kind of index is collected. Every call is made with the engine
// latch held.
#pragma once

#include <cstdint>

#include "catalog/catalog.h"
#include "txn/transaction.h"

namespace upsertdb {

struct ExecContext;

struct GcCounters {
  uint64_t versions_freed = 0;        // versions unlinked (freed, or retired for a checkpoint)
  uint64_t rows_freed = 0;            // deleted rows whose whole chain went
  uint64_t index_entries_freed = 0;
  uint64_t sweeps = 0;                // full passes over every table completed
};

struct GcRowResult {
  bool changed = false;      // something was freed
  // A committed version above K still has older versions below it: a later
  // horizon frees more of this row.
  bool more_later = false;
  bool failed = false;       // an index key could not be computed: nothing was changed
};

// Collects row `id` of `table` against `horizon` (see above). `ctx` evaluates
// index expressions and predicates. Never throws for a key it cannot compute:
// the row is left as it was.
GcRowResult collect_row(ExecContext& ctx, const TableInfo& table, RowId id, uint64_t horizon,
                        GcCounters* counters);

// Gives `ctx` what evaluating index keys outside a session needs (a function
// context that refuses everything an immutable expression never calls).
void prepare_collector_context(ExecContext& ctx);

// The writer's hook: `v` was just prepended to row `id` (update_row). Cheap
// when there is nothing below the version it replaced.
void prune_after_update(ExecContext& ctx, const TableInfo& table, RowId id, const Version* v);

// The engine's collector state: the sweep cursor and the counters.
class VersionCollector {
 public:
  // Rows visited per sweep step, and dead rows freed per step.
  static constexpr size_t kSweepRowsPerStep = 64;
  static constexpr size_t kDeadRowsPerStep = 256;

  // One bounded step: frees dead rows whose deletion the horizon has passed,
  // then continues (or starts, when one is due) the sweep. Returns true when
  // work remains that the current horizon allows.
  bool step(ExecContext& ctx, Catalog& catalog, TransactionManager& txns);
  // Everything the current horizon allows, in one go (tests, tools).
  void collect_all(ExecContext& ctx, Catalog& catalog, TransactionManager& txns);
  // True when a step would have something to do (cheap: called after every commit).
  bool work_pending(TransactionManager& txns) {
    auto& dead = txns.dead_rows();
    if (!dead.empty() && dead.front().commit_ts <= txns.horizon()) return true;
    return sweeping_ || (sweep_due_after_ && txns.horizon() >= sweep_due_after_);
  }

  // Pruning left versions a later horizon frees: sweep once the horizon reaches `ts`.
  void note_held_back(uint64_t ts) {
    if (ts > sweep_due_after_) sweep_due_after_ = ts;
  }
  GcCounters& counters() { return counters_; }

 private:
  bool sweep_rows(ExecContext& ctx, Catalog& catalog, uint64_t horizon, uint64_t now, size_t budget);

  uint64_t sweep_due_after_ = 0;   // 0: no sweep wanted
  bool sweeping_ = false;
  uint32_t cursor_table_ = 0;      // the sweep's position: table oid, row id
  RowId cursor_row_ = 0;
  GcCounters counters_;
};

}  // namespace upsertdb
