// FROM-clause binding: base tables, CTE references, subqueries, joins and
// generate_series; and the access-path choice for a single base table, whose
// WHERE conjuncts are pushed into its scan (an index scan when they fix a
// prefix of some index's key with constants or parameters).
#include "common/error.h"
#include "exec/set_functions.h"
#include "types/array.h"
#include "catalog_views/catalog_view.h"
#include "exec/system_view_op.h"
#include "plan/binder.h"
#include "types/record.h"
#include "types/type.h"

namespace upsertdb {

namespace {

void apply_column_aliases(RangeEntry& entry, Scope& scope, const ast::Alias& alias, int location) {
  if (alias.columns.size() > entry.columns.size())
    fail_at(sqlstate::kInvalidColumnReference,
            "table \"" + entry.alias + "\" has " + std::to_string(entry.columns.size()) +
                " columns available but " + std::to_string(alias.columns.size()) + " columns specified",
            location);
  for (size_t i = 0; i < alias.columns.size(); ++i) entry.columns[i].name = alias.columns[i];
  scope.star = entry.columns;
}

// A value fixed for one execution of the scan: constants, parameters and
// outer references (no column of the scanned row).
bool is_scan_invariant(const BoundExpr& e) {
  if (dynamic_cast<const ConstExpr*>(&e) || dynamic_cast<const ParamExpr*>(&e)) return true;
  if (auto c = dynamic_cast<const ColumnExpr*>(&e)) return c->level > 0;
  if (auto c = dynamic_cast<const CastExpr*>(&e)) return is_scan_invariant(*c->arg);
  if (auto b = dynamic_cast<const BinaryExpr*>(&e)) return is_scan_invariant(*b->left) && is_scan_invariant(*b->right);
  if (auto u = dynamic_cast<const UnaryExpr*>(&e)) return is_scan_invariant(*u->arg);
  return e.is_constant();
}

}  // namespace

BExpr and_all(const std::vector<BExpr>& preds) {
  if (preds.empty()) return nullptr;
  if (preds.size() == 1) return preds[0];
  auto b = std::make_shared<BoolExpr>();
  b->is_and = true;
  b->args = preds;
  b->type = Type(TypeId::kBool);
  return b;
}

void set_join_condition(NestedLoopJoinOp& join, const std::vector<BExpr>& conds, bool allow_hash_keys) {
  const size_t lw = join.left_width;
  std::vector<BExpr> residual;
  for (const BExpr& c : conds) {
    auto b = std::dynamic_pointer_cast<const BinaryExpr>(c);
    auto lc = b ? std::dynamic_pointer_cast<const ColumnExpr>(b->left) : nullptr;
    auto rc = b ? std::dynamic_pointer_cast<const ColumnExpr>(b->right) : nullptr;
    if (allow_hash_keys && b && b->op == "=" && lc && rc && lc->level == 0 && rc->level == 0 &&
        lc->type.id == rc->type.id) {
      if (static_cast<size_t>(lc->index) >= lw) std::swap(lc, rc);
      if (static_cast<size_t>(lc->index) < lw && static_cast<size_t>(rc->index) >= lw) {
        join.left_keys.push_back(lc);
        join.right_keys.push_back(std::make_shared<ColumnExpr>(rc->index - static_cast<int>(lw), 0, rc->type));
        continue;
      }
    }
    residual.push_back(c);
  }
  join.condition = and_all(residual);
}

Scope Binder::table_scope(const TableInfo& table, const std::string& alias) {
  Scope scope;
  RangeEntry entry;
  entry.alias = alias.empty() ? table.name : alias;
  entry.columns.reserve(table.columns.size());
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnInfo& c = table.columns[i];
    if (c.dropped) continue;
    entry.columns.push_back(ScopeColumn{c.name, c.type, static_cast<int>(i), false, table.oid,
                                        static_cast<int16_t>(i + 1)});
  }
  scope.star = entry.columns;
  scope.width = table.columns.size();
  scope.entries.push_back(std::move(entry));
  return scope;
}

