#include "exec/batch_lock_order.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "engine/engine.h"
#include "exec/row_lock_waits.h"
#include "exec/table_writer.h"
#include "storage/ordered_index.h"

namespace upsertdb {

namespace {

// One arbiter key: which arbiter (its position in InsertOp::arbiters) and the
// encoded key. Sorting these gives the lock order.
using ArbiterKey = std::pair<size_t, std::string>;

std::vector<ArbiterKey> arbiter_keys(ExecContext& ctx, const InsertOp& op, const std::vector<Row>& rows) {
  const TableInfo& t = *op.table;
  std::vector<ArbiterKey> keys;
  keys.reserve(rows.size() * op.arbiters.size());
  for (const Row& row : rows) {
    for (size_t a = 0; a < op.arbiters.size(); ++a) {
      const IndexInfo& index = *op.arbiters[a];
      bool has_null = false;
      auto key = index_key_for_row(index, t, row, ctx, &has_null);
      // Keys the arbitration ignores (NULL parts, outside a partial index).
      if (!key || (has_null && !index.nulls_not_distinct)) continue;
      keys.emplace_back(a, std::move(*key));
    }
  }
  return keys;
}

// Whether another transaction writes row `id` or holds a lock on it that
// conflicts with `mode` (when the statement locks rows): the cheap test that
// lets a batch nobody stands in the way of skip the ordered visit.
bool row_maybe_busy(ExecContext& ctx, const TableInfo& table, RowId id, bool lock_rows, RowLockMode mode) {
  if (blocking_writer(table.store->head(id), ctx.txn->marker())) return true;
  return lock_rows && find_row_conflict(ctx, table, id, mode, false);
}

// The same for every row with an index entry under `key` (live or not: no
// row is decoded, so this may say yes when the visit finds nothing).
bool key_maybe_busy(ExecContext& ctx, const TableInfo& table, const IndexInfo& index, const std::string& key,
                    bool lock_rows, RowLockMode mode) {
  for (auto it = index.data->lower_bound(key); it != index.data->end() && entry_has_prefix(*it, key); ++it) {
    if (OrderedIndex::entry_key(*it).size() != key.size()) continue;
    if (row_maybe_busy(ctx, table, OrderedIndex::entry_row(*it), lock_rows, mode)) return true;
  }
  return false;
}

// What stands in the way of acting on a target's row.
struct RowState {
  std::optional<RowId> row;   // the row to act on, if any
  uint64_t writer = 0;        // another transaction writing that row
  RowConflict lock;           // another transaction's conflicting row lock
  bool busy() const { return writer != 0 || static_cast<bool>(lock); }
};

// The ordered visit of `count` targets; `row_of(i)` is the row target i
// acts on now (a key's holder can change while we sleep), if any.
struct Visit {
  ExecContext& ctx;
  TableInfo& table;
  bool lock_rows;      // the statement locks the rows (else only waits for their writers)
  RowLockMode mode;
  size_t count;
  std::function<std::optional<RowId>(size_t)> row_of;

  RowState probe(size_t i) const {
    RowState s;
    s.row = row_of(i);
    if (!s.row) return s;
    s.writer = blocking_writer(table.store->head(*s.row), ctx.txn->marker());
    if (!s.writer && lock_rows) s.lock = find_row_conflict(ctx, table, *s.row, mode, false);
    return s;
  }

  void wait(const RowState& s) const {
    if (s.writer)
      wait_for_row_writer(ctx, table, *s.row, s.writer);
    else
      wait_for_row_conflict(ctx, table, *s.row, mode, s.lock);
  }

  // One pass in order; true when it waited (other transactions ran).
  bool pass() const {
    bool waited = false;
    std::vector<RowId> free_rows;   // visited since the last wait, not yet locked
    for (size_t i = 0; i < count; ++i) {
      for (;;) {
        RowState s = probe(i);
        if (!s.busy()) {
          if (s.row && lock_rows) free_rows.push_back(*s.row);
          break;
        }
        // Others run while we sleep: keep the rows visited before this one.
        for (RowId r : free_rows) take_row_lock(ctx, table, r, mode);
        free_rows.clear();
        wait(s);
        waited = true;
      }
    }
    return waited;
  }

