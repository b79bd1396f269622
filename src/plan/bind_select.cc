// SELECT binding and planning. The plan of a simple SELECT is fixed:
//   FROM (scans with pushed-down WHERE, joins) -> Filter(rest of WHERE)
//   -> Aggregate -> Filter(HAVING) -> Project(targets + hidden sort columns)
//   -> Sort -> Distinct -> Trim(hidden columns) -> Limit
// VALUES lists and UNION/INTERSECT/EXCEPT get their column types from
// PostgreSQL's common-type rule; output column names follow FigureColname.
#include "common/error.h"
#include "exec/lock_rows_op.h"
#include "exec/project_set_op.h"
#include "exec/recursive_union_op.h"
#include "plan/agg_context.h"
#include "plan/window_context.h"
#include "plan/binder.h"
#include "types/type.h"

namespace upsertdb {

namespace {

// The expression of output column `c` of a plain SELECT without `*` in its list, or,
// when `descend`, of the leftmost such SELECT under nested set operations (where
// PostgreSQL points set-operation errors); null when there is none.
const ast::Expr* set_leaf_target(const ast::SelectStmt& s, size_t c, bool descend) {
  if (s.set_op != ast::SetOp::kNone) return descend && s.larg ? set_leaf_target(*s.larg, c, true) : nullptr;
  if (!s.values.empty() || c >= s.targets.size()) return nullptr;
  for (const auto& t : s.targets)
    if (t.expr && t.expr->kind == ast::ExprKind::kColumnRef && !t.expr->names.empty() && t.expr->names.back() == "*")
      return nullptr;
  return s.targets[c].expr.get();
}

// PostgreSQL's FigureColname: the output name of an unnamed target, with a
// strength (2 = a real name, 1 = a type name fallback, 0 = none).
int figure_colname(const ast::Expr& e, std::string& name) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::kColumnRef:
      if (!e.names.empty() && e.names.back() != "*") {
        name = e.names.back();
        return 2;
      }
      return 0;
    case K::kFuncCall:
      name = e.names.back();
      return 2;
    case K::kNullIf:
      name = "nullif";
      return 2;
    case K::kCast: {
      int s = figure_colname(*e.args[0], name);
      if (s <= 1 && !e.type_name.names.empty()) {
        name = e.type_name.names.back();
        return 1;
      }
      return s;
    }
    case K::kCollate:
      return figure_colname(*e.args[0], name);
    case K::kIndirection:
      // a[i] is named after a; a field selection after the field.
      if (!e.names.empty() && e.names.back() != "[]" && e.names.back() != "*") {
        name = e.names.back();
        return 2;
      }
      return figure_colname(*e.args[0], name);
    case K::kSubLink:
      if (e.sublink_type == "exists") { name = "exists"; return 2; }
      if (e.sublink_type == "array") { name = "array"; return 2; }
      if (e.sublink_type == "expr" && e.subquery) {
        const ast::SelectStmt* s = e.subquery.get();
        while (s->set_op != ast::SetOp::kNone && s->larg) s = s->larg.get();
        if (!s->targets.empty()) {
          if (!s->targets[0].name.empty()) { name = s->targets[0].name; return 2; }
          if (s->targets[0].expr) return figure_colname(*s->targets[0].expr, name);
        }
      }
      return 0;
    case K::kCase: {
      int s = e.case_default ? figure_colname(*e.case_default, name) : 0;
      if (s <= 1) { name = "case"; return 1; }
      return s;
    }
    case K::kArray: name = "array"; return 2;
    case K::kRow: name = "row"; return 2;
    case K::kCoalesce: name = "coalesce"; return 2;
    case K::kGreatest: name = "greatest"; return 2;
    case K::kLeast: name = "least"; return 2;
    case K::kSqlValue: name = e.op; return 2;
    default:
      return 0;
  }
}

std::string target_name(const ast::ResTarget& t) {
  if (!t.name.empty()) return t.name;
  std::string n;
  if (t.expr && figure_colname(*t.expr, n) > 0) return n;
  return "?column?";
}

bool is_star(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kColumnRef && !e.names.empty() && e.names.back() == "*";
}