Binder::FromResult Binder::bind_table_ref(const ast::RangeVar& rv, bool emit_rowid) {
  FromResult r;
  if (rv.schema.empty()) {
    auto it = ctes.find(rv.name);
    if (it != ctes.end()) {
      CteInfo& cte = it->second;
      cte.used = true;
      auto scan = std::make_shared<BufferScanOp>();
      scan->cte_id = cte.id;
      scan->producer = cte.producer;
      scan->columns = cte.columns;
      RangeEntry entry;
      entry.alias = rv.alias.name.empty() ? rv.name : rv.alias.name;
      for (size_t i = 0; i < cte.columns.size(); ++i)
        entry.columns.push_back(ScopeColumn{cte.columns[i].name, cte.columns[i].type, static_cast<int>(i)});
      r.scope.width = cte.columns.size();
      r.scope.entries.push_back(entry);
      apply_column_aliases(r.scope.entries[0], r.scope, rv.alias, rv.location);
      r.op = scan;
      return r;
    }
  }
  if (!rv.schema.empty() && rv.schema != "public" && rv.schema != "pg_catalog" && rv.schema != "information_schema")
    fail_at(sqlstate::kUndefinedTable, "relation \"" + rv.schema + "." + rv.name + "\" does not exist", rv.location);
  // pg_catalog is implicitly first on the search path, as in PostgreSQL; the
  // catalog views are read-only (no rowid to update or delete by).
  std::shared_ptr<SystemViewOp> catalog_view;
  if (rv.schema != "public") catalog_view = catalog_views::make_catalog_view(rv.schema, rv.name);
  if (catalog_view && emit_rowid)
    fail_at("42501", "permission denied: \"" + rv.name + "\" is a system catalog", rv.location);
  if (!catalog_view && (rv.schema == "information_schema" || rv.schema == "pg_catalog"))
    fail_at(sqlstate::kUndefinedTable, "relation \"" + rv.schema + "." + rv.name + "\" does not exist", rv.location);
  auto table = catalog_view ? nullptr : catalog.table(rv.schema, rv.name);
  if (!table && !emit_rowid) {
    auto view = catalog_view ? catalog_view : make_system_view(rv.name);
    if (!view) {
      if (auto seq = catalog.sequence(rv.schema, rv.name)) view = make_sequence_view(seq);
    }
    if (view) {
      RangeEntry entry;
      entry.alias = rv.alias.name.empty() ? rv.name : rv.alias.name;
      for (size_t i = 0; i < view->columns.size(); ++i)
        entry.columns.push_back(ScopeColumn{view->columns[i].name, view->columns[i].type, static_cast<int>(i)});
      r.scope.width = view->columns.size();
      r.scope.entries.push_back(entry);
      apply_column_aliases(r.scope.entries[0], r.scope, rv.alias, rv.location);
      r.op = view;
      return r;
    }
  }
  if (!table) {
    auto kind = catalog.relation_kind(rv.schema, rv.name);
    if (kind && *kind != RelKind::kTable)
      fail_at(sqlstate::kWrongObjectType, "\"" + rv.name + "\" is not a table", rv.location);
    fail_at(sqlstate::kUndefinedTable, "relation \"" + rv.name + "\" does not exist", rv.location);
  }
  r.scope = table_scope(*table, rv.alias.name);
  r.scope.entries[0].table = table;
  apply_column_aliases(r.scope.entries[0], r.scope, rv.alias, rv.location);
  auto scan = std::make_shared<SeqScanOp>();
  scan->table = table;
  scan->emit_rowid = emit_rowid;
  for (const ScopeColumn& c : r.scope.entries[0].columns) (void)c;
  scan->columns.resize(table->columns.size() + (emit_rowid ? 1 : 0));
  for (size_t i = 0; i < table->columns.size(); ++i)
    scan->columns[i] = ColumnDesc{table->columns[i].name, table->columns[i].type, table->oid,
                                  static_cast<int16_t>(i + 1)};
  if (emit_rowid) scan->columns.back() = ColumnDesc{"ctid", Type(TypeId::kInt8)};
  r.op = scan;
  return r;
}

