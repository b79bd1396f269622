#include "exec/foreign_keys.h"

#include "common/error.h"
#include "exec/row_access.h"
#include "exec/row_lock_waits.h"
#include "exec/table_writer.h"
#include "plan/catalog_exprs.h"

namespace upsertdb {

namespace {

// The referenced table's unique index whose key is exactly the FK's referenced columns.
std::shared_ptr<IndexInfo> referenced_index(const TableInfo& parent, const ConstraintInfo& fk) {
  for (const auto& idx : parent.indexes) {
    if (!idx->unique || idx->has_expressions() || !idx->predicate_text.empty()) continue;
    if (idx->columns.size() != fk.ref_columns.size()) continue;
    bool same = true;
    for (int col : idx->columns) {
      bool found = false;
      for (int r : fk.ref_columns) found |= r == col;
      same &= found;
    }
    if (same) return idx;
  }
  return nullptr;
}

// Key values of `cols` in `row`, cast to the parent's column types.
std::vector<Value> key_values(const Row& row, const std::vector<int>& cols, const TableInfo& parent,
                              const std::vector<int>& parent_cols) {
  std::vector<Value> out;
  for (size_t k = 0; k < cols.size(); ++k) {
    const Type& t = parent.columns[static_cast<size_t>(parent_cols[k])].type;
    out.push_back(cast_value(row[static_cast<size_t>(cols[k])], Type(t.id), CastContext::kImplicit));
  }
  return out;
}

std::string encode_parent_key(const IndexInfo& index, const ConstraintInfo& fk, const std::vector<Value>& values) {
  std::string key;
  for (int col : index.columns) {
    for (size_t k = 0; k < fk.ref_columns.size(); ++k)
      if (fk.ref_columns[k] == col) encode_key(values[k], key);
  }
  return key;
}

std::string column_list(const TableInfo& t, const std::vector<int>& cols) {
  std::string s;
  for (size_t k = 0; k < cols.size(); ++k) s += (k ? ", " : "") + t.columns[static_cast<size_t>(cols[k])].name;
  return s;
}

std::string value_list(const std::vector<Value>& values) {
  std::string s;
  for (size_t k = 0; k < values.size(); ++k) s += (k ? ", " : "") + (values[k].is_null() ? "null" : value_to_text(values[k]));
  return s;
}

bool columns_changed(const Row& a, const Row& b, const std::vector<int>& cols) {
  for (int c : cols) {
    const Value& x = a[static_cast<size_t>(c)];
    const Value& y = b[static_cast<size_t>(c)];
    if (x.is_null() != y.is_null()) return true;
    if (!x.is_null() && !values_equal(x, y)) return true;
  }
  return false;
}

// DEFERRABLE foreign keys deferred now (INITIALLY DEFERRED or SET CONSTRAINTS).
bool is_deferred(ExecContext& ctx, const ConstraintInfo& fk) {
  if (!fk.deferrable) return false;
  return ctx.constraint_deferred ? ctx.constraint_deferred(fk.name, fk.initially_deferred) : fk.initially_deferred;
}

bool references_table(const Catalog& catalog, uint32_t oid) {
  for (const auto& [_, t] : catalog.tables())
    for (const auto& c : t->constraints)
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == oid) return true;
  return false;
}

// The live (newest, not deleted) version of a row, or null.
Version* live_version(const TableInfo& t, RowId id) {
  Version* head = t.store->head(id);
  if (!head || head->end != kInfinity) return nullptr;
  return head;
}

// Finds the parent row holding `key` in `index`, for a foreign-key check on
// an inserted or updated child, and locks it FOR KEY SHARE (as PostgreSQL's
// check does) until this transaction ends: the parent's DELETE, key UPDATE
// and FOR UPDATE then wait for us. A parent row that another transaction is
// inserting, deleting, or moving onto or off this key, or holds FOR UPDATE,
// decides the check only once that lock goes: wait, then look again, so that
// a check never passes against a parent that is about to disappear (an
// orphan). An update that keeps the key does not block (KEY SHARE and NO KEY
// UPDATE do not conflict). False when no parent row holds the key.
bool lock_referenced_key(ExecContext& ctx, const TableInfo& parent, const IndexInfo& index, const std::string& key) {
  const uint64_t me = ctx.txn->marker();
  auto has_key = [&](const Version& v) {
    Row row;
    decode_version(parent, v, row);
    auto k = index_key_for_row(index, parent, row, ctx);
    return k && *k == key;
  };
  for (;;) {
    uint64_t blocker = 0;
    bool found = false;
    RowId found_row = 0;
    for (auto it = index.data->lower_bound(key); it != index.data->end() && entry_has_prefix(*it, key); ++it) {
      if (OrderedIndex::entry_key(*it).size() != key.size()) continue;
      const Version* v = parent.store->head(OrderedIndex::entry_row(*it));
      if (!v) continue;
      if (v->end != kInfinity) {
        if (is_txn_marker(v->end) && v->end != me) {   // being deleted
          blocker = v->end;
          break;
        }
        continue;   // deleted
      }
      bool head_has = has_key(*v);
      if (is_txn_marker(v->begin) && v->begin != me) {
        bool older_has = v->older && v->older->end == v->begin && has_key(*v->older);
        if (head_has != older_has) {   // inserted with this key, or moved onto or off it
          blocker = v->begin;
          break;
        }
      }
      if (head_has) {
        found = true;
        found_row = OrderedIndex::entry_row(*it);
        break;
      }
    }
    if (!blocker && found) {
      // A parent row this transaction wrote is protected by that write (no
      // one else can delete it or change its key before we end, and a
      // rollback to a savepoint that undoes the write undoes this check's
      // child too): no lock entry needed, which keeps loading parents and
      // children in one transaction free of them.
      if (parent.store->head(found_row)->begin == me) return true;
      RowConflict c = find_row_conflict(ctx, parent, found_row, RowLockMode::kKeyShare, false);
      if (!c) {
        take_row_lock(ctx, parent, found_row, RowLockMode::kKeyShare);
        return true;
      }
      wait_for_row_conflict(ctx, parent, found_row, RowLockMode::kKeyShare, c);
      continue;   // the latch was released: look again
    }
    if (!blocker) return false;
    // The wait releases the latch: the index may change, so the scan starts over.
    ctx.wait_for_transaction(blocker);
  }
}

void check_referencing(ExecContext& ctx, const PendingForeignKeyCheck& check) {
  const TableInfo& t = *check.table;
  const ConstraintInfo* fk = t.find_constraint(check.constraint);
  if (!fk) return;
  if (is_deferred(ctx, *fk)) {
    ctx.deferred_fk.push_back(check);
    return;
  }
  Version* v = live_version(t, check.row);
  if (!v || v->begin != ctx.txn->marker()) return;   // gone or rewritten by a later command
  Row row;
  decode_version(t, *v, row);
  bool any_null = false, all_null = true;
  for (int c : fk->columns) {
    any_null |= row[static_cast<size_t>(c)].is_null();
    all_null &= row[static_cast<size_t>(c)].is_null();
  }
  auto parent = ctx.catalog->table_by_oid(fk->ref_table);
  if (!parent || all_null) return;
  if (any_null && fk->match_type != 'f') return;
  std::string names = column_list(t, fk->columns);
  if (any_null) {
    throw DbError(sqlstate::kForeignKeyViolation,
                  "insert or update on table \"" + t.name + "\" violates foreign key constraint \"" + fk->name + "\"")
        .detail("MATCH FULL does not allow mixing of null and nonnull key values.")
        .table(t.schema, t.name)
        .constraint(fk->name);
  }
  auto index = referenced_index(*parent, *fk);
  if (!index) return;   // the DDL guarantees one; a dropped index drops the FK
  std::vector<Value> values = key_values(row, fk->columns, *parent, fk->ref_columns);
  if (lock_referenced_key(ctx, *parent, *index, encode_parent_key(*index, *fk, values))) return;
  std::vector<Value> shown;
  for (int c : fk->columns) shown.push_back(row[static_cast<size_t>(c)]);
  throw DbError(sqlstate::kForeignKeyViolation,
                "insert or update on table \"" + t.name + "\" violates foreign key constraint \"" + fk->name + "\"")
      .detail("Key (" + names + ")=(" + value_list(shown) + ") is not present in table \"" + parent->name + "\".")
      .table(t.schema, t.name)
      .constraint(fk->name);
}

// Returns false when it had to wait for another transaction's child row (the
// latch was released, so the caller starts over).
bool check_referenced_once(ExecContext& ctx, const PendingForeignKeyCheck& check) {
  const TableInfo& parent = *check.table;
  const uint64_t me = ctx.txn->marker();
  for (const auto& [_, child_ref] : ctx.catalog->tables()) {
    std::shared_ptr<TableInfo> child = child_ref;
    for (const ConstraintInfo& fk : child->constraints) {
      if (fk.kind != ConstraintKind::kForeignKey || fk.ref_table != parent.oid) continue;
      if (!check.constraint.empty() && fk.name != check.constraint) continue;
      if (!check.deleted && !columns_changed(check.old_row, check.new_row, fk.ref_columns)) continue;
      char fk_action = check.deleted ? fk.on_delete : fk.on_update;
      if (fk_action == 'a' && is_deferred(ctx, fk)) {
        // A deferred NO ACTION check runs at COMMIT, for this constraint only.
        PendingForeignKeyCheck later = check;
        later.constraint = fk.name;
        ctx.deferred_fk.push_back(std::move(later));
        continue;
      }
      std::vector<Value> old_key;
      bool has_null = false;
      for (int c : fk.ref_columns) {
        old_key.push_back(check.old_row[static_cast<size_t>(c)]);
        has_null |= old_key.back().is_null();
      }
      if (has_null) continue;
      auto index = referenced_index(parent, fk);
      char action = check.deleted ? fk.on_delete : fk.on_update;
      // NO ACTION: fine when another row holds the key again by the end of the statement.
      if (action == 'a' && index &&
          find_key_holder(ctx, parent, *index, encode_parent_key(*index, fk, old_key), std::nullopt))
        continue;
      for (RowId id = 0; id < child->store->slot_count(); ++id) {
        // A matching child row that another transaction is inserting or
        // deleting decides nothing until that transaction ends: every action
        // waits for it, then looks again (in PostgreSQL, the child's KEY SHARE
        // lock on this parent row makes the parent's writer wait).
        Version* v = child->store->head(id);
        if (!v) continue;
        uint64_t writer = blocking_writer(v, me);
        if (v->end != kInfinity && !(writer && writer == v->end)) continue;   // deleted
        Row row;
        decode_version(*child, *v, row);
        bool match = true;
        for (size_t k = 0; k < fk.columns.size() && match; ++k) {
          const Value& cv = row[static_cast<size_t>(fk.columns[k])];
          if (cv.is_null()) {
            match = false;
            break;
          }
          Value as_parent = cast_value(cv, Type(old_key[k].type()), CastContext::kImplicit);
          match = values_equal(as_parent, old_key[k]);
        }
        if (!match) continue;
        if (writer) {
          ctx.wait_for_transaction(writer);
          return false;
        }
        if (action == 'a' || action == 'r') {
          throw DbError(sqlstate::kForeignKeyViolation, "update or delete on table \"" + parent.name +
                                                            "\" violates foreign key constraint \"" + fk.name +
                                                            "\" on table \"" + child->name + "\"")
              .detail("Key (" + column_list(parent, fk.ref_columns) + ")=(" + value_list(old_key) +
                      ") is still referenced from table \"" + child->name + "\".")
              .table(child->schema, child->name)
              .constraint(fk.name);
        }
        bool child_delete = action == 'c' && check.deleted;
        RowLockMode mode = child_delete || touches_key_columns(*child, fk.columns) ? RowLockMode::kUpdate
                                                                                   : RowLockMode::kNoKeyUpdate;
        Version* w = writable_version(ctx, *child, id, v, mode);
        if (!w) continue;
        if (action == 'c' && check.deleted) {
          delete_row(ctx, *child, id, w, row);
          continue;
        }
        Row updated = row;
        bool default_is_old_key = action == 'd';
        for (size_t k = 0; k < fk.columns.size(); ++k) {
          size_t col = static_cast<size_t>(fk.columns[k]);
          const ColumnInfo& ci = child->columns[col];
          if (action == 'c') {
            updated[col] = cast_value(check.new_row[static_cast<size_t>(fk.ref_columns[k])], ci.type,
                                      CastContext::kAssignment);
          } else if (action == 'n') {
            updated[col] = Value::null(ci.type.id);
          } else if (action == 'd') {
            updated[col] = column_fill_value(ctx, *child, col, row);
            default_is_old_key = default_is_old_key && !updated[col].is_null() &&
                                 values_equal(cast_value(updated[col], Type(old_key[k].type()), CastContext::kImplicit),
                                              old_key[k]);
          }
        }
        // SET DEFAULT whose default is the very key that went away leaves the row
        // referencing it: PostgreSQL then checks as NO ACTION would (a parent row
        // holding the key again is fine) and otherwise fails with its error.
        if (default_is_old_key &&
            !(index && find_key_holder(ctx, parent, *index, encode_parent_key(*index, fk, old_key), std::nullopt)))
          throw DbError(sqlstate::kForeignKeyViolation, "update or delete on table \"" + parent.name +
                                                            "\" violates foreign key constraint \"" + fk.name +
                                                            "\" on table \"" + child->name + "\"")
              .detail("Key (" + column_list(parent, fk.ref_columns) + ")=(" + value_list(old_key) +
                      ") is still referenced from table \"" + child->name + "\".")
              .table(child->schema, child->name)
              .constraint(fk.name);
        update_row(ctx, *child, id, w, row, updated);
      }
    }
  }
  return true;
}

void check_referenced(ExecContext& ctx, const PendingForeignKeyCheck& check) {
  while (!check_referenced_once(ctx, check)) {
  }
}

}  // namespace

