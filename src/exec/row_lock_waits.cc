#include "exec/row_lock_waits.h"

#include "engine/engine.h"
#include "exec/table_writer.h"

namespace upsertdb {

namespace {

// Without an engine (bare executor tests) there is nobody to conflict with.
RowLockTable* lock_table(ExecContext& ctx) { return ctx.engine ? &ctx.engine->transactions().row_locks() : nullptr; }

bool same_value(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() == b.is_null();
  return values_equal(a, b);
}

}  // namespace

RowLockMode row_lock_mode(ast::LockStrength strength) {
  switch (strength) {
    case ast::LockStrength::kForKeyShare: return RowLockMode::kKeyShare;
    case ast::LockStrength::kForShare: return RowLockMode::kShare;
    case ast::LockStrength::kForNoKeyUpdate: return RowLockMode::kNoKeyUpdate;
    default: return RowLockMode::kUpdate;
  }
}

bool is_key_column(const TableInfo& table, int column) {
  for (const auto& index : table.indexes) {
    if (!index->unique || index->has_expressions() || !index->predicate_text.empty()) continue;
    for (int c : index->columns)
      if (c == column) return true;
  }
  return false;
}

bool touches_key_columns(const TableInfo& table, const std::vector<int>& columns) {
  for (int c : columns)
    if (is_key_column(table, c)) return true;
  return false;
}

RowLockMode update_lock_mode(const TableInfo& table, const Row& old_row, const Row& new_row) {
  for (const auto& index : table.indexes) {
    if (!index->unique || index->has_expressions() || !index->predicate_text.empty()) continue;
    for (int c : index->columns) {
      auto col = static_cast<size_t>(c);
      if (!same_value(old_row[col], new_row[col])) return RowLockMode::kUpdate;
    }
  }
  return RowLockMode::kNoKeyUpdate;
}

RowLockMode implied_write_mode(const TableInfo& table, const Version* head) {
  if (head->end != kInfinity) return RowLockMode::kUpdate;   // being deleted
  const Version* older = head->older;
  if (!older || older->end != head->begin) return RowLockMode::kUpdate;   // being inserted
  Row before, after;
  decode_version(table, *older, before);
  decode_version(table, *head, after);
  return update_lock_mode(table, before, after);
}

RowConflict find_row_conflict(ExecContext& ctx, const TableInfo& table, RowId row, RowLockMode mode, bool writers) {
  const uint64_t me = ctx.txn->marker();
  if (writers) {
    const Version* head = table.store->head(row);
    if (uint64_t writer = blocking_writer(head, me)) {
      if (row_lock_modes_conflict(implied_write_mode(table, head), mode)) return RowConflict{writer, false};
    }
  }
  if (RowLockTable* locks = lock_table(ctx)) {
    if (uint64_t holder = locks->conflicting_holder(table.store.get(), row, me, mode)) return RowConflict{holder, true};
  }
  return {};
}

void wait_for_row_conflict(ExecContext& ctx, const TableInfo& table, RowId row, RowLockMode mode,
                           const RowConflict& conflict) {
  if (!conflict.by_lock) {
    wait_for_row_writer(ctx, table, row, conflict.holder);
    return;
  }
  RowLockTable* locks = lock_table(ctx);
  const TableStore* store = table.store.get();
  ctx.wait_for_transaction(conflict.holder, [&] { return !locks->blocks(store, row, conflict.holder, mode); });
}

void wait_for_row_writer(ExecContext& ctx, const TableInfo& table, RowId row, uint64_t writer) {
  const uint64_t me = ctx.txn->marker();
  const TableStore* store = table.store.get();
  ctx.wait_for_transaction(writer, [&] { return blocking_writer(store->head(row), me) != writer; });
}

bool wait_for_row_lockers(ExecContext& ctx, const TableInfo& table, RowId row, RowLockMode mode) {
  bool waited = false;
  while (RowConflict c = find_row_conflict(ctx, table, row, mode, false)) {
    wait_for_row_conflict(ctx, table, row, mode, c);
    waited = true;
  }
  return waited;
}

void take_row_lock(ExecContext& ctx, const TableInfo& table, RowId row, RowLockMode mode) {
  if (RowLockTable* locks = lock_table(ctx)) locks->acquire(table.store, row, ctx.txn->marker(), mode);
}

}  // namespace upsertdb