OpPtr Binder::plan_scan(std::shared_ptr<TableInfo> table, Scope& scope, std::vector<const ast::Expr*>& conjuncts,
                        Scope* outer, bool* correlated, bool emit_rowid) {
  scope.parent = outer;
  scope.correlated = correlated;
  std::vector<BExpr> preds;
  for (const ast::Expr* c : conjuncts) preds.push_back(bool_expr(bind_expr(*c, scope), "WHERE"));
  conjuncts.clear();
  // Column position -> (value expression) for equality conjuncts usable as index keys.
  std::map<int, BExpr> equalities;
  for (const BExpr& p : preds) {
    auto b = std::dynamic_pointer_cast<const BinaryExpr>(p);
    if (!b || b->op != "=") continue;
    auto try_side = [&](const BExpr& col_side, const BExpr& val_side) {
      auto col = std::dynamic_pointer_cast<const ColumnExpr>(col_side);
      if (!col || col->level != 0 || !is_scan_invariant(*val_side)) return;
      const ColumnInfo& ci = table->columns[static_cast<size_t>(col->index)];
      if (ci.type.id != val_side->type.id) return;
      equalities.emplace(col->index, val_side);
    };
    try_side(b->left, b->right);
    try_side(b->right, b->left);
  }
  std::shared_ptr<IndexInfo> best;
  size_t best_parts = 0;
  for (const auto& index : table->indexes) {
    if (!index->predicate_text.empty()) continue;
    size_t parts = 0;
    for (int col : index->columns) {
      if (col < 0 || !equalities.count(col)) break;
      ++parts;
    }
    bool full_unique = index->unique && parts == index->columns.size();
    if (parts > best_parts || (parts == best_parts && parts > 0 && full_unique && !(best && best->unique))) {
      best = index;
      best_parts = parts;
    }
  }
  auto columns = std::vector<ColumnDesc>();
  columns.resize(table->columns.size() + (emit_rowid ? 1 : 0));
  for (size_t i = 0; i < table->columns.size(); ++i)
    columns[i] = ColumnDesc{table->columns[i].name, table->columns[i].type, table->oid, static_cast<int16_t>(i + 1)};
  if (emit_rowid) columns.back() = ColumnDesc{"ctid", Type(TypeId::kInt8)};
  if (best && best_parts > 0) {
    auto scan = std::make_shared<IndexScanOp>();
    scan->table = table;
    scan->index = best;
    for (size_t p = 0; p < best_parts; ++p) scan->eq_values.push_back(equalities[best->columns[p]]);
    scan->filter = and_all(preds);
    scan->emit_rowid = emit_rowid;
    scan->columns = columns;
    return scan;
  }
  auto scan = std::make_shared<SeqScanOp>();
  scan->table = table;
  scan->filter = and_all(preds);
  scan->emit_rowid = emit_rowid;
  scan->columns = columns;
  return scan;
}

Type Binder::bind_series_args(const ast::Expr& f, Scope& scope, std::vector<BExpr>& args) {
  for (const auto& a : f.args) args.push_back(bind_expr(*a, scope));
  if (args.size() < 2 || args.size() > 3)
    fail_at(sqlstate::kUndefinedFunction,
            "function generate_series with " + std::to_string(args.size()) + " arguments does not exist", f.location);
  std::vector<BExpr> bounds = {args[0], args[1]};
  unify(bounds, "generate_series");
  Type t = bounds[0]->type;
  if (t.id == TypeId::kInt2) t = Type(TypeId::kInt4);
  if (t.id == TypeId::kUnknown || t.id == TypeId::kText) t = Type(TypeId::kInt4);
  if (t.id == TypeId::kDate || t.id == TypeId::kTimestampTz) t = Type(TypeId::kTimestampTz);
  args[0] = coerce(bounds[0], t, CastContext::kImplicit);
  args[1] = coerce(bounds[1], t, CastContext::kImplicit);
  if (args.size() == 3) {
    Type step = (t.id == TypeId::kTimestamp || t.id == TypeId::kTimestampTz) ? Type(TypeId::kInterval) : t;
    args[2] = coerce(args[2], step, CastContext::kImplicit);
  } else if (t.id == TypeId::kTimestamp || t.id == TypeId::kTimestampTz) {
    fail_at(sqlstate::kUndefinedFunction,
            "function generate_series(" + type_display_name(t) + ", " + type_display_name(t) + ") does not exist",
            f.location);
  }
  return t;
}

