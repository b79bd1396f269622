#include "exec/table_writer.h"

#include "common/error.h"
#include "engine/engine.h"
#include "exec/foreign_keys.h"
#include "exec/row_lock_waits.h"
#include "exec/version_gc.h"
#include "functions/fn_util.h"
#include "types/datetime.h"
#include "plan/catalog_exprs.h"
#include "plan/deparse.h"
#include "types/value.h"

namespace upsertdb {

namespace {

// Encodes into a per-thread buffer (reused: no allocation per row on the hot path).
std::string_view encode(const TableInfo& table, const Row& row) {
  static thread_local std::vector<TypeId> types;
  static thread_local std::string out;
  types.clear();
  for (const auto& c : table.columns) types.push_back(c.type.id);
  out.clear();
  encode_row(row, types, out);
  return out;
}

[[noreturn]] void concurrent_update() {
  throw DbError("40001", "could not serialize access due to concurrent update");
}

void check_not_null(const TableInfo& table, const Row& row) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnInfo& c = table.columns[i];
    if (c.not_null && !c.dropped && row[i].is_null()) {
      throw DbError(sqlstate::kNotNullViolation,
                    "null value in column \"" + c.name + "\" of relation \"" + table.name +
                        "\" violates not-null constraint")
          .detail(failing_row_detail(table, row))
          .table(table.schema, table.name)
          .column(c.name);
    }
  }
}

void check_checks(ExecContext& ctx, const TableInfo& table, const Row& row) {
  for (const ConstraintInfo& c : table.constraints) {
    if (c.kind != ConstraintKind::kCheck) continue;
    Value v = check_expression(table, c).eval(row, ctx);
    if (!v.is_null() && !v.as_bool()) {
      throw DbError(sqlstate::kCheckViolation,
                    "new row for relation \"" + table.name + "\" violates check constraint \"" + c.name + "\"")
          .detail(failing_row_detail(table, row))
          .table(table.schema, table.name)
          .constraint(c.name);
    }
  }
}

// Adds the row's entries to every index; unique ones are queued for the
// statement-end check. `old_row` (updates) skips keys the row already has.
// Returns true when every index key equals `old_row`'s (the garbage collector's
// Version::kSameKeysAsOlder).
bool add_index_entries(ExecContext& ctx, TableInfo& table, RowId id,
                       const Row& row, const Row* old_row) {
  bool same_keys = true;
  for (auto& index : table.indexes) {
    bool has_null = false;
    auto key = index_key_for_row(*index, table, row, ctx, &has_null);
    if (!key) {
      // Left out by a partial index's predicate: the same only if the old row was too.
      if (old_row && same_keys && index_key_for_row(*index, table, *old_row, ctx)) same_keys = false;
      continue;
    }
    if (old_row) {
      auto old_key = index_key_for_row(*index, table, *old_row, ctx);
      if (old_key && *old_key == *key) continue;   // same key: the existing entry serves both versions
    }
    same_keys = false;
    // SERIALIZABLE: a new key in a range another serializable transaction scanned.
    if (SerializableXact* sx = ctx.txn->ssi) sx->tracker->check_index_insert(*sx, index->oid, *key);
    bool inserted = false;
    bool twin = index->data->insert_has_twin(*key, id, &inserted);
    if (inserted) ctx.txn->record_index_write(IndexWrite{index->data, index->oid, *key, id});
    // A key no other row's entry carries cannot be duplicated: skip the check.
    if (twin && index->unique && (!has_null || index->nulls_not_distinct)) {
      ctx.unique_checks.push_back(PendingUniqueCheck{ctx.catalog->table_by_oid(table.oid), index, *key, id});
    }
  }
  return same_keys;
}

// Values of a version's row for index recheck.
Row version_row(const TableInfo& table, const Version& v) {
  Row r;
  decode_version(table, v, r);
  return r;
}

}  // namespace

std::optional<std::string> index_key_for_row(const IndexInfo& index, const TableInfo& table, const Row& row,
                                             ExecContext& ctx, bool* has_null) {
  if (const BoundExpr* pred = index_predicate(table, index)) {
    if (!eval_predicate(*pred, row, ctx)) return std::nullopt;
  }
  std::string key;
  bool any_null = false;
  for (size_t p = 0; p < index.columns.size(); ++p) {
    int col = index.columns[p];
    Value v = col >= 0 ? row[static_cast<size_t>(col)] : index_expression(table, index, p).eval(row, ctx);
    if (v.is_null()) any_null = true;
    encode_key(v, key);
  }
  if (has_null) *has_null = any_null;
  return key;
}

