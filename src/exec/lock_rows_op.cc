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
    if (current->end == me) continue;   // deleted by this transaction
    if (current != seen) {
      // Changed by a transaction that committed after our snapshot.
      if (ctx.txn->isolation != IsolationLevel::kReadCommitted)
        throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
      if (can_recheck) {
        // PostgreSQL locks the newest version before re-checking it, so a
        // row that no longer qualifies stays locked.
        take_row_lock(ctx, t, id, mode);
        if (!recheck_version(ctx, id, *current, out)) continue;
        return true;
      }
      if (current->row() != seen->row())
        throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
    }
    take_row_lock(ctx, t, id, mode);
    return true;
  }
  return false;
}

bool LockRowsOp::recheck_version(ExecContext& ctx, RowId id, const Version& current, Row& out) {
  Row fresh;
  decode_version(*table, current, fresh);
  fresh.push_back(Value::int8(static_cast<int64_t>(id)));
  if (recheck && !eval_predicate(*recheck, fresh, ctx)) return false;
  out.resize(project.size());
  for (size_t i = 0; i < project.size(); ++i) out[i] = project[i]->eval(fresh, ctx);
  return true;
}

}  // namespace upsertdb