BExpr limit_value(Binder& b, const ast::Expr* e, Scope* outer, const char* what) {
  if (!e) return nullptr;
  Scope s;
  s.parent = outer;
  BExpr v = b.bind_expr(*e, s);
  if (v->type.id == TypeId::kUnknown || is_integer_type(v->type.id) || v->type.id == TypeId::kNumeric ||
      v->type.id == TypeId::kFloat8 || v->type.id == TypeId::kFloat4)
    return b.coerce(v, Type(TypeId::kInt8), CastContext::kAssignment);
  throw DbError(sqlstate::kDatatypeMismatch,
                std::string("argument of ") + what + " must be type bigint, not type " + type_display_name(v->type));
}

}  // namespace

// Expands the select list into (name, expression) pairs.
struct TargetList {
  std::vector<std::string> names;
  std::vector<BExpr> exprs;
  std::vector<const ast::Expr*> sources;   // null for `*` expansions
  std::vector<ColumnDesc> descs;
};

static void bind_targets(Binder& b, const std::vector<ast::ResTarget>& targets, Scope& scope, bool has_from,
                         TargetList& out) {
  for (const auto& t : targets) {
    if (t.expr && is_star(*t.expr)) {
      const auto& names = t.expr->names;
      std::vector<ScopeColumn> cols;
      if (names.size() == 1) {
        if (!has_from) fail_at(sqlstate::kSyntaxError, "SELECT * with no tables specified is not valid", t.location);
        cols = scope.star;
      } else {
        const std::string& q = names[names.size() - 2];
        bool found = false;
        for (const auto& e : scope.entries)
          if (e.alias == q) {
            cols = e.columns;
            found = true;
            break;
          }
        if (!found) fail_missing_from_entry(scope, q, t.location);
      }
      for (const auto& c : cols) {
        ast::Expr ref(ast::ExprKind::kColumnRef);
        BExpr e;
        if (scope.agg) {
          // Each expanded column must be grouped: go through the grouped-column check.
          Scope probe = *scope.agg->input;
          auto col = std::make_shared<ColumnExpr>(c.slot, 0, c.type);
          int g = scope.agg->find_group(col->fingerprint());
          if (g < 0)
            fail_at(sqlstate::kGroupingError,
                    "column \"" + (names.size() == 1 ? scope.entries.empty() ? c.name : c.name : c.name) +
                        "\" must appear in the GROUP BY clause or be used in an aggregate function",
                    t.location);
          e = std::make_shared<ColumnExpr>(g, 0, c.type);
        } else {
          e = std::make_shared<ColumnExpr>(c.slot, 0, c.type);
        }
        out.names.push_back(c.name);
        out.exprs.push_back(e);
        out.sources.push_back(nullptr);
        out.descs.push_back(ColumnDesc{c.name, c.type, c.table_oid, c.attnum});
      }
      continue;
    }
    BExpr e = b.bind_expr(*t.expr, scope);
    if (e->type.id == TypeId::kUnknown && !b.keep_unknown_targets)
      e = b.coerce(e, Type(TypeId::kText), CastContext::kImplicit);
    ColumnDesc d{target_name(t), e->type};
    if (auto col = std::dynamic_pointer_cast<const ColumnExpr>(e); col && col->level == 0 && !scope.agg) {
      for (const auto& entry : scope.entries)
        for (const auto& c : entry.columns)
          if (c.slot == col->index && c.table_oid) {
            d.table_oid = c.table_oid;
            d.column_number = c.attnum;
          }
    }
    out.names.push_back(d.name);
    out.exprs.push_back(e);
    out.sources.push_back(t.expr.get());
    out.descs.push_back(d);
  }
}

// ORDER BY / DISTINCT ON / the rest of the pipeline over a projected target list.
// FOR UPDATE / SHARE of a single base table: where its row ids travel.
struct LockSpec {
  std::shared_ptr<TableInfo> table;
  int rowid_slot = 0;
  // The READ COMMITTED re-check (exec/lock_rows_op.h): set when the input rows
  // are the table's physical row plus row id straight from its scan, whose
  // filter is the whole WHERE clause.
  bool can_recheck = false;
  BExpr recheck;
};

