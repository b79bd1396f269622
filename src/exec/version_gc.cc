#include "exec/version_gc.h"

#include <algorithm>

#include "common/error.h"
#include "engine/engine.h"
#include "exec/exec_context.h"
#include "exec/row_access.h"
#include "exec/table_writer.h"

namespace upsertdb {

namespace {

// Per index, the distinct keys a set of versions has (a handful at most).
using KeySets = std::vector<std::vector<std::string>>;

bool contains(const std::vector<std::string>& keys, const std::string& k) {
  return std::find(keys.begin(), keys.end(), k) != keys.end();
}

void add_keys(ExecContext& ctx, const TableInfo& table, const Version& v, Row& scratch, KeySets& keys) {
  decode_version(table, v, scratch);
  for (size_t i = 0; i < table.indexes.size(); ++i) {
    auto k = index_key_for_row(*table.indexes[i], table, scratch, ctx);
    if (k && !contains(keys[i], *k)) keys[i].push_back(std::move(*k));
  }
}

// The keys of the versions from `from` down to `last` (inclusive; null: to
// the end of the chain). With `trust_flags`, a version whose newer neighbour
// has the same keys (Version::kSameKeysAsOlder) is not decoded: used for
// freed versions only, where a wrong answer could at worst leave an entry behind.
void chain_keys(ExecContext& ctx, const TableInfo& table, const Version* from, const Version* last,
                bool trust_flags, KeySets& keys) {
  Row row;
  const Version* newer = nullptr;
  for (const Version* v = from; v; v = v->older) {
    if (!(trust_flags && newer && newer->same_keys_as_older())) add_keys(ctx, table, *v, row, keys);
    if (v == last) break;
    newer = v;
  }
}

uint64_t chain_length(const Version* v) {
  uint64_t n = 0;
  for (; v; v = v->older) ++n;
  return n;
}

bool committed_at_or_before(uint64_t stamp, uint64_t horizon) {
  return stamp != kInfinity && !is_txn_marker(stamp) && stamp <= horizon;
}

// Index expressions and predicates are immutable (PostgreSQL refuses anything
// else in them), so they need nothing of a session: everything here refuses.
class NoSessionFunctions : public FunctionContext {
 public:
  int64_t transaction_timestamp() override { refuse(); }
  int64_t statement_timestamp() override { refuse(); }
  int64_t clock_timestamp() override { refuse(); }
  Value nextval(const Value&) override { refuse(); }
  Value currval(const Value&) override { refuse(); }
  Value setval(const Value&, const Value&, bool) override { refuse(); }
  Value lastval() override { refuse(); }
  std::string current_user() override { refuse(); }
  std::string current_database() override { refuse(); }
  std::string setting(const std::string&) override { refuse(); }
  int32_t backend_pid() override { refuse(); }
  double random() override { refuse(); }
  Value regclass_from_name(const std::string&) override { refuse(); }
  std::string regclass_name(uint32_t) override { refuse(); }