Type Binder::bind_srf_args(const std::string& name, const ast::Expr& f, Scope& scope, std::vector<BExpr>& args) {
  if (name == "generate_series") return bind_series_args(f, scope, args);
  for (const auto& a : f.args) args.push_back(bind_expr(*a, scope));
  auto no_function = [&]() {
    std::string sig;
    for (size_t i = 0; i < args.size(); ++i) sig += (i ? ", " : "") + type_display_name(args[i]->type);
    throw DbError(sqlstate::kUndefinedFunction, "function " + name + "(" + sig + ") does not exist")
        .position(f.location + 1)
        .hint("No function matches the given name and argument types. You might need to add explicit type casts.");
  };
  if (name == "unnest") {
    if (args.size() > 1) fail_at(sqlstate::kFeatureNotSupported, "unnest with several arguments is not supported", f.location);
    if (args.size() == 1 && args[0]->type.id == TypeId::kUnknown)
      fail_at(sqlstate::kDatatypeMismatch, "could not determine polymorphic type because input has type unknown", f.location);
    if (args.size() != 1 || !is_array_type(args[0]->type.id)) no_function();
    return Type(array_element_type(args[0]->type.id));
  }
  if (name == "_pg_expandarray") {
    // It lives in information_schema, which is not on the search path.
    if (f.names.size() != 2 || f.names[0] != "information_schema") no_function();
    if (args.size() == 1 && args[0]->type.id == TypeId::kUnknown)
      fail_at(sqlstate::kDatatypeMismatch, "could not determine polymorphic type because input has type unknown", f.location);
    if (args.size() != 1 || !is_array_type(args[0]->type.id)) no_function();
    return Type(TypeId::kRecord, record_layout_id({RecordField{"x", Type(array_element_type(args[0]->type.id))},
                                                   RecordField{"n", Type(TypeId::kInt4)}}));
  }
  if (name == "generate_subscripts") {
    if (args.size() == 3) fail_at(sqlstate::kFeatureNotSupported, "generate_subscripts with reverse is not supported", f.location);
    if (args.size() == 2 && args[0]->type.id == TypeId::kUnknown)
      fail_at(sqlstate::kDatatypeMismatch, "could not determine polymorphic type because input has type unknown", f.location);
    if (args.size() != 2 || !is_array_type(args[0]->type.id)) no_function();
    args[1] = coerce(args[1], Type(TypeId::kInt4), CastContext::kImplicit);
    return Type(TypeId::kInt4);
  }
  if (args.size() != 1) no_function();
  args[0] = coerce(args[0], Type(TypeId::kRegclass), CastContext::kImplicit);
  return Type(TypeId::kRegclass);
}

// A FROM item that is one range of `op`'s columns under `alias`, with the
// item's column aliases applied (subqueries and functions in FROM).
Binder::FromResult Binder::single_range(OpPtr op, const std::string& alias, const ast::FromItem& item) {
  FromResult r;
  RangeEntry entry;
  entry.alias = alias;
  for (size_t i = 0; i < op->columns.size(); ++i)
    entry.columns.push_back(ScopeColumn{op->columns[i].name, op->columns[i].type, static_cast<int>(i)});
  r.scope.width = op->columns.size();
  r.scope.entries.push_back(entry);
  apply_column_aliases(r.scope.entries[0], r.scope, item.alias, item.location);
  r.op = std::move(op);
  return r;
}