  bool any_busy() const {
    for (size_t i = 0; i < count; ++i)
      if (probe(i).busy()) return true;
    return false;
  }

  // Without a wait nothing else ran: the targets are as visited. After one,
  // a target visited free may have been taken; start over rather than wait
  // for it while holding the locks of later ones.
  void run() const {
    RowLockTable* locks = ctx.engine ? &ctx.engine->transactions().row_locks() : nullptr;
    const uint64_t me = ctx.txn->marker();
    const size_t mark = locks ? locks->acquired_count(me) : 0;
    while (pass() && any_busy()) {
      if (locks) locks->release_since(me, mark);
    }
  }
};

}  // namespace

void lock_conflict_keys_in_order(ExecContext& ctx, const InsertOp& op, const std::vector<Row>& rows) {
  if (rows.size() < 2 || op.conflict == InsertOp::Conflict::kNone) return;
  for (const auto& index : op.arbiters)
    if (index->deferrable) return;
  bool lock_rows = false;
  RowLockMode mode = RowLockMode::kNoKeyUpdate;
  if (op.conflict == InsertOp::Conflict::kUpdate) {
    // The lock the DO UPDATE takes (InsertOp::write): UPDATE when SET names a key column.
    std::vector<int> set_cols;
    for (const auto& [col, expr] : op.set) set_cols.push_back(col);
    lock_rows = true;
    mode = touches_key_columns(*op.table, set_cols) ? RowLockMode::kUpdate : RowLockMode::kNoKeyUpdate;
  } else if (op.conflict == InsertOp::Conflict::kSelect && op.select_lock != ast::LockStrength::kNone) {
    lock_rows = true;
    mode = row_lock_mode(op.select_lock);
  }
  std::vector<ArbiterKey> keys = arbiter_keys(ctx, op, rows);
  if (keys.size() < 2) return;
  TableInfo& t = *op.table;
  // Nobody in the way: no wait can happen, so the order does not matter.
  bool busy = false;
  for (const ArbiterKey& k : keys) {
    if ((busy = key_maybe_busy(ctx, t, *op.arbiters[k.first], k.second, lock_rows, mode))) break;
  }
  if (!busy) return;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  Visit{ctx, t, lock_rows, mode, keys.size(), [&](size_t i) {
          return find_key_holder(ctx, t, *op.arbiters[keys[i].first], keys[i].second, std::nullopt);
        }}.run();
}

// The index whose key orders an UPDATE's or DELETE's rows: the primary key,
// else the first unique index on plain columns without a predicate.
const IndexInfo* ordering_index(const TableInfo& table) {
  const IndexInfo* best = nullptr;
  for (const auto& index : table.indexes) {
    if (!index->unique || index->has_expressions() || !index->predicate_text.empty()) continue;
    if (index->primary) return index.get();
    if (!best) best = index.get();
  }
  return best;
}

void lock_target_rows_in_order(ExecContext& ctx, TableInfo& table, const std::vector<Row>& rows, size_t rowid_slot,
                               RowLockMode mode) {
  if (rows.size() < 2) return;
  // Nobody in the way: no wait can happen, so the order does not matter.
  bool busy = false;
  for (const Row& row : rows) {
    if ((busy = row_maybe_busy(ctx, table, static_cast<RowId>(row[rowid_slot].as_int()), true, mode))) break;
  }
  if (!busy) return;
  const IndexInfo* index = ordering_index(table);
  std::vector<std::pair<std::string, RowId>> order;
  order.reserve(rows.size());
  for (const Row& row : rows) {
    RowId id = static_cast<RowId>(row[rowid_slot].as_int());
    std::optional<std::string> key;
    if (index) key = index_key_for_row(*index, table, row, ctx);
    order.emplace_back(key ? std::move(*key) : std::string(), id);
  }
  std::sort(order.begin(), order.end());
  // A row several FROM / USING matches name once (same row, same key: adjacent).
  order.erase(std::unique(order.begin(), order.end()), order.end());
  if (order.size() < 2) return;
  Visit{ctx, table, true, mode, order.size(), [&](size_t i) -> std::optional<RowId> {
          RowId id = order[i].second;
          if (!table.store->head(id)) return std::nullopt;
          return id;
        }}.run();
}

}  // namespace upsertdb