 private:
  [[noreturn]] static void refuse() {
    throw DbError(sqlstate::kInternalError, "no session for a function in the garbage collector");
  }
};

}  // namespace

void prepare_collector_context(ExecContext& ctx) {
  static NoSessionFunctions functions;
  if (!ctx.functions) ctx.functions = &functions;
}

GcRowResult collect_row(ExecContext& ctx, const TableInfo& table, RowId id, uint64_t horizon, GcCounters* counters) {
  GcRowResult result;
  TableStore& store = *table.store;
  if (id >= store.slot_count()) return result;
  Version* head = store.head(id);
  if (!head) return result;
  const size_t nindexes = table.indexes.size();

  // A row deleted for everybody: the whole chain and every entry of the row.
  if (committed_at_or_before(head->end, horizon)) {
    KeySets keys(nindexes);
    try {
      if (nindexes) chain_keys(ctx, table, head, nullptr, /*trust_flags=*/true, keys);
    } catch (...) {
      result.failed = true;
      return result;
    }
    uint64_t entries = 0;
    for (size_t i = 0; i < nindexes; ++i) {
      for (const std::string& k : keys[i]) table.indexes[i]->data->erase(k, id);
      entries += keys[i].size();
    }
    store.set_head(id, nullptr);
    if (counters) {
      counters->versions_freed += chain_length(head);
      counters->rows_freed += 1;
      counters->index_entries_freed += entries;
    }
    store.retire_chain(head);
    result.changed = true;
    return result;
  }

  // K: the newest version committed at or before the horizon. Versions above
  // it are uncommitted or committed later; the first committed one among
  // them makes K (and whatever is below) collectable once the horizon passes it.
  Version* keep_last = head;
  const Version* committed_above = nullptr;
  while (keep_last && !committed_at_or_before(keep_last->begin, horizon)) {
    if (!committed_above && !is_txn_marker(keep_last->begin)) committed_above = keep_last;
    keep_last = keep_last->older;
  }
  result.more_later = committed_above && committed_above->older;
  if (!keep_last || !keep_last->older) return result;
  Version* tail = keep_last->older;

  if (nindexes) {
    // Freed versions whose keys equal K's (a chain of kSameKeysAsOlder from
    // K down) leave no entry behind; from the first that may differ, compare.
    const Version* newer = keep_last;
    const Version* differing = tail;
    while (differing && newer->same_keys_as_older()) {
      newer = differing;
      differing = differing->older;
    }
    if (differing) {
      KeySets keep(nindexes), gone(nindexes);
      try {
        chain_keys(ctx, table, head, keep_last, /*trust_flags=*/false, keep);
        chain_keys(ctx, table, differing, nullptr, /*trust_flags=*/true, gone);
      } catch (...) {
        result.failed = true;
        return result;
      }
      for (size_t i = 0; i < nindexes; ++i) {
        for (const std::string& k : gone[i]) {
          if (contains(keep[i], k)) continue;
          table.indexes[i]->data->erase(k, id);
          if (counters) ++counters->index_entries_freed;
        }
      }
    }
  }
  // A checkpoint reading this chain without the latch stops at K or above
  // (its read timestamp is at or after the horizon), so it never follows
  // this link; the tail itself stays allocated while the store is pinned.
  keep_last->older = nullptr;
  if (counters) counters->versions_freed += chain_length(tail);
  store.retire_chain(tail);
  result.changed = true;
  return result;
}

void prune_after_update(ExecContext& ctx, const TableInfo& table, RowId id, const Version* v) {
  // Only something below the replaced version can go.
  if (!ctx.engine || !v->older || !v->older->older) return;
  TransactionManager& txns = ctx.engine->transactions();
  VersionCollector& gc = ctx.engine->version_collector();
  GcRowResult r = collect_row(ctx, table, id, txns.horizon(), &gc.counters());
  if (r.more_later) gc.note_held_back(txns.now());
}

bool VersionCollector::step(ExecContext& ctx, Catalog& catalog, TransactionManager& txns) {
  prepare_collector_context(ctx);
  const uint64_t horizon = txns.horizon();
  auto& dead = txns.dead_rows();
  for (size_t n = 0; n < kDeadRowsPerStep && !dead.empty() && dead.front().commit_ts <= horizon; ++n) {
    DeadRow d = dead.front();
    dead.pop_front();
    // The table may be gone or rewritten since (a new store): the row is
    // checked against what is there now, so nothing live is ever freed.
    if (auto table = catalog.table_by_oid(d.table_oid)) collect_row(ctx, *table, d.row, horizon, &counters_);
  }
  bool more = !dead.empty() && dead.front().commit_ts <= horizon;
  if (!sweeping_ && sweep_due_after_ && horizon >= sweep_due_after_) {
    sweeping_ = true;
    sweep_due_after_ = 0;
    cursor_table_ = 0;
    cursor_row_ = 0;
  }
  if (sweeping_) more |= sweep_rows(ctx, catalog, horizon, txns.now(), kSweepRowsPerStep);
  return more;
}

bool VersionCollector::sweep_rows(ExecContext& ctx, Catalog& catalog, uint64_t horizon, uint64_t now, size_t budget) {
  while (budget > 0) {
    std::shared_ptr<TableInfo> table = cursor_table_ ? catalog.table_by_oid(cursor_table_) : nullptr;
    if (!table || cursor_row_ >= table->store->slot_count()) {
      // The next table in oid order (tables are few; this runs once per table per sweep).
      std::shared_ptr<TableInfo> next;
      for (const auto& [_, t] : catalog.tables())
        if (t->oid > cursor_table_ && (!next || t->oid < next->oid)) next = t;
      if (!next) {
        sweeping_ = false;
        ++counters_.sweeps;
        return false;
      }
      cursor_table_ = next->oid;
      cursor_row_ = 0;
      continue;
    }
    RowId end = std::min<RowId>(table->store->slot_count(), cursor_row_ + budget);
    for (; cursor_row_ < end; ++cursor_row_, --budget) {
      GcRowResult r = collect_row(ctx, *table, cursor_row_, horizon, &counters_);
      if (r.more_later) note_held_back(now);
    }
  }
  return true;
}

void VersionCollector::collect_all(ExecContext& ctx, Catalog& catalog, TransactionManager& txns) {
  sweeping_ = true;   // a whole pass from the first table
  cursor_table_ = 0;
  cursor_row_ = 0;
  while (step(ctx, catalog, txns)) {
  }
}

}  // namespace upsertdb