static OpPtr finish_select(Binder& b, const ast::SelectStmt& s, OpPtr input, Scope& scope, TargetList& tl,
                           Scope* outer, const LockSpec* lock = nullptr) {
  std::vector<BExpr> exprs = tl.exprs;
  std::vector<SortKey> keys;
  size_t visible = exprs.size();
  auto resolve_item = [&](const ast::Expr& e) -> int {
    if (e.kind == ast::ExprKind::kConst && e.const_kind == ast::ConstKind::kInteger) {
      int64_t pos = e.ival;
      if (pos < 1 || pos > static_cast<int64_t>(visible))
        fail_at(sqlstate::kInvalidColumnReference, "ORDER BY position " + std::to_string(pos) + " is not in select list",
                e.location);
      return static_cast<int>(pos - 1);
    }
    if (e.kind == ast::ExprKind::kColumnRef && e.names.size() == 1 && e.names[0] != "*") {
      int found = -1;
      for (size_t i = 0; i < visible; ++i) {
        if (tl.names[i] != e.names[0]) continue;
        if (found >= 0 && exprs[static_cast<size_t>(found)]->fingerprint() != exprs[i]->fingerprint())
          fail_at(sqlstate::kAmbiguousColumn, "ORDER BY \"" + e.names[0] + "\" is ambiguous", e.location);
        if (found < 0) found = static_cast<int>(i);
      }
      if (found >= 0) return found;
    }
    BExpr be = b.bind_expr(e, scope);
    std::string fp = be->fingerprint();
    for (size_t i = 0; i < exprs.size(); ++i)
      if (exprs[i]->fingerprint() == fp) return static_cast<int>(i);
    exprs.push_back(be);
    return static_cast<int>(exprs.size() - 1);
  };
  for (const auto& sb : s.order_by) {
    int pos = resolve_item(*sb.expr);
    SortKey k;
    k.expr = std::make_shared<ColumnExpr>(pos, 0, exprs[static_cast<size_t>(pos)]->type);
    k.descending = sb.descending;
    k.nulls_first = sb.nulls == 0 ? sb.descending : sb.nulls == 1;
    keys.push_back(k);
  }
  std::vector<size_t> distinct_keys;
  for (const auto& d : s.distinct_on) distinct_keys.push_back(static_cast<size_t>(resolve_item(*d)));
  if (s.distinct && s.distinct_on.empty() && exprs.size() > visible)
    fail_at(sqlstate::kInvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
            s.order_by.empty() ? -1 : s.order_by[0].location);
  if (!s.distinct_on.empty()) {
    for (size_t i = 0; i < keys.size() && i < distinct_keys.size(); ++i) {
      auto col = std::dynamic_pointer_cast<const ColumnExpr>(keys[i].expr);
      bool ok = false;
      for (size_t k : distinct_keys) ok |= static_cast<size_t>(col->index) == k;
      if (!ok)
        fail_at(sqlstate::kInvalidColumnReference,
                "SELECT DISTINCT ON expressions must match initial ORDER BY expressions", s.distinct_on[0]->location);
    }
  }
  size_t lock_pos = 0;
  if (lock) {
    lock_pos = exprs.size();
    exprs.push_back(std::make_shared<ColumnExpr>(lock->rowid_slot, 0, Type(TypeId::kInt8)));
  }
  auto project = std::make_shared<ProjectOp>();
  project->child = input;
  project->exprs = exprs;
  project->columns = tl.descs;
  for (size_t i = visible; i < exprs.size(); ++i) project->columns.push_back(ColumnDesc{"?sort?", exprs[i]->type});
  OpPtr op = project;
  if (!keys.empty()) {
    auto sort = std::make_shared<SortOp>();
    sort->child = op;
    sort->keys = keys;
    sort->columns = op->columns;
    op = sort;
  }
  if (s.distinct) {
    auto d = std::make_shared<DistinctOp>();
    d->child = op;
    d->key_cols = distinct_keys;
    d->columns = op->columns;
    op = d;
  }
  if (lock) {
    auto lr = std::make_shared<LockRowsOp>();
    lr->child = op;
    lr->table = lock->table;
    lr->rowid_pos = lock_pos;
    lr->strength = s.locking.back().strength;
    lr->wait_policy = s.locking.back().wait_policy;
    lr->can_recheck = lock->can_recheck;
    lr->recheck = lock->recheck;
    if (lock->can_recheck) lr->project = exprs;
    lr->columns = op->columns;
    op = lr;
  }
  if (exprs.size() > visible) {
    auto trim = std::make_shared<TrimOp>();
    trim->child = op;
    trim->width = visible;
    trim->columns = tl.descs;
    op = trim;
  }
  if (s.limit || s.offset) {
    auto lim = std::make_shared<LimitOp>();
    lim->child = op;
    lim->limit = limit_value(b, s.limit.get(), outer, "LIMIT");
    lim->offset = limit_value(b, s.offset.get(), outer, "OFFSET");
    lim->columns = op->columns;
    op = lim;
  }
  return op;
}