// A scalar function in FROM (`SELECT * FROM current_schema()`, TypeORM's
// first query) is a relation of one row and one column named after the
// function (or the alias), as in PostgreSQL.
Binder::FromResult Binder::bind_scalar_function_in_from(const ast::FromItem& item, Scope* outer, bool* correlated) {
  const ast::Expr& f = *item.function;
  std::string name = f.names.empty() ? "" : f.names.back();
  if (is_aggregate_function(name))
    fail_at(sqlstate::kGroupingError, "aggregate functions are not allowed in functions in FROM", f.location);
  Scope empty;
  empty.parent = outer;
  empty.correlated = correlated;
  BExpr value = bind_expr(f, empty);
  auto values = std::make_shared<ValuesOp>();
  values->rows.push_back({value});
  std::string col = item.alias.name.empty() ? name : item.alias.name;
  values->columns.push_back(ColumnDesc{col, value->type});
  if (item.with_ordinality) {
    values->rows[0].push_back(std::make_shared<ConstExpr>(Value::int8(1), Type(TypeId::kInt8)));
    values->columns.push_back(ColumnDesc{"ordinality", Type(TypeId::kInt8)});
  }
  return single_range(values, col, item);
}

Binder::FromResult Binder::bind_from_item(const ast::FromItem& item, Scope* outer, bool* correlated) {
  using Kind = ast::FromItem::Kind;
  switch (item.kind) {
    case Kind::kTable:
      return bind_table_ref(item.table, false);
    case Kind::kSubquery: {
      if (item.alias.name.empty())
        fail_at(sqlstate::kSyntaxError, "subquery in FROM must have an alias", item.location);
      bool sub_correlated = false;
      OpPtr sub = bind_select(*item.subquery, outer, &sub_correlated);
      if (sub_correlated && correlated) *correlated = true;
      return single_range(std::move(sub), item.alias.name, item);
    }
    case Kind::kFunction: {
      const ast::Expr& f = *item.function;
      std::string name = f.names.empty() ? "" : f.names.back();
      refuse_window_calls(&f, "functions in FROM");
      if (!is_set_returning_function(name)) return bind_scalar_function_in_from(item, outer, correlated);
      if (name == "_pg_expandarray")   // its (x, n) columns in FROM are not implemented, only the select-list form
        fail_at(sqlstate::kFeatureNotSupported, "information_schema._pg_expandarray in FROM is not supported",
                f.location);
      auto gs = std::make_shared<GenerateSeriesOp>();
      gs->function = name;
      Scope empty;
      empty.parent = outer;
      empty.correlated = correlated;
      Type t = bind_srf_args(name, f, empty, gs->args);
      gs->with_ordinality = item.with_ordinality;
      std::string col = item.alias.name.empty() ? name : item.alias.name;
      // pg_partition_ancestors names its output column (OUT relid regclass).
      gs->columns.push_back(ColumnDesc{name == "pg_partition_ancestors" ? "relid" : col, t});
      if (item.with_ordinality) gs->columns.push_back(ColumnDesc{"ordinality", Type(TypeId::kInt8)});
      return single_range(gs, col, item);
    }
    case Kind::kJoin: {
      FromResult l = bind_from_item(*item.left, outer, correlated);
      // A LATERAL right side (and any function in FROM) may refer to the left side's
      // columns: it is bound one scope level below them and re-run per left row.
      bool right_lateral = false;
      Scope lateral_scope = l.scope;
      lateral_scope.parent = outer;
      lateral_scope.correlated = correlated;
      bool lateral_allowed = item.right->lateral || item.right->kind == ast::FromItem::Kind::kFunction;
      FromResult rr = lateral_allowed ? bind_from_item(*item.right, &lateral_scope, &right_lateral)
                                      : bind_from_item(*item.right, outer, correlated);
      FromResult r;
      size_t lw = l.scope.width, rw = rr.scope.width;
      r.scope.width = lw + rw;
      for (auto& e : l.scope.entries) r.scope.entries.push_back(e);
      for (auto e : rr.scope.entries) {
        for (auto& c : e.columns) c.slot += static_cast<int>(lw);
        r.scope.entries.push_back(e);
      }
      auto join = std::make_shared<NestedLoopJoinOp>();
      join->left = l.op;
      join->right = rr.op;
      join->left_width = lw;
      join->right_width = rw;
      using JT = ast::JoinType;
      using OT = NestedLoopJoinOp::Type;
      join->join_type = item.join_type == JT::kInner  ? OT::kInner
                        : item.join_type == JT::kLeft ? OT::kLeft
                        : item.join_type == JT::kRight ? OT::kRight
                        : item.join_type == JT::kFull  ? OT::kFull
                                                       : OT::kCross;
      join->columns = l.op->columns;
      for (const auto& c : rr.op->columns) join->columns.push_back(c);
      join->lateral = right_lateral;
      std::vector<std::string> using_cols = item.using_columns;
      std::vector<BExpr> full_merged;   // FULL JOIN USING: coalesce(left, right) per column
      if (item.natural) {
        for (const auto& lc : l.scope.star)
          for (const auto& rc : rr.scope.star)
            if (lc.name == rc.name) using_cols.push_back(lc.name);
      }
      r.scope.star.clear();
      std::vector<BExpr> conds;
      if (!using_cols.empty()) {
        // Merged USING columns come first in `*`; the originals stay reachable qualified.
        RangeEntry merged;
        auto find_in = [&](const std::vector<ScopeColumn>& star, const std::string& n, int offset, const char* side) {
          const ScopeColumn* f = nullptr;
          for (const auto& c : star)
            if (c.name == n) {
              if (f)
                fail_at(sqlstate::kAmbiguousColumn,
                        "common column name \"" + n + "\" appears more than once in " + side + " table", item.location);
              f = &c;
            }
          if (!f)
            fail_at(sqlstate::kUndefinedColumn,
                    "column \"" + n + "\" specified in USING clause does not exist in " + side + " table",
                    item.location);
          ScopeColumn c = *f;
          c.slot += offset;
          return c;
        };
        for (const auto& n : using_cols) {
          ScopeColumn lc = find_in(l.scope.star, n, 0, "left");
          ScopeColumn rc = find_in(rr.scope.star, n, static_cast<int>(lw), "right");
          BExpr le = std::make_shared<ColumnExpr>(lc.slot, 0, lc.type);
          BExpr re = std::make_shared<ColumnExpr>(rc.slot, 0, rc.type);
          conds.push_back(bind_operator("=", le, re, item.location));
          ScopeColumn m = join->join_type == OT::kRight ? rc : lc;
          if (join->join_type == OT::kFull) {
            auto co = std::make_shared<VariadicExpr>();
            co->kind = VariadicExpr::Kind::kCoalesce;
            co->args = {le, re};
            unify(co->args, "JOIN/USING");
            co->type = co->args[0]->type;
            m.slot = static_cast<int>(lw + rw + full_merged.size());
            m.type = co->type;
            m.table_oid = 0;
            m.attnum = 0;
            full_merged.push_back(co);
          }
          m.name = n;
          merged.columns.push_back(m);
          for (auto& e : r.scope.entries)
            for (auto& c : e.columns)
              if (c.name == n && (c.slot == lc.slot || c.slot == rc.slot)) c.using_hidden = true;
        }
        r.scope.star = merged.columns;
        r.scope.entries.push_back(merged);
        for (const auto& c : l.scope.star) {
          bool used = false;
          for (const auto& n : using_cols) used |= c.name == n;
          if (!used) r.scope.star.push_back(c);
        }
        for (auto c : rr.scope.star) {
          bool used = false;
          for (const auto& n : using_cols) used |= c.name == n;
          c.slot += static_cast<int>(lw);
          if (!used) r.scope.star.push_back(c);
        }
      } else {
        r.scope.star = l.scope.star;
        for (auto c : rr.scope.star) {
          c.slot += static_cast<int>(lw);
          r.scope.star.push_back(c);
        }
      }
      if (item.join_quals) {
        refuse_window_calls(item.join_quals.get(), "JOIN conditions");
        Scope s = r.scope;
        s.parent = outer;
        s.correlated = correlated;
        std::vector<const ast::Expr*> parts;
        split_conjuncts(item.join_quals.get(), parts);
        for (const ast::Expr* p : parts) conds.push_back(bool_expr(bind_expr(*p, s), "JOIN/ON"));
      }
      // Equalities between a left column and a right column become hash keys
      // (not for LATERAL, whose right side is re-run per left row).
      set_join_condition(*join, conds, !right_lateral);
      if (join->join_type == OT::kCross && !conds.empty()) join->join_type = OT::kInner;
      r.op = join;
      if (!full_merged.empty()) {
        auto proj = std::make_shared<ProjectOp>();
        proj->child = join;
        for (size_t i = 0; i < lw + rw; ++i)
          proj->exprs.push_back(std::make_shared<ColumnExpr>(static_cast<int>(i), 0, join->columns[i].type));
        proj->columns = join->columns;
        for (const auto& m : full_merged) {
          proj->exprs.push_back(m);
          proj->columns.push_back(ColumnDesc{"?merged?", m->type});
        }
        r.scope.width = lw + rw + full_merged.size();
        r.op = proj;
      }
      return r;
    }
  }
  throw_not_supported("unsupported FROM item");
}

