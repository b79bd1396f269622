// Row-lock conflicts as the executor meets them: which lock a write or a
// SELECT ... FOR ... needs, who else holds a conflicting one on the row —
// an explicit lock in the transaction manager's RowLockTable, or the lock
// implied by another transaction's uncommitted write of the row — and
// waiting for it to go away (deadlock detection, lock_timeout, cancel as in
// ExecContext::wait_for_transaction).
#pragma once

#include <vector>

#include "exec/exec_context.h"
#include "sql/ast.h"
#include "txn/row_locks.h"

namespace upsertdb {

RowLockMode row_lock_mode(ast::LockStrength strength);

// PostgreSQL's key columns: those of unique indexes without expressions or a
// predicate (the ones a foreign key can reference).
bool is_key_column(const TableInfo& table, int column);
bool touches_key_columns(const TableInfo& table, const std::vector<int>& columns);
// The lock an UPDATE from `old_row` to `new_row` takes: UPDATE when a key
// column's value changes, else NO KEY UPDATE.
RowLockMode update_lock_mode(const TableInfo& table, const Row& old_row, const Row& new_row);

// The lock implied by another transaction's uncommitted write at the row's
// head `head`: an insert, a delete or a key change is UPDATE, any other
// update NO KEY UPDATE.
RowLockMode implied_write_mode(const TableInfo& table, const Version* head);

struct RowConflict {
  uint64_t holder = 0;   // 0: none
  bool by_lock = false;  // an explicit row lock (else an uncommitted write)
  explicit operator bool() const { return holder != 0; }
};

// Another transaction's lock on `row` that conflicts with `mode`: its
// uncommitted write (only when `writers` is true) or an explicit row lock.
RowConflict find_row_conflict(ExecContext& ctx, const TableInfo& table, RowId row, RowLockMode mode, bool writers);
// Sleeps until that conflict ends: the holder ends, or (a lock) releases it.
void wait_for_row_conflict(ExecContext& ctx, const TableInfo& table, RowId row, RowLockMode mode,
                           const RowConflict& conflict);
// Sleeps until `writer`'s uncommitted write of the row goes: it ends, or
// rolls back to a savepoint set before the write.
void wait_for_row_writer(ExecContext& ctx, const TableInfo& table, RowId row, uint64_t writer);
// Waits for every explicit row lock conflicting with `mode` to go. Returns
// true when it waited (the engine latch was released: the row may have changed).
bool wait_for_row_lockers(ExecContext& ctx, const TableInfo& table, RowId row, RowLockMode mode);

// Records this transaction's lock on the row (no conflict check).
void take_row_lock(ExecContext& ctx, const TableInfo& table, RowId row, RowLockMode mode);

}  // namespace upsertdb