std::optional<RowId> find_key_holder(ExecContext& ctx, const TableInfo& table, const IndexInfo& index,
                                     const std::string& key, std::optional<RowId> exclude) {
  const uint64_t me = ctx.txn->marker();
  for (auto it = index.data->lower_bound(key); it != index.data->end(); ++it) {
    if (!entry_has_prefix(*it, key) || OrderedIndex::entry_key(*it).size() != key.size()) {
      if (!entry_has_prefix(*it, key)) break;
      continue;   // a longer key sharing the prefix (cannot happen for same-arity keys; be safe)
    }
    RowId r = OrderedIndex::entry_row(*it);
    if (exclude && *exclude == r) continue;
    // The newest version that is committed or ours decides whether the row is
    // alive; one written by another in-progress transaction counts as alive.
    const Version* v = table.store->head(r);
    if (!v) continue;
    bool deleted = false;
    if (v->end != kInfinity) {
      deleted = !is_txn_marker(v->end) || v->end == me;
    }
    if (deleted) continue;
    thread_local Row row;   // reused: arbitration runs for every upsert
    decode_version(table, *v, row);
    auto k = index_key_for_row(index, table, row, ctx);
    if (k && *k == key) return r;
  }
  return std::nullopt;
}

uint64_t blocking_writer(const Version* head, uint64_t me) {
  if (!head) return 0;
  if (is_txn_marker(head->begin) && head->begin != me) return head->begin;
  if (is_txn_marker(head->end) && head->end != me) return head->end;
  return 0;
}

Version* writable_version(ExecContext& ctx, TableInfo& table, RowId row, const Version* seen, RowLockMode mode) {
  const uint64_t me = ctx.txn->marker();
  Version* head = table.store->head(row);
  // Another transaction is writing this row or holds a conflicting row lock:
  // wait for it, as PostgreSQL does. If it rolled back (or only locked), the
  // row is as we saw it and we go on; if it committed a change, PostgreSQL at
  // READ COMMITTED would re-check the new version (EvalPlanQual) — not yet:
  // 40001 for now.
  for (;;) {
    if (uint64_t other = blocking_writer(head, me)) {
      wait_for_row_writer(ctx, table, row, other);
    } else if (!wait_for_row_lockers(ctx, table, row, mode)) {
      break;
    }
    head = table.store->head(row);
  }
  if (head != seen) concurrent_update();
  if (head->end != kInfinity) {
    if (head->end == me) return nullptr;   // already deleted by us (earlier command)
    concurrent_update();
  }
  return head;
}

Value column_fill_value(ExecContext& ctx, const TableInfo& table, size_t col, const Row& row) {
  const ColumnInfo& c = table.columns[col];
  if (c.dropped || (c.default_text.empty() && !c.identity)) return Value::null(c.type.id);
  return cast_value(column_default(table, c).eval(row, ctx), c.type, CastContext::kAssignment);
}

RowId insert_row(ExecContext& ctx, TableInfo& table, Row& row) {
  check_not_null(table, row);
  check_checks(ctx, table, row);
  // SERIALIZABLE: a new row in a table another serializable transaction scanned.
  if (SerializableXact* sx = ctx.txn->ssi) sx->tracker->check_write(*sx, table.oid, nullptr);
  Version* v = Version::make(encode(table, row), ctx.txn->marker(), ctx.snapshot.cid);
  RowId id = table.store->append(v);
  ctx.txn->record_write(WriteRecord{table.store, table.oid, id, v, nullptr});
  add_index_entries(ctx, table, id, row, nullptr);
  queue_fk_after_insert(ctx, table, id);
  return id;
}

void update_row(ExecContext& ctx, TableInfo& table, RowId id, Version* old_version, const Row& old_row,
                Row& new_row) {
  check_not_null(table, new_row);
  check_checks(ctx, table, new_row);
  // SERIALIZABLE: a row (or table) another serializable transaction read.
  if (SerializableXact* sx = ctx.txn->ssi) sx->tracker->check_write(*sx, table.oid, &id);
  Version* v = Version::make(encode(table, new_row), ctx.txn->marker(), ctx.snapshot.cid);
  v->older = old_version;
  store_stamp(old_version->end, ctx.txn->marker());   // a checkpoint may be reading it
  old_version->end_cid = ctx.snapshot.cid;
  table.store->set_head(id, v);
  ctx.txn->record_write(WriteRecord{table.store, table.oid, id, v, old_version});
  if (add_index_entries(ctx, table, id, new_row, &old_row)) v->flags |= Version::kSameKeysAsOlder;
  queue_fk_after_update(ctx, table, id, old_row, new_row);
  // Versions below the one replaced that no snapshot sees any more go now,
  // while the chain is in cache (exec/version_gc.h).
  if (old_version->older) prune_after_update(ctx, table, id, v);
}

