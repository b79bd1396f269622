#include "exec/merge_op.h"

#include "common/error.h"
#include "exec/row_lock_waits.h"
#include "exec/table_writer.h"
#include "plan/catalog_exprs.h"

namespace upsertdb {

void MergeOp::open(ExecContext& ctx) {
  affected = 0;
  child->open(ctx);
}

bool MergeOp::next(ExecContext& ctx, Row& out) {
  TableInfo& t = *table;
  const uint64_t me = ctx.txn->marker();
  while (child->next(ctx, in_)) {
    bool matched = !in_[rowid_slot].is_null();
    const Action* chosen = nullptr;
    for (const Action& a : actions) {
      if (a.matched != matched) continue;
      if (a.condition && !eval_predicate(*a.condition, in_, ctx)) continue;
      chosen = &a;
      break;
    }
    if (!chosen || chosen->kind == Action::Kind::kNothing) continue;
    if (chosen->kind == Action::Kind::kInsert) {
      Row row(t.columns.size());
      std::vector<bool> given(t.columns.size(), false);
      for (size_t i = 0; i < chosen->insert_cols.size(); ++i) {
        size_t c = static_cast<size_t>(chosen->insert_cols[i]);
        row[c] = chosen->insert_values[i]->eval(in_, ctx);
        given[c] = true;
      }
      for (size_t c = 0; c < t.columns.size(); ++c)
        if (!given[c]) row[c] = column_fill_value(ctx, t, c, row);
      insert_row(ctx, t, row);
      ++affected;
      continue;
    }
    RowId id = static_cast<RowId>(in_[rowid_slot].as_int());
    Version* head = t.store->head(id);
    if ((head->begin == me && head->begin_cid == ctx.snapshot.cid) ||
        (head->end == me && head->end_cid == ctx.snapshot.cid)) {
      throw DbError(sqlstate::kCardinalityViolation, "MERGE command cannot affect row a second time")
          .hint("Ensure that not more than one source row matches any one target row.");
    }
    const Version* seen = ctx.snapshot.find(head);
    if (!seen) continue;
    Row old_row(in_.begin() + static_cast<long>(target_offset),
                in_.begin() + static_cast<long>(target_offset + t.columns.size()));
    Row new_row = old_row;
    if (chosen->kind != Action::Kind::kDelete)
      for (const auto& [col, expr] : chosen->set) new_row[static_cast<size_t>(col)] = expr->eval(in_, ctx);
    // The row lock this write takes (PostgreSQL's): DELETE and a changed key
    // column UPDATE, any other update NO KEY UPDATE.
    RowLockMode mode =
        chosen->kind == Action::Kind::kDelete ? RowLockMode::kUpdate : update_lock_mode(t, old_row, new_row);
    Version* v = writable_version(ctx, t, id, seen, mode);
    if (!v) continue;
    if (chosen->kind == Action::Kind::kDelete) {
      delete_row(ctx, t, id, v, old_row);
    } else {
      update_row(ctx, t, id, v, old_row, new_row);
    }
    ++affected;
  }
  (void)out;
  return false;
}

}  // namespace upsertdb
