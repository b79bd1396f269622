// Shared DDL machinery: copy-on-write installation with undo, live-row scans,
// index builds and validation of existing rows (see ddl_internal.h).
#include <map>

#include "engine/ddl_internal.h"
#include "engine/engine.h"
#include "exec/row_access.h"
#include "functions/fn_util.h"
#include "exec/table_writer.h"
#include "plan/catalog_exprs.h"

namespace upsertdb::ddl {

std::shared_ptr<IndexInfo> clone_index(const IndexInfo& i) {
  auto c = std::make_shared<IndexInfo>(i);
  c->exprs_bound.clear();
  c->predicate_bound.reset();
  return c;
}

std::shared_ptr<TableInfo> clone_table(const TableInfo& t) {
  auto c = std::make_shared<TableInfo>(t);
  for (auto& col : c->columns) col.default_bound.reset();
  for (auto& con : c->constraints) con.check_bound.reset();
  for (auto& ix : c->indexes) ix = clone_index(*ix);
  return c;
}

namespace {

void swap_table_entries(Catalog& cat, const std::shared_ptr<TableInfo>& from, const std::shared_ptr<TableInfo>& to) {
  if (from) {
    for (const auto& ix : from->indexes) cat.remove_index_name(ix->name);
    cat.remove_table(from->name);
  }
  if (to) {
    cat.add_table(to);
    for (const auto& ix : to->indexes) cat.add_index_name(ix->name);
  }
}

void swap_sequence_entries(Catalog& cat, const std::shared_ptr<SequenceInfo>& from,
                           const std::shared_ptr<SequenceInfo>& to) {
  if (from) cat.remove_sequence(from->name);
  if (to) cat.add_sequence(to);
}

}  // namespace

void install_table(ExecContext& ctx, std::shared_ptr<TableInfo> old_t, std::shared_ptr<TableInfo> new_t) {
  Catalog* cat = ctx.catalog;
  swap_table_entries(*cat, old_t, new_t);
  ctx.txn->on_rollback([cat, old_t, new_t] { swap_table_entries(*cat, new_t, old_t); });
}

void install_sequence(ExecContext& ctx, std::shared_ptr<SequenceInfo> old_s, std::shared_ptr<SequenceInfo> new_s) {
  Catalog* cat = ctx.catalog;
  swap_sequence_entries(*cat, old_s, new_s);
  ctx.txn->on_rollback([cat, old_s, new_s] { swap_sequence_entries(*cat, new_s, old_s); });
}

void build_index_entries(ExecContext& ctx, const TableInfo& t, IndexInfo& index);

void for_each_live_row(ExecContext& ctx, const TableInfo& t,
                       const std::function<void(RowId, const Version&, const Row&)>& fn) {
  const uint64_t me = ctx.txn->marker();
  Row row;
  for (RowId r = 0; r < t.store->slot_count(); ++r) {
    const Version* v = t.store->head(r);
    if (!v) continue;
    if (v->end != kInfinity && (!is_txn_marker(v->end) || v->end == me)) continue;
    decode_version(t, *v, row);
    fn(r, *v, row);
  }
}

bool wait_for_writers(ExecContext& ctx, const TableInfo& t) {
  if (!ctx.engine) return false;
  TransactionManager& txns = ctx.engine->transactions();
  const uint64_t me = ctx.txn->marker();
  for (bool waited = false;; waited = true) {
    // An uncommitted write is always at the head of its row's chain: a new
    // version (begin) or the deletion of the current one (end).
    uint64_t other = 0;
    for (RowId r = 0; r < t.store->slot_count() && !other; ++r) {
      const Version* v = t.store->head(r);
      if (!v) continue;
      for (uint64_t stamp : {v->begin, v->end})
        if (is_txn_marker(stamp) && stamp != me && txns.in_progress(stamp)) other = stamp;
    }
    if (!other) return waited;
    ctx.wait_for_transaction(other);
  }
}

bool has_live_rows(ExecContext& ctx, const TableInfo& t) {
  bool any = false;
  for_each_live_row(ctx, t, [&](RowId, const Version&, const Row&) { any = true; });
  return any;
}

void build_index(ExecContext& ctx, const TableInfo& t, IndexInfo& index) {
  without_position([&] { build_index_entries(ctx, t, index); });
}

void build_index_entries(ExecContext& ctx, const TableInfo& t, IndexInfo& index) {
  index.data = std::make_shared<OrderedIndex>();
  // Every version gets its entry so that older snapshots still find their rows.
  Row row;
  for (RowId r = 0; r < t.store->slot_count(); ++r) {
    for (Version* v = t.store->head(r); v; v = v->older) {
      decode_version(t, *v, row);
      if (auto key = index_key_for_row(index, t, row, ctx)) index.data->insert(*key, r);
      // "Same keys as the older version" was decided without this index
      // (exec/version_gc.h): no longer known.
      v->flags &= static_cast<uint8_t>(~Version::kSameKeysAsOlder);
    }
  }
  if (!index.unique) return;
  std::map<std::string, RowId> seen;
  for_each_live_row(ctx, t, [&](RowId r, const Version&, const Row& live) {
    bool has_null = false;
    auto key = index_key_for_row(index, t, live, ctx, &has_null);
    if (!key || (has_null && !index.nulls_not_distinct)) return;
    if (!seen.emplace(*key, r).second) {
      throw DbError(sqlstate::kUniqueViolation, "could not create unique index \"" + index.name + "\"")
          .detail(key_detail(t, index, live, ctx) + " is duplicated.")
          .table(t.schema, t.name)
          .constraint(index.name);
    }
  });
}

void validate_not_null(ExecContext& ctx, const TableInfo& t, int col) {
  for_each_live_row(ctx, t, [&](RowId, const Version&, const Row& row) {
    if (row[static_cast<size_t>(col)].is_null()) {
      const std::string& name = t.columns[static_cast<size_t>(col)].name;
      throw DbError(sqlstate::kNotNullViolation,
                    "column \"" + name + "\" of relation \"" + t.name + "\" contains null values")
          .table(t.schema, t.name)
          .column(name);
    }
  });
}

void validate_check(ExecContext& ctx, const TableInfo& t, const ConstraintInfo& c) {
  BExpr check = bind_check_expression(ctx, t, c.check_text);
  for_each_live_row(ctx, t, [&](RowId, const Version&, const Row& row) {
    Value v = check->eval(row, ctx);
    if (!v.is_null() && !v.as_bool()) {
      throw DbError(sqlstate::kCheckViolation,
                    "check constraint \"" + c.name + "\" of relation \"" + t.name + "\" is violated by some row")
          .table(t.schema, t.name)
          .constraint(c.name);
    }
  });
}

void validate_foreign_key(ExecContext& ctx, const TableInfo& t, const ConstraintInfo& c) {
  auto parent = c.ref_table == t.oid ? nullptr : ctx.catalog->table_by_oid(c.ref_table);
  const TableInfo& p = parent ? *parent : t;
  // The referenced unique index, and where each of its key parts comes from in the FK.
  const IndexInfo* index = nullptr;
  std::vector<size_t> part_source;
  for (const auto& ix : p.indexes) {
    if (!ix->unique || ix->has_expressions() || !ix->predicate_text.empty()) continue;
    if (ix->columns.size() != c.ref_columns.size()) continue;
    std::vector<size_t> src;
    for (int col : ix->columns) {
      for (size_t k = 0; k < c.ref_columns.size(); ++k)
        if (c.ref_columns[k] == col) { src.push_back(k); break; }
    }
    if (src.size() == ix->columns.size()) { index = ix.get(); part_source = src; break; }
  }
  if (!index) return;
  for_each_live_row(ctx, t, [&](RowId, const Version&, const Row& row) {
    bool any_null = false, all_null = true;
    for (int col : c.columns) {
      if (row[static_cast<size_t>(col)].is_null()) any_null = true; else all_null = false;
    }
    if (all_null || (any_null && c.match_type != 'f')) return;
    std::string names, values;
    for (size_t k = 0; k < c.columns.size(); ++k) {
      if (k) { names += ", "; values += ", "; }
      names += t.columns[static_cast<size_t>(c.columns[k])].name;
      const Value& v = row[static_cast<size_t>(c.columns[k])];
      values += v.is_null() ? "null" : value_to_text(v);
    }
    bool found = false;
    if (!any_null) {
      std::string key;
      for (size_t part = 0; part < index->columns.size(); ++part) {
        size_t k = part_source[part];
        const Type& ptype = p.columns[static_cast<size_t>(index->columns[part])].type;
        encode_key(cast_value(row[static_cast<size_t>(c.columns[k])], ptype, CastContext::kImplicit), key);
      }
      found = find_key_holder(ctx, p, *index, key, std::nullopt).has_value();
    }
    if (!found) {
      std::string detail = any_null ? "MATCH FULL does not allow mixing of null and nonnull key values."
                                    : "Key (" + names + ")=(" + values + ") is not present in table \"" + p.name +
                                          "\".";
      throw DbError(sqlstate::kForeignKeyViolation, "insert or update on table \"" + t.name +
                                                        "\" violates foreign key constraint \"" + c.name + "\"")
          .detail(detail)
          .table(t.schema, t.name)
          .constraint(c.name);
    }
  });
}

std::string quote_ident(const std::string& s) { return fn::quote_identifier(s); }

std::shared_ptr<TableInfo> require_table(ExecContext& ctx, const ast::RangeVar& rv) {
  auto t = ctx.catalog->table(rv.schema, rv.name);
  if (!t) {
    // PostgreSQL reports no cursor position for these (ALTER, TRUNCATE, REFERENCES ...).
    throw DbError(sqlstate::kUndefinedTable, "relation \"" + rv.name + "\" does not exist");
  }
  return t;
}

void not_supported(const std::string& what) { throw DbError(sqlstate::kFeatureNotSupported, what); }

std::vector<FkRef> foreign_keys_referencing(ExecContext& ctx, uint32_t oid, bool include_self) {
  std::vector<FkRef> refs;
  for (const auto& [_, t] : ctx.catalog->tables()) {
    if (t->oid == oid && !include_self) continue;
    for (const auto& c : t->constraints)
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == oid) refs.push_back({t, c.name});
  }
  return refs;
}

}  // namespace upsertdb::ddl