void delete_row(ExecContext& ctx, TableInfo& table, RowId id, Version* old_version, const Row& old_row) {
  if (SerializableXact* sx = ctx.txn->ssi) sx->tracker->check_write(*sx, table.oid, &id);
  store_stamp(old_version->end, ctx.txn->marker());   // a checkpoint may be reading it
  old_version->end_cid = ctx.snapshot.cid;
  ctx.txn->record_write(WriteRecord{table.store, table.oid, id, nullptr, old_version});
  queue_fk_after_delete(ctx, table, id, old_row);
}

void run_statement_end_checks(ExecContext& ctx) {
  // Unique keys first (PostgreSQL reports them before foreign keys), then
  // foreign keys, whose cascaded writes may queue more unique checks.
  run_unique_checks(ctx);
  if (!ctx.fk_checks.empty()) {
    run_fk_checks(ctx);
    run_unique_checks(ctx);
  }
}

void run_unique_checks(ExecContext& ctx, const UniqueViolationAnnotator& annotate) {
  auto checks = std::move(ctx.unique_checks);
  ctx.unique_checks.clear();
  for (const PendingUniqueCheck& c : checks) {
    if (c.index->deferrable &&
        (ctx.unique_deferred ? ctx.unique_deferred(*c.index) : c.index->initially_deferred)) {
      ctx.deferred_unique.push_back(c);   // the session runs it at COMMIT / SET CONSTRAINTS IMMEDIATE
      continue;
    }
    // Our own row must still hold the key (a later update in the statement may have moved it).
    const Version* mine = c.table->store->head(c.row);
    if (!mine || mine->end != kInfinity) continue;
    Row mine_row = version_row(*c.table, *mine);
    auto mine_key = index_key_for_row(*c.index, *c.table, mine_row, ctx);
    if (!mine_key || *mine_key != c.key) continue;
    std::optional<RowId> holder;
    for (;;) {
      holder = find_key_holder(ctx, *c.table, *c.index, c.key, c.row);
      // A holder another transaction is writing decides nothing yet: wait for
      // it (its commit makes ours a duplicate, its rollback frees the key).
      uint64_t other = holder ? blocking_writer(c.table->store->head(*holder), ctx.txn->marker()) : 0;
      if (!other) break;
      ctx.wait_for_transaction(other);
    }
    if (holder) {
      std::string detail = key_detail(*c.table, *c.index, mine_row, ctx) + " already exists.";
      if (ctx.engine) {
        ConflictCounters& stats = ctx.engine->conflict_stats().at(c.table->oid, c.index->name);
        ++stats.violations;
        stats.last_violation_at = datetime::now_micros();
        stats.last_violation_detail = detail;
      }
      DbError err(sqlstate::kUniqueViolation,
                  "duplicate key value violates unique constraint \"" + c.index->name + "\"");
      err.detail(detail).table(c.table->schema, c.table->name).constraint(c.index->name);
      if (annotate) annotate(err, c.row, *holder);
      throw err;
    }
  }
}

std::string failing_row_detail(const TableInfo& table, const Row& row) {
  std::string s = "Failing row contains (";
  bool first = true;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].dropped) continue;
    if (!first) s += ", ";
    first = false;
    s += row[i].is_null() ? "null" : value_to_text(row[i]);
  }
  return s + ").";
}

std::string key_detail(const TableInfo& table, const IndexInfo& index, const Row& row, ExecContext& ctx) {
  std::string names, values;
  for (size_t p = 0; p < index.columns.size(); ++p) {
    if (p) { names += ", "; values += ", "; }
    int col = index.columns[p];
    Value v;
    if (col >= 0) {
      names += fn::quote_identifier(table.columns[static_cast<size_t>(col)].name);
      v = row[static_cast<size_t>(col)];
    } else {
      const BoundExpr& expr = index_expression(table, index, p);
      auto shown = deparse_expression(expr, table);
      names += shown ? *shown : index.expr_texts[p];
      v = expr.eval(row, ctx);
    }
    values += v.is_null() ? "null" : value_to_text(v);
  }
  return "Key (" + names + ")=(" + values + ")";
}

}  // namespace upsertdb