// PostgreSQL's 42P20 for a window function in WHERE, GROUP BY or HAVING; true
// when the select list or ORDER BY calls one (the level then gets a WindowOp).
static bool check_window_placement(const ast::SelectStmt& s) {
  refuse_window_calls(s.where.get(), "WHERE");
  for (const auto& g : s.group_by) refuse_window_calls(g.get(), "GROUP BY");
  refuse_window_calls(s.having.get(), "HAVING");
  check_window_names(s.windows);
  bool any = !s.windows.empty();   // named windows are bound (and checked) even when unused
  for (const auto& t : s.targets) any |= t.expr && first_window_call(*t.expr);
  for (const auto& o : s.order_by) any |= o.expr && first_window_call(*o.expr);
  return any;
}

// Binds every WINDOW clause item, used or not, for PostgreSQL's errors in them.
static void bind_named_windows(Binder& b, const ast::SelectStmt& s, WindowContext& wctx) {
  for (size_t i = 0; i < s.windows.size(); ++i) {
    Scope input = *wctx.input;
    b.bind_window_spec(resolve_window(*s.windows[i], s.windows, i, /*over_clause=*/false), input);
  }
}

void Binder::bind_with(const ast::WithClause* with, Scope* outer) {
  if (!with) return;
  for (const auto& cte : with->ctes) {
    for (const auto& other : with->ctes) {
      if (&other != &cte && other.name == cte.name)
        fail_at(sqlstate::kDuplicateAlias, "WITH query name \"" + cte.name + "\" specified more than once",
                other.location);
      if (&other == &cte) break;
    }
    CteInfo info;
    info.id = next_cte_id++;
    if (cte.query->kind != ast::StmtKind::kSelect) {
      // A data-modifying CTE runs exactly once, before the main query, whether
      // or not anything reads it; readers see its RETURNING rows.
      if (outer || nesting > 1)
        fail_at(sqlstate::kFeatureNotSupported,
                "WITH clause containing a data-modifying statement must be at the top level", cte.location);
      BoundStatement inner;
      switch (cte.query->kind) {
        case ast::StmtKind::kInsert: inner = bind_insert(static_cast<const ast::InsertStmt&>(*cte.query)); break;
        case ast::StmtKind::kUpdate: inner = bind_update(static_cast<const ast::UpdateStmt&>(*cte.query)); break;
        case ast::StmtKind::kDelete: inner = bind_delete(static_cast<const ast::DeleteStmt&>(*cte.query)); break;
        default: fail_at(sqlstate::kFeatureNotSupported, "unsupported statement in WITH", cte.location);
      }
      if (!inner.returns_rows) inner.columns.clear();
      info.producer = inner.root;
      info.columns = inner.columns;
      dml_ctes.emplace_back(info.id, inner.root);
    } else {
      const auto& q = static_cast<const ast::SelectStmt&>(*cte.query);
      bool correlated = false;
      bool self_reference = with->recursive && q.set_op == ast::SetOp::kUnion && q.larg && q.rarg;
      if (self_reference) {
        // WITH RECURSIVE name AS (non-recursive UNION [ALL] recursive)
        OpPtr anchor = bind_select(*q.larg, outer, &correlated);
        CteInfo work;
        work.id = next_cte_id++;
        work.columns = anchor->columns;
        for (size_t i = 0; i < cte.column_names.size() && i < work.columns.size(); ++i)
          work.columns[i].name = cte.column_names[i];
        for (auto& c : work.columns) {
          c.table_oid = 0;
          c.column_number = 0;
        }
        auto saved = ctes;
        ctes[cte.name] = work;
        OpPtr rec = bind_select(*q.rarg, outer, &correlated);
        ctes = saved;
        if (rec->columns.size() != anchor->columns.size())
          fail_at(sqlstate::kSyntaxError, "each UNION query must have the same number of columns", cte.location);
        bool need_cast = false;
        for (size_t c = 0; c < anchor->columns.size(); ++c) need_cast |= rec->columns[c].type != anchor->columns[c].type;
        if (need_cast) {
          auto p = std::make_shared<ProjectOp>();
          p->child = rec;
          for (size_t c = 0; c < anchor->columns.size(); ++c) {
            BExpr col = std::make_shared<ColumnExpr>(static_cast<int>(c), 0, rec->columns[c].type);
            if (rec->columns[c].type.id != anchor->columns[c].type.id &&
                !can_cast(rec->columns[c].type.id, anchor->columns[c].type.id, CastContext::kImplicit))
              throw DbError(sqlstate::kDatatypeMismatch,
                            "recursive query \"" + cte.name + "\" column " + std::to_string(c + 1) + " has type " +
                                type_display_name(anchor->columns[c].type) + " in non-recursive term but type " +
                                type_display_name(rec->columns[c].type) + " overall")
                  .hint("Cast the output of the non-recursive term to the correct type.");
            p->exprs.push_back(coerce(col, anchor->columns[c].type, CastContext::kImplicit));
            p->columns.push_back(anchor->columns[c]);
          }
          rec = p;
        }
        auto op = std::make_shared<RecursiveUnionOp>();
        op->anchor = anchor;
        op->recursive = rec;
        op->work_id = work.id;
        op->union_all = q.set_all;
        op->columns = anchor->columns;
        info.producer = op;
      } else {
        info.producer = bind_select(q, outer, &correlated);
      }
      info.columns = info.producer->columns;
    }
    if (cte.column_names.size() > info.columns.size())
      fail_at(sqlstate::kInvalidColumnReference,
              "WITH query \"" + cte.name + "\" has " + std::to_string(info.columns.size()) +
                  " columns available but " + std::to_string(cte.column_names.size()) + " columns specified",
              cte.location);
    for (size_t i = 0; i < cte.column_names.size(); ++i) info.columns[i].name = cte.column_names[i];
    for (auto& c : info.columns) {
      c.table_oid = 0;
      c.column_number = 0;
    }
    ctes[cte.name] = info;
  }
}