Binder::FromResult Binder::bind_from_list(const std::vector<ast::FromItemPtr>& items, Scope* outer, bool* correlated,
                                          std::vector<const ast::Expr*>* where_conjuncts) {
  bool rowid = scan_rowid;   // for this FROM list only, not for subqueries bound inside it
  scan_rowid = false;
  if (items.size() == 1 && items[0]->kind == ast::FromItem::Kind::kTable && where_conjuncts) {
    FromResult r = bind_table_ref(items[0]->table, false);
    if (r.scope.entries[0].table) {
      r.op = plan_scan(r.scope.entries[0].table, r.scope, *where_conjuncts, outer, correlated, rowid);
    }
    return r;
  }
  FromResult acc;
  bool first = true;
  for (const auto& item : items) {
    bool lateral = false;
    Scope lateral_scope = acc.scope;
    lateral_scope.parent = outer;
    lateral_scope.correlated = correlated;
    bool lateral_allowed = !first && (item->lateral || item->kind == ast::FromItem::Kind::kFunction);
    FromResult next = lateral_allowed ? bind_from_item(*item, &lateral_scope, &lateral)
                                      : bind_from_item(*item, outer, correlated);
    if (first) {
      acc = std::move(next);
      first = false;
      continue;
    }
    for (const auto& e : acc.scope.entries)
      for (const auto& n : next.scope.entries)
        if (!e.alias.empty() && e.alias == n.alias)
          fail_at(sqlstate::kDuplicateAlias, "table name \"" + e.alias + "\" specified more than once", -1);
    auto join = std::make_shared<NestedLoopJoinOp>();
    join->join_type = NestedLoopJoinOp::Type::kCross;
    join->lateral = lateral;
    join->left = acc.op;
    join->right = next.op;
    join->left_width = acc.scope.width;
    join->right_width = next.scope.width;
    join->columns = acc.op->columns;
    for (const auto& c : next.op->columns) join->columns.push_back(c);
    size_t lw = acc.scope.width;
    for (auto e : next.scope.entries) {
      for (auto& c : e.columns) c.slot += static_cast<int>(lw);
      acc.scope.entries.push_back(e);
    }
    for (auto c : next.scope.star) {
      c.slot += static_cast<int>(lw);
      acc.scope.star.push_back(c);
    }
    acc.scope.width += next.scope.width;
    acc.op = join;
  }
  return acc;
}

}  // namespace upsertdb
