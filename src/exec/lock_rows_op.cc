#include "exec/lock_rows_op.h"

#include "common/error.h"
#include "exec/row_lock_waits.h"
#include "exec/table_writer.h"

namespace upsertdb {

bool LockRowsOp::next(ExecContext& ctx, Row& out) {
  TableInfo& t = *table;
  const uint64_t me = ctx.txn->marker();
  const RowLockMode mode = row_lock_mode(strength);
  while (child->next(ctx, out)) {
    RowId id = static_cast<RowId>(out[rowid_pos].as_int());
    Version* head = t.store->head(id);
    const Version* seen = head ? ctx.snapshot.find(head) : nullptr;
    if (!seen) continue;
    bool skip = false;
    // Another transaction's conflicting lock or write: wait (or skip / 55P03).
    while (RowConflict c = find_row_conflict(ctx, t, id, mode, true)) {
      if (wait_policy == 1) {
        skip = true;
        break;
      }
      if (wait_policy == 2)
        throw DbError("55P03", "could not obtain lock on row in relation \"" + t.name + "\"");
      wait_for_row_conflict(ctx, t, id, mode, c);
    }
    head = t.store->head(id);
    if (skip || !head) continue;
    // The row as last committed (or written by us): an update in progress
    // that does not conflict (NO KEY UPDATE against KEY SHARE) leaves the
    // version it replaces current, as PostgreSQL locks the old tuple then.
    const Version* current = head;
    if (is_txn_marker(head->begin) && head->begin != me && head->older && head->older->end == head->begin)
      current = head->older;
    else if (current->end != kInfinity && current->end != me) {
      // Deleted by a transaction that committed while we waited (one that
      // committed before our snapshot would have hidden the row): READ
      // COMMITTED skips the row, the snapshot levels cannot (PostgreSQL's rule).
      if (ctx.txn->isolation != IsolationLevel::kReadCommitted)
        throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
      continue;
    }
    if (current != seen) {
      // Changed by a transaction that committed while we waited: a real
      // change would need PostgreSQL's re-check (not yet).
      if (current->row() != seen->row() || ctx.txn->isolation != IsolationLevel::kReadCommitted)
        throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
    }
    if (current->end == me) continue;   // deleted by this transaction
    take_row_lock(ctx, t, id, mode);
    return true;
  }
  return false;
}

}  // namespace upsertdb