OpPtr Binder::bind_select(const ast::SelectStmt& s, Scope* outer, bool* correlated) {
  auto saved_ctes = ctes;
  ++nesting;
  struct Unnest {
    int& n;
    ~Unnest() { --n; }
  } unnest{nesting};
  bind_with(s.with.get(), outer);
  OpPtr result;

  if (!s.values.empty()) {
    auto values = std::make_shared<ValuesOp>();
    size_t width = s.values[0].size();
    Scope vs;
    vs.parent = outer;
    vs.correlated = correlated;
    for (const auto& row : s.values) {
      if (row.size() != width) fail_at(sqlstate::kSyntaxError, "VALUES lists must all be the same length", -1);
      for (const auto& e : row) refuse_window_calls(e.get(), "VALUES");
      std::vector<BExpr> bound;
      for (const auto& e : row) bound.push_back(bind_expr(*e, vs));
      values->rows.push_back(bound);
    }
    for (size_t c = 0; c < width; ++c) {
      std::vector<BExpr> col;
      for (auto& r : values->rows) col.push_back(r[c]);
      unify(col, "VALUES");
      for (size_t r = 0; r < values->rows.size(); ++r) values->rows[r][c] = col[r];
      values->columns.push_back(ColumnDesc{"column" + std::to_string(c + 1), col[0]->type});
    }
    TargetList tl;
    for (size_t c = 0; c < width; ++c) {
      tl.names.push_back(values->columns[c].name);
      tl.exprs.push_back(std::make_shared<ColumnExpr>(static_cast<int>(c), 0, values->columns[c].type));
      tl.descs.push_back(values->columns[c]);
    }
    Scope out;
    RangeEntry e;
    e.alias = "*VALUES*";
    for (size_t c = 0; c < width; ++c)
      e.columns.push_back(ScopeColumn{values->columns[c].name, values->columns[c].type, static_cast<int>(c)});
    out.entries.push_back(e);
    out.parent = outer;
    result = (s.order_by.empty() && !s.limit && !s.offset) ? OpPtr(values)
                                                           : finish_select(*this, s, values, out, tl, outer);
  } else if (s.set_op != ast::SetOp::kNone) {
    if (!s.locking.empty())
      fail_at(sqlstate::kFeatureNotSupported, "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT", -1);
    bool saved_keep = keep_unknown_targets;
    keep_unknown_targets = true;
    OpPtr l = bind_select(*s.larg, outer, correlated);
    OpPtr r = bind_select(*s.rarg, outer, correlated);
    keep_unknown_targets = saved_keep;
    const char* opname = s.set_op == ast::SetOp::kUnion ? "UNION" : s.set_op == ast::SetOp::kIntersect ? "INTERSECT" : "EXCEPT";
    if (l->columns.size() != r->columns.size()) {
      const ast::Expr* first = set_leaf_target(*s.rarg, 0, /*descend=*/true);
      fail_at(sqlstate::kSyntaxError, std::string("each ") + opname + " query must have the same number of columns",
              first ? first->location : -1);
    }
    std::vector<Type> types;
    for (size_t c = 0; c < l->columns.size(); ++c) {
      Type t = common_type({l->columns[c].type, r->columns[c].type}, opname);
      if (t.id == TypeId::kUnknown) t = Type(TypeId::kText);
      types.push_back(t);
      // PostgreSQL coerces a literal output column while analysing the query, so a bad
      // literal fails with its position; the projection below would only fail at run time.
      for (const ast::SelectStmt* side : {s.larg.get(), s.rarg.get()}) {
        const ast::Expr* leaf = set_leaf_target(*side, c, /*descend=*/false);
        if (leaf && leaf->kind == ast::ExprKind::kConst && leaf->const_kind == ast::ConstKind::kString)
          coerce(make_const(*leaf), t, CastContext::kImplicit);
      }
    }
    auto cast_side = [&](OpPtr side) -> OpPtr {
      bool need = false;
      for (size_t c = 0; c < types.size(); ++c) need |= side->columns[c].type != types[c];
      if (!need) return side;
      auto p = std::make_shared<ProjectOp>();
      p->child = side;
      for (size_t c = 0; c < types.size(); ++c) {
        BExpr col = std::make_shared<ColumnExpr>(static_cast<int>(c), 0, side->columns[c].type);
        p->exprs.push_back(coerce(col, types[c], CastContext::kImplicit));
        p->columns.push_back(ColumnDesc{side->columns[c].name, types[c]});
      }
      return p;
    };
    auto setop = std::make_shared<SetOpOp>();
    setop->kind = s.set_op == ast::SetOp::kUnion       ? SetOpOp::Kind::kUnion
                  : s.set_op == ast::SetOp::kIntersect ? SetOpOp::Kind::kIntersect
                                                       : SetOpOp::Kind::kExcept;
    setop->all = s.set_all;
    setop->left = cast_side(l);
    setop->right = cast_side(r);
    for (size_t c = 0; c < types.size(); ++c) setop->columns.push_back(ColumnDesc{l->columns[c].name, types[c]});
    TargetList tl;
    Scope out;
    RangeEntry e;
    for (size_t c = 0; c < types.size(); ++c) {
      tl.names.push_back(setop->columns[c].name);
      tl.exprs.push_back(std::make_shared<ColumnExpr>(static_cast<int>(c), 0, types[c]));
      tl.descs.push_back(setop->columns[c]);
      e.columns.push_back(ScopeColumn{setop->columns[c].name, types[c], static_cast<int>(c)});
    }
    out.entries.push_back(e);
    out.parent = outer;
    result = (s.order_by.empty() && !s.limit && !s.offset) ? OpPtr(setop)
                                                           : finish_select(*this, s, setop, out, tl, outer);
  } else {
    std::unique_ptr<LockSpec> lock;
    if (!s.locking.empty()) {
      static const char* kStrength[] = {"", "FOR KEY SHARE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR UPDATE"};
      std::string what = kStrength[static_cast<int>(s.locking.back().strength)];
      bool aggregates = false;
      for (const auto& t : s.targets) aggregates |= t.expr && contains_aggregate(*t.expr);
      if (!s.group_by.empty())
        fail_at(sqlstate::kFeatureNotSupported, what + " is not allowed with GROUP BY clause", -1);
      if (aggregates || s.having)
        fail_at(sqlstate::kFeatureNotSupported, what + " is not allowed with aggregate functions", -1);
      if (s.distinct) fail_at(sqlstate::kFeatureNotSupported, what + " is not allowed with DISTINCT clause", -1);
      if (s.from.size() != 1 || s.from[0]->kind != ast::FromItem::Kind::kTable || ctes.count(s.from[0]->table.name))
        fail_at(sqlstate::kFeatureNotSupported, what + " is supported on a single table only", -1);
      lock = std::make_unique<LockSpec>();
      scan_rowid = true;
    }
    std::vector<const ast::Expr*> conjuncts;
    split_conjuncts(s.where.get(), conjuncts);
    for (const ast::Expr* c : conjuncts)
      if (const ast::Expr* agg = first_aggregate(*c))
        fail_at(sqlstate::kGroupingError, "aggregate functions are not allowed in WHERE", agg->location);
    bool has_window = check_window_placement(s);
    if (has_window && lock)
      fail_at(sqlstate::kFeatureNotSupported, "FOR UPDATE is not allowed with window functions", -1);
    WindowContext wctx;
    wctx.named = &s.windows;
    std::shared_ptr<WindowOp> win;
    FromResult from;
    if (s.from.empty()) {
      auto one = std::make_shared<ValuesOp>();
      one->rows.push_back({});
      from.op = one;
    } else {
      from = bind_from_list(s.from, outer, correlated, &conjuncts);
      scan_rowid = false;
      if (lock) {
        lock->table = from.scope.entries[0].table;
        lock->rowid_slot = static_cast<int>(lock->table->columns.size());
        // Every WHERE conjunct went into the scan's filter (plan_scan).
        if (auto seq = std::dynamic_pointer_cast<SeqScanOp>(from.op); seq && conjuncts.empty()) {
          lock->can_recheck = true;
          lock->recheck = seq->filter;
        } else if (auto idx = std::dynamic_pointer_cast<IndexScanOp>(from.op); idx && conjuncts.empty()) {
          lock->can_recheck = true;
          lock->recheck = idx->filter;
        }
      }
    }
    Scope& scope = from.scope;
    scope.parent = outer;
    scope.correlated = correlated;
    OpPtr op = from.op;
    if (!conjuncts.empty()) {
      auto filter = std::make_shared<FilterOp>();
      std::vector<BExpr> preds;
      for (const ast::Expr* c : conjuncts) preds.push_back(bool_expr(bind_expr(*c, scope), "WHERE"));
      filter->predicate = and_all(preds);
      filter->child = op;
      filter->columns = op->columns;
      op = filter;
    }
    bool has_agg = !s.group_by.empty() || (s.having != nullptr);
    for (const auto& t : s.targets) has_agg |= t.expr && contains_aggregate(*t.expr);
    for (const auto& o : s.order_by) has_agg |= contains_aggregate(*o.expr);
    for (const auto& w : s.windows) has_agg |= window_contains_aggregate(*w);
    TargetList tl;
    bool keep_unknown = keep_unknown_targets;
    keep_unknown_targets = false;
    struct Restore {
      bool& flag;
      bool value;
      ~Restore() { flag = value; }
    } restore{keep_unknown_targets, keep_unknown};
    if (has_agg) {
      AggContext agg;
      agg.input = &scope;
      for (const auto& g : s.group_by) {
        const ast::Expr* ge = g.get();
        if (ge->kind == ast::ExprKind::kConst && ge->const_kind == ast::ConstKind::kInteger) {
          int64_t pos = ge->ival;
          if (pos < 1 || pos > static_cast<int64_t>(s.targets.size()) || is_star(*s.targets[pos - 1].expr))
            fail_at(sqlstate::kInvalidColumnReference, "GROUP BY position " + std::to_string(pos) + " is not in select list",
                    ge->location);
          ge = s.targets[static_cast<size_t>(pos - 1)].expr.get();
        } else if (ge->kind == ast::ExprKind::kColumnRef && ge->names.size() == 1) {
          // An input column wins; otherwise an output column name may be used.
          bool input_has = false;
          for (const auto& e : scope.entries)
            for (const auto& c : e.columns) input_has |= c.name == ge->names[0];
          if (!input_has)
            for (const auto& t : s.targets)
              if (t.name == ge->names[0] && t.expr) {
                ge = t.expr.get();
                break;
              }
        }
        if (contains_aggregate(*ge))
          fail_at(sqlstate::kGroupingError, "aggregate functions are not allowed in GROUP BY", ge->location);
        BExpr be = bind_expr(*ge, scope);
        if (agg.find_group(be->fingerprint()) >= 0) continue;
        agg.group_exprs.push_back(be);
        agg.group_fps.push_back(be->fingerprint());
      }
      Scope post = scope;
      post.agg = &agg;
      if (has_window) {
        wctx.input = &post;
        post.window = &wctx;
      }
      keep_unknown_targets = keep_unknown;
      bind_targets(*this, s.targets, post, !s.from.empty(), tl);
      keep_unknown_targets = false;
      bind_named_windows(*this, s, wctx);
      auto aggop = std::make_shared<AggregateOp>();
      BExpr having;
      if (s.having) having = bool_expr(bind_expr(*s.having, post), "HAVING");
      // ORDER BY may add aggregates too, so the aggregate operator is completed
      // after finish_select has bound them (it holds `agg` by reference).
      aggop->child = op;
      OpPtr above = aggop;
      if (having) {
        auto f = std::make_shared<FilterOp>();
        f->child = aggop;
        f->predicate = having;
        above = f;
      }
      OpPtr having_op = above;
      if (has_window) {
        win = std::make_shared<WindowOp>();
        win->child = above;
        above = win;
      }
      result = finish_select(*this, s, above, post, tl, outer);
      aggop->group_by = agg.group_exprs;
      aggop->aggs = agg.aggs;
      for (const auto& g : agg.group_exprs) aggop->columns.push_back(ColumnDesc{"group", g->type});
      for (const auto& a : agg.aggs) aggop->columns.push_back(ColumnDesc{a.name, a.result});
      if (having) having_op->columns = aggop->columns;
      if (win) wctx.place(*win, aggop->columns.size(), aggop->columns);
    } else {
      keep_unknown_targets = keep_unknown;
      if (has_window) {
        wctx.input = &scope;
        scope.window = &wctx;
      }
      SrfSink sink;
      sink.input_width = std::max(scope.width, op->columns.size());
      srf_sink = &sink;
      try {
        bind_targets(*this, s.targets, scope, !s.from.empty(), tl);
      } catch (...) {
        srf_sink = nullptr;
        throw;
      }
      srf_sink = nullptr;
      keep_unknown_targets = false;
      bind_named_windows(*this, s, wctx);
      if (lock && !sink.calls.empty())
        fail_at(sqlstate::kFeatureNotSupported, "FOR UPDATE is not allowed with set-returning functions in the target list", -1);
      if (has_window && !sink.calls.empty())
        fail_at(sqlstate::kFeatureNotSupported,
                "set-returning functions in a select list with window functions are not supported", -1);
      size_t window_base = std::max(scope.width, op->columns.size());
      if (has_window) {
        win = std::make_shared<WindowOp>();
        win->child = op;
        op = win;
      }
      if (!sink.calls.empty()) {
        auto ps = std::make_shared<ProjectSetOp>();
        ps->child = op;
        ps->columns = op->columns;
        ps->columns.resize(sink.input_width);
        for (auto& call : sink.calls) {
          ps->srfs.push_back(ProjectSetOp::Srf{call.args, call.type, call.function});
          ps->columns.push_back(ColumnDesc{call.function, call.type});
        }
        op = ps;
      }
      result = finish_select(*this, s, op, scope, tl, outer, lock.get());
      if (win) wctx.place(*win, window_base, win->child->columns);
    }
  }
  ctes = saved_ctes;
  return result;
}

BoundStatement Binder::bind_query(const ast::SelectStmt& s) {
  BoundStatement b;
  b.root = bind_select(s, nullptr, nullptr);
  b.columns = b.root->columns;
  b.returns_rows = true;
  b.tag = "SELECT";
  b.param_types = params;
  return b;
}

}  // namespace upsertdb
