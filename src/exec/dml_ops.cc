#include "exec/dml_ops.h"

#include <algorithm>

#include "common/error.h"
#include "engine/engine.h"
#include "exec/batch_lock_order.h"
#include "exec/row_lock_waits.h"
#include "exec/table_writer.h"
#include "plan/catalog_exprs.h"

namespace upsertdb {

namespace {

void project_returning(const DmlOp& op, const Row& written, ExecContext& ctx, Row& out) {
  out.clear();
  out.reserve(op.returning.size());
  for (const auto& e : op.returning) out.push_back(e->eval(written, ctx));
}

[[noreturn]] void concurrent_update() {
  throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
}

// SET upsertdb.duplicate_input = 'last_wins': a DO UPDATE may revisit a row this
// statement already wrote (the later proposal sees the earlier one's result).
bool duplicates_last_wins(ExecContext& ctx) {
  if (!ctx.functions) return false;
  try {
    return ctx.functions->setting("upsertdb.duplicate_input") == "last_wins";
  } catch (const DbError&) {
    return false;
  }
}

}  // namespace

// ---- INSERT ---------------------------------------------------------------------

void InsertOp::open(ExecContext& ctx) {
  affected = 0;
  source->open(ctx);
  if (lock_in_key_order) {
    batch_.clear();
    batch_pos_ = 0;
    batch_loaded_ = false;
  }
}

bool InsertOp::write(ExecContext& ctx, Row& row, Row& written) {
  TableInfo& t = *table;
  if (conflict != Conflict::kNone) {
    std::optional<RowId> holder;
    std::shared_ptr<IndexInfo> hit;
    for (const auto& index : arbiters) {
      if (index->deferrable)
        throw DbError(sqlstate::kObjectNotInPrerequisiteState,
                      "ON CONFLICT does not support deferrable unique constraints/exclusion constraints as arbiters")
            .table(t.schema, t.name)
            .constraint(index->name);
    }
    // Arbitration waits for a transaction that is writing the conflicting row
    // (as PostgreSQL does), then decides again: its commit makes a conflict,
    // its rollback leaves the key free.
    for (;;) {
      holder.reset();
      for (const auto& index : arbiters) {
        bool has_null = false;
        auto key = index_key_for_row(*index, t, row, ctx, &has_null);
        if (!key || (has_null && !index->nulls_not_distinct)) continue;
        holder = find_key_holder(ctx, t, *index, *key, std::nullopt);
        if (holder) {
          hit = index;
          break;
        }
      }
      uint64_t other = holder ? blocking_writer(t.store->head(*holder), ctx.txn->marker()) : 0;
      if (!other) break;
      ctx.wait_for_transaction(other);
    }
    // SERIALIZABLE: what arbitration found is a read: the conflicting row (a
    // concurrent update or delete of it is a conflict) or, when none, the
    // empty keys (the row this statement inserts covers those anyway).
    if (SerializableXact* sx = ctx.txn->ssi; sx && holder) sx->tracker->lock_row(*sx, t.oid, *holder);
    if (holder) {
      Version* head = t.store->head(*holder);
      const uint64_t me = ctx.txn->marker();
      // REPEATABLE READ / SERIALIZABLE: a conflicting row this snapshot cannot
      // see was committed concurrently; PostgreSQL refuses to act on it.
      if (ctx.txn->isolation != IsolationLevel::kReadCommitted && head->begin != me &&
          !ctx.snapshot.created_visible(head))
        throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
      ConflictCounters* stats = ctx.engine ? &ctx.engine->conflict_stats().at(t.oid, hit->name) : nullptr;
      if (conflict == Conflict::kNothing) {
        if (stats) ++stats->do_nothing;
        return false;
      }
      if (conflict == Conflict::kSelect) return select_existing(ctx, *holder, head, row, written, stats);
      if (head->begin == me && head->begin_cid == ctx.snapshot.cid && !duplicates_last_wins(ctx)) {
        throw DbError(sqlstate::kCardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time")
            .hint("Ensure that no rows proposed for insertion within the same command have duplicate constrained values.");
      }
      // The lock PostgreSQL's ON CONFLICT DO UPDATE takes: UPDATE when SET names a key column.
      if (!do_update_lock_) {
        std::vector<int> set_cols;
        for (const auto& [col, expr] : set) set_cols.push_back(col);
        do_update_lock_ = touches_key_columns(t, set_cols) ? RowLockMode::kUpdate : RowLockMode::kNoKeyUpdate;
      }
      Version* v = writable_version(ctx, t, *holder, head, *do_update_lock_);
      if (!v) return false;
      decode_version(t, *v, existing_);
      combined_.assign(existing_.begin(), existing_.end());
      combined_.insert(combined_.end(), row.begin(), row.end());
      if (update_where && !eval_predicate(*update_where, combined_, ctx)) {
        if (stats) ++stats->do_update_skipped;
        return false;
      }
      if (stats) ++stats->do_update;
      updated_.assign(existing_.begin(), existing_.end());
      for (const auto& [col, expr] : set) updated_[static_cast<size_t>(col)] = expr->eval(combined_, ctx);
      update_row(ctx, t, *holder, v, existing_, updated_);
      if (!returning.empty()) written = updated_;   // the caller only reads it for RETURNING
      return true;
    }
  }
  // Sequence-backed defaults held back until the row is known to be inserted:
  // a conflicting row consumes no sequence value (see docs/semantics.md).
  for (int c : deferred_defaults) row[static_cast<size_t>(c)] = column_fill_value(ctx, t, static_cast<size_t>(c), row);
  insert_row(ctx, t, row);
  if (!returning.empty()) written = std::move(row);   // the caller only reads it for RETURNING
  return true;
}

bool InsertOp::next_proposed(ExecContext& ctx, Row& row) {
  TableInfo& t = *table;
  if (!source->next(ctx, in_)) return false;
  if (given_.size() != t.columns.size()) {
    given_.assign(t.columns.size(), false);
    for (int c : target_cols) given_[static_cast<size_t>(c)] = true;
  }
  row.resize(t.columns.size());   // reused: the single-row path must not allocate
  for (size_t i = 0; i < target_cols.size(); ++i) row[static_cast<size_t>(target_cols[i])] = std::move(in_[i]);
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (given_[c]) continue;
    row[c] = is_deferred_default(static_cast<int>(c)) ? Value::null(t.columns[c].type.id)
                                                     : column_fill_value(ctx, t, c, row);
  }
  return true;
}

bool InsertOp::next(ExecContext& ctx, Row& out) {
  if (lock_in_key_order && !batch_loaded_) {
    Row proposed;
    while (next_proposed(ctx, proposed)) batch_.push_back(std::move(proposed));
    batch_loaded_ = true;
    lock_conflict_keys_in_order(ctx, *this, batch_);
  }
  Row& row = proposed_;
  while (lock_in_key_order ? batch_pos_ < batch_.size() : next_proposed(ctx, row)) {
    if (lock_in_key_order) row = std::move(batch_[batch_pos_++]);
    Row written;
    if (!write(ctx, row, written)) continue;
    ++affected;
    if (!returning.empty()) {
      project_returning(*this, written, ctx, out);
      return true;
    }
  }
  return false;
}

// DO SELECT: the existing row is returned (when WHERE allows) instead of the
// proposed one. FOR ... locks it as SELECT ... FOR ... does (after waiting
// for its writers and conflicting lockers), until this transaction ends.
bool InsertOp::select_existing(ExecContext& ctx, RowId id, Version* head, const Row& proposed, Row& written,
                               ConflictCounters* stats) {
  TableInfo& t = *table;
  Row existing;
  decode_version(t, *head, existing);
  Row combined = existing;
  combined.insert(combined.end(), proposed.begin(), proposed.end());
  bool chosen = !update_where || eval_predicate(*update_where, combined, ctx);
  const uint64_t me = ctx.txn->marker();
  bool ours_now = head->begin == me && head->begin_cid == ctx.snapshot.cid;
  if (select_lock != ast::LockStrength::kNone && !ours_now) {
    RowLockMode mode = row_lock_mode(select_lock);
    if (writable_version(ctx, t, id, head, mode)) take_row_lock(ctx, t, id, mode);
  }
  if (!chosen) return false;
  if (stats) ++stats->do_select;
  written = std::move(existing);
  return true;
}

// ---- UPDATE and DELETE: the row to write ----------------------------------------

// The version of row `id` to update or delete. Waits for a transaction that
// is writing the row. When one committed a newer version meanwhile, READ
// COMMITTED re-checks it as PostgreSQL's EvalPlanQual does: the row is
// re-read into in_ and kept only if it still satisfies `recheck` (the
// statement's WHERE); REPEATABLE READ and SERIALIZABLE raise 40001. Null when
// the row is gone (deleted meanwhile, or by this transaction) or no longer
// qualifies.
Version* TargetRowOp::latest_for_write(ExecContext& ctx, RowId id, const Version* seen) {
  TableInfo& t = *table;
  const uint64_t me = ctx.txn->marker();
  Version* head = t.store->head(id);
  while (uint64_t other = blocking_writer(head, me)) {
    wait_for_row_writer(ctx, t, id, other);
    head = t.store->head(id);
  }
  if (!head) return nullptr;
  if (head == seen) {
    if (head->end == kInfinity) return head;
    if (head->end == me) return nullptr;   // deleted by an earlier command of ours
  }
  if (ctx.txn->isolation != IsolationLevel::kReadCommitted || !can_recheck)
    throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
  if (head->end != kInfinity) return nullptr;   // deleted by a committed transaction: gone
  Row fresh;
  decode_version(t, *head, fresh);
  fresh.push_back(Value::int8(static_cast<int64_t>(id)));
  if (recheck && !eval_predicate(*recheck, fresh, ctx)) return nullptr;
  in_ = std::move(fresh);
  return head;
}

bool TargetRowOp::next_target(ExecContext& ctx, RowLockMode lock_mode) {
  if (!lock_in_key_order) return child->next(ctx, in_);
  if (!batch_loaded_) {
    Row row;
    while (child->next(ctx, row)) batch_.push_back(std::move(row));
    batch_loaded_ = true;
    lock_target_rows_in_order(ctx, *table, batch_, rowid_slot, lock_mode);
  }
  if (batch_pos_ >= batch_.size()) return false;
  in_ = std::move(batch_[batch_pos_++]);
  return true;
}

void TargetRowOp::reset_batch() {
  batch_.clear();
  batch_pos_ = 0;
  batch_loaded_ = false;
}

// ---- UPDATE ---------------------------------------------------------------------

void UpdateOp::open(ExecContext& ctx) {
  affected = 0;
  child->open(ctx);
  reset_batch();
}

bool UpdateOp::next(ExecContext& ctx, Row& out) {
  TableInfo& t = *table;
  const uint64_t me = ctx.txn->marker();
  while (next_target(ctx, RowLockMode::kNoKeyUpdate)) {
    RowId id = static_cast<RowId>(in_[rowid_slot].as_int());
    Version* head = t.store->head(id);
    if (!head) continue;
    // A row this statement already wrote (several FROM matches) is updated once.
    if (head->begin == me && head->begin_cid == ctx.snapshot.cid) continue;
    const Version* seen = ctx.snapshot.find(head);
    if (!seen) continue;
    Version* v = latest_for_write(ctx, id, seen);
    Row old_row, new_row;
    while (v) {
      old_row.assign(in_.begin(), in_.begin() + static_cast<long>(t.columns.size()));
      new_row = old_row;
      for (const auto& [col, expr] : set) new_row[static_cast<size_t>(col)] = expr->eval(in_, ctx);
      // Row locks of other transactions that conflict with this update's
      // (UPDATE when a key column changes, else NO KEY UPDATE) are waited
      // for; the row may have changed meanwhile: look again.
      if (!wait_for_row_lockers(ctx, t, id, update_lock_mode(t, old_row, new_row))) break;
      v = latest_for_write(ctx, id, v);
    }
    if (!v) continue;
    update_row(ctx, t, id, v, old_row, new_row);
    ++affected;
    if (!returning.empty()) {
      // RETURNING sees the new row plus the FROM tables' columns of this match.
      Row combined = in_;
      std::copy(new_row.begin(), new_row.end(), combined.begin());
      project_returning(*this, combined, ctx, out);
      return true;
    }
  }
  return false;
}

// ---- DELETE ---------------------------------------------------------------------

void DeleteOp::open(ExecContext& ctx) {
  affected = 0;
  child->open(ctx);
  reset_batch();
}

bool DeleteOp::next(ExecContext& ctx, Row& out) {
  TableInfo& t = *table;
  const uint64_t me = ctx.txn->marker();
  while (next_target(ctx, RowLockMode::kUpdate)) {
    RowId id = static_cast<RowId>(in_[rowid_slot].as_int());
    Version* head = t.store->head(id);
    if (!head) continue;
    if (head->end == me && head->end_cid == ctx.snapshot.cid) continue;   // deleted by this statement already
    const Version* seen = ctx.snapshot.find(head);
    if (!seen) continue;
    Version* v = latest_for_write(ctx, id, seen);
    // A delete conflicts with every row lock of another transaction.
    while (v && wait_for_row_lockers(ctx, t, id, RowLockMode::kUpdate)) v = latest_for_write(ctx, id, v);
    if (!v) continue;
    Row old_row(in_.begin(), in_.begin() + static_cast<long>(t.columns.size()));
    delete_row(ctx, t, id, v, old_row);
    ++affected;
    if (!returning.empty()) {
      project_returning(*this, in_, ctx, out);
      return true;
    }
  }
  return false;
}

}  // namespace upsertdb