void queue_fk_after_insert(ExecContext& ctx, const TableInfo& table, RowId id) {
  for (const auto& c : table.constraints) {
    if (c.kind != ConstraintKind::kForeignKey) continue;
    ctx.fk_checks.push_back(PendingForeignKeyCheck{PendingForeignKeyCheck::Kind::kReferencing,
                                                   ctx.catalog->table_by_oid(table.oid), c.name, id, {}, false, {}});
  }
}

void queue_fk_after_update(ExecContext& ctx, const TableInfo& table, RowId id, const Row& old_row, const Row& new_row) {
  for (const auto& c : table.constraints) {
    if (c.kind != ConstraintKind::kForeignKey || !columns_changed(old_row, new_row, c.columns)) continue;
    ctx.fk_checks.push_back(PendingForeignKeyCheck{PendingForeignKeyCheck::Kind::kReferencing,
                                                   ctx.catalog->table_by_oid(table.oid), c.name, id, {}, false, {}});
  }
  if (references_table(*ctx.catalog, table.oid)) {
    ctx.fk_checks.push_back(PendingForeignKeyCheck{PendingForeignKeyCheck::Kind::kReferenced,
                                                   ctx.catalog->table_by_oid(table.oid), "", id, old_row, false, new_row});
  }
}

void queue_fk_after_delete(ExecContext& ctx, const TableInfo& table, RowId id, const Row& old_row) {
  if (!references_table(*ctx.catalog, table.oid)) return;
  ctx.fk_checks.push_back(PendingForeignKeyCheck{PendingForeignKeyCheck::Kind::kReferenced,
                                                 ctx.catalog->table_by_oid(table.oid), "", id, old_row, true, {}});
}

void run_fk_checks(ExecContext& ctx) {
  // Cascaded writes queue further checks; run until none are left.
  while (!ctx.fk_checks.empty()) {
    auto batch = std::move(ctx.fk_checks);
    ctx.fk_checks.clear();
    for (const auto& check : batch) {
      if (check.kind == PendingForeignKeyCheck::Kind::kReferencing) check_referencing(ctx, check);
      else check_referenced(ctx, check);
    }
  }
}

}  // namespace upsertdb
