#include "exec/lock_rows_op.h"

#include "common/error.h"
#include "exec/table_writer.h"

namespace upsertdb {

bool LockRowsOp::next(ExecContext& ctx, Row& out) {
  TableInfo& t = *table;
  const uint64_t me = ctx.txn->marker();
  while (child->next(ctx, out)) {
    RowId id = static_cast<RowId>(out[rowid_pos].as_int());
    Version* head = t.store->head(id);
    const Version* seen = head ? ctx.snapshot.find(head) : nullptr;
    if (!seen) continue;
    bool skip = false;
    while (uint64_t other = blocking_writer(head, me)) {
      if (wait_policy == 1) {
        skip = true;
        break;
      }
      if (wait_policy == 2)
        throw DbError("55P03", "could not obtain lock on row in relation \"" + t.name + "\"");
      ctx.wait_for_transaction(other);
      head = t.store->head(id);
    }
    if (skip || !head) continue;
    if (head->end != kInfinity && head->end != me) {
      // Deleted by a transaction that committed while we waited (one that
      // committed before our snapshot would have hidden the row): READ
      // COMMITTED skips the row, the snapshot levels cannot (PostgreSQL's rule).
      if (ctx.txn->isolation != IsolationLevel::kReadCommitted)
        throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
      continue;
    }
    if (head != seen) {
      // A lock taken and released by another transaction leaves the same
      // contents; a real change would need PostgreSQL's re-check (not yet).
      if (head->row() != seen->row() || ctx.txn->isolation != IsolationLevel::kReadCommitted)
        throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
    }
    if (head->end == me) continue;   // deleted by this transaction
    bool exclusive = strength == ast::LockStrength::kForUpdate || strength == ast::LockStrength::kForNoKeyUpdate;
    bool already_ours = head->begin == me;
    if (exclusive && !already_ours) {
      Row row;
      decode_version(t, *head, row);
      update_row(ctx, t, id, head, row, row);
    }
    return true;
  }
  return false;
}

}  // namespace upsertdb
