// INSERT / UPDATE / DELETE binding. Values are cast to the column types with
// assignment rules; DEFAULT becomes the column's default expression; ON
// CONFLICT infers its arbiter indexes the way PostgreSQL does (a unique index
// whose key columns/expressions equal the inference elements as a set, and
// whose predicate matches the given WHERE for partial indexes).
#include <algorithm>
#include <set>

#include "common/error.h"
#include "exec/dml_ops.h"
#include "plan/binder.h"
#include "plan/catalog_exprs.h"
#include "plan/predicate_proof.h"
#include "types/type.h"

namespace upsertdb {

namespace {

std::shared_ptr<TableInfo> target_table(Catalog& catalog, const ast::RangeVar& rv) {
  if (!rv.schema.empty() && rv.schema != "public")
    fail_at(sqlstate::kUndefinedTable, "relation \"" + rv.schema + "." + rv.name + "\" does not exist", rv.location);
  auto t = catalog.table(rv.schema, rv.name);
  if (!t) {
    auto kind = catalog.relation_kind(rv.schema, rv.name);
    if (kind && *kind != RelKind::kTable)
      fail_at(sqlstate::kWrongObjectType, "cannot change relation \"" + rv.name + "\"", rv.location);
    fail_at(sqlstate::kUndefinedTable, "relation \"" + rv.name + "\" does not exist", rv.location);
  }
  return t;
}

std::string returning_name(const ast::ResTarget& t) {
  if (!t.name.empty()) return t.name;
  if (t.expr && t.expr->kind == ast::ExprKind::kColumnRef && !t.expr->names.empty()) return t.expr->names.back();
  if (t.expr && t.expr->kind == ast::ExprKind::kFuncCall) return t.expr->names.back();
  return "?column?";
}

// COLLATE in an ON CONFLICT element: PostgreSQL matches the collation's OID with the
// index's. Our indexes use the database default, so only "default" matches; the
// other collations UpsertDB knows match no index, and any other name is an error.
bool collation_matches_index(const std::string& name, int location) {
  if (name == "default") return true;
  if (name == "C" || name == "POSIX" || name == "ucs_basic") return false;
  fail_at(sqlstate::kUndefinedObject, "collation \"" + name + "\" for encoding \"UTF8\" does not exist", location);
}

// PostgreSQL's btree operator classes as (name, operator family, input type):
// an ON CONFLICT element's opclass matches an index when family and input type
// equal those of the index's (default) operator class for the element's type.
struct BtreeOpclass {
  const char* name;
  const char* family;
  const char* input;
};
constexpr BtreeOpclass kBtreeOpclasses[] = {
    {"bool_ops", "bool_ops", "bool"},          {"bpchar_ops", "bpchar_ops", "bpchar"},
    {"bpchar_pattern_ops", "bpchar_pattern_ops", "bpchar"},
    {"bytea_ops", "bytea_ops", "bytea"},       {"char_ops", "char_ops", "char"},
    {"date_ops", "datetime_ops", "date"},      {"float4_ops", "float_ops", "float4"},
    {"float8_ops", "float_ops", "float8"},     {"int2_ops", "integer_ops", "int2"},
    {"int4_ops", "integer_ops", "int4"},       {"int8_ops", "integer_ops", "int8"},
    {"interval_ops", "interval_ops", "interval"}, {"jsonb_ops", "jsonb_ops", "jsonb"},
    {"name_ops", "text_ops", "name"},          {"numeric_ops", "numeric_ops", "numeric"},
    {"oid_ops", "oid_ops", "oid"},             {"text_ops", "text_ops", "text"},
    {"text_pattern_ops", "text_pattern_ops", "text"}, {"varchar_ops", "text_ops", "text"},
    {"varchar_pattern_ops", "text_pattern_ops", "text"}, {"time_ops", "time_ops", "time"},
    {"timestamp_ops", "datetime_ops", "timestamp"}, {"timestamptz_ops", "datetime_ops", "timestamptz"},
    {"uuid_ops", "uuid_ops", "uuid"},
    // Classes of types UpsertDB has no columns of: known names that match nothing.
    {"array_ops", "array_ops", "anyarray"},    {"bit_ops", "bit_ops", "bit"},
    {"cidr_ops", "network_ops", "inet"},       {"enum_ops", "enum_ops", "anyenum"},
    {"inet_ops", "network_ops", "inet"},       {"macaddr_ops", "macaddr_ops", "macaddr"},
    {"macaddr8_ops", "macaddr8_ops", "macaddr8"}, {"money_ops", "money_ops", "money"},
    {"multirange_ops", "multirange_ops", "anymultirange"}, {"oidvector_ops", "oidvector_ops", "oidvector"},
    {"pg_lsn_ops", "pg_lsn_ops", "pg_lsn"},    {"range_ops", "range_ops", "anyrange"},
    {"record_ops", "record_ops", "record"},    {"record_image_ops", "record_image_ops", "record"},
    {"tid_ops", "tid_ops", "tid"},             {"timetz_ops", "timetz_ops", "timetz"},
    {"tsquery_ops", "tsquery_ops", "tsquery"}, {"tsvector_ops", "tsvector_ops", "tsvector"},
    {"varbit_ops", "varbit_ops", "varbit"},    {"xid8_ops", "xid8_ops", "xid8"},
};

const BtreeOpclass* find_btree_opclass(std::string_view name) {
  for (const auto& c : kBtreeOpclasses)
    if (name == c.name) return &c;
  return nullptr;
}

// The operator class an index on a value of this type uses (PostgreSQL's default
// btree class; varchar indexes use text_ops).
const char* default_opclass(TypeId id) {
  switch (id) {
    case TypeId::kBool: return "bool_ops";
    case TypeId::kInt2: return "int2_ops";
    case TypeId::kInt4: return "int4_ops";
    case TypeId::kInt8: return "int8_ops";
    case TypeId::kFloat4: return "float4_ops";
    case TypeId::kFloat8: return "float8_ops";
    case TypeId::kNumeric: return "numeric_ops";
    case TypeId::kText:
    case TypeId::kVarchar: return "text_ops";
    case TypeId::kBpchar: return "bpchar_ops";
    case TypeId::kName: return "name_ops";
    case TypeId::kBytea: return "bytea_ops";
    case TypeId::kDate: return "date_ops";
    case TypeId::kTime: return "time_ops";
    case TypeId::kTimestamp: return "timestamp_ops";
    case TypeId::kTimestampTz: return "timestamptz_ops";
    case TypeId::kInterval: return "interval_ops";
    case TypeId::kUuid: return "uuid_ops";
    case TypeId::kJsonb: return "jsonb_ops";
    case TypeId::kOid: return "oid_ops";
    default: return nullptr;
  }
}

bool opclass_matches_index(const std::string& name, const Type& type, int location) {
  const BtreeOpclass* named = find_btree_opclass(name);
  if (!named)
    fail_at(sqlstate::kUndefinedObject, "operator class \"" + name + "\" does not exist for access method \"btree\"",
            location);
  const char* index_class = default_opclass(type.id);
  const BtreeOpclass* used = index_class ? find_btree_opclass(index_class) : nullptr;
  return used && std::string_view(used->family) == named->family && std::string_view(used->input) == named->input;
}

}  // namespace

// A column's value for DEFAULT: its default expression, or NULL.
static BExpr default_for(Binder& b, const TableInfo& table, int col) {
  const ColumnInfo& c = table.columns[static_cast<size_t>(col)];
  std::string text = c.fill_expression_text();
  if (text.empty()) return std::make_shared<ConstExpr>(Value::null(c.type.id), c.type);
  auto d = bind_table_expression(table, text);
  return b.coerce(d, c.type, CastContext::kAssignment);
}

static void bind_returning(Binder& b, const std::vector<ast::ResTarget>& targets, const TableInfo& table,
                           Scope scope, DmlOp& op, BoundStatement& out) {
  if (targets.empty()) return;
  for (const auto& t : targets) {
    if (t.expr->kind == ast::ExprKind::kColumnRef && t.expr->names.back() == "*") {
      for (const auto& c : scope.star) {
        op.returning.push_back(std::make_shared<ColumnExpr>(c.slot, 0, c.type));
        out.columns.push_back(ColumnDesc{c.name, c.type, c.table_oid, c.attnum});
      }
      continue;
    }
    refuse_window_calls(t.expr.get(), "RETURNING");
    BExpr e = b.bind_expr(*t.expr, scope);
    if (e->type.id == TypeId::kUnknown) e = b.coerce(e, Type(TypeId::kText), CastContext::kImplicit);
    ColumnDesc d{returning_name(t), e->type};
    if (auto col = std::dynamic_pointer_cast<const ColumnExpr>(e); col && col->level == 0) {
      d.table_oid = table.oid;
      d.column_number = static_cast<int16_t>(col->index + 1);
    }
    op.returning.push_back(e);
    out.columns.push_back(d);
  }
  out.returns_rows = true;
}

// The SET list of UPDATE / ON CONFLICT DO UPDATE.
static std::vector<std::pair<int, BExpr>> bind_set_list(Binder& b, const std::vector<ast::ResTarget>& set,
                                                        const TableInfo& table, Scope& scope) {
  std::vector<std::pair<int, BExpr>> out;
  std::set<int> seen;
  for (const auto& t : set) {
    refuse_window_calls(t.expr.get(), "UPDATE");
    int col = table.find_column(t.name);
    if (col < 0)
      fail_at(sqlstate::kUndefinedColumn,
              "column \"" + t.name + "\" of relation \"" + table.name + "\" does not exist", t.location);
    if (!t.indirection.empty())
      fail_at(sqlstate::kFeatureNotSupported, "assignment to a field or subscript is not supported", t.location);
    if (!seen.insert(col).second)
      fail_at(sqlstate::kSyntaxError, "multiple assignments to same column \"" + t.name + "\"", -1);   // no position in PostgreSQL
    const ColumnInfo& ci = table.columns[static_cast<size_t>(col)];
    BExpr e;
    if (t.multi_count > 0) {
      const ast::Expr& src = *t.expr;
      if (src.kind == ast::ExprKind::kRow) {
        if (static_cast<int>(src.args.size()) != t.multi_count)
          fail_at(sqlstate::kSyntaxError, "number of columns does not match number of values", src.location);
        const ast::Expr& item = *src.args[static_cast<size_t>(t.multi_index - 1)];
        e = item.kind == ast::ExprKind::kDefault ? default_for(b, table, col) : b.bind_expr(item, scope);
      } else if (src.kind == ast::ExprKind::kSubLink && src.sublink_type == "expr") {
        // (a, b) = (SELECT x, y ...): column k of the subquery's single row.
        bool correlated = false;
        OpPtr plan = b.bind_select(*src.subquery, &scope, &correlated);
        if (static_cast<int>(plan->columns.size()) != t.multi_count)
          fail_at(sqlstate::kSyntaxError, "number of columns does not match number of values", src.location);
        size_t k = static_cast<size_t>(t.multi_index - 1);
        auto pick = std::make_shared<ProjectOp>();
        pick->child = plan;
        pick->exprs.push_back(std::make_shared<ColumnExpr>(static_cast<int>(k), 0, plan->columns[k].type));
        pick->columns.push_back(plan->columns[k]);
        auto sub = std::make_shared<SubqueryExpr>();
        sub->kind = SubqueryExpr::Kind::kScalar;
        sub->plan = pick;
        sub->correlated = correlated;
        sub->type = plan->columns[k].type;
        e = sub;
      } else {
        fail_at(sqlstate::kFeatureNotSupported,
                "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression",
                src.location);
      }
    } else if (t.expr->kind == ast::ExprKind::kDefault) {
      e = default_for(b, table, col);
    } else {
      e = b.bind_expr(*t.expr, scope);
    }
    if (ci.identity == 'a' && t.expr->kind != ast::ExprKind::kDefault)
      throw DbError(sqlstate::kGeneratedAlways, "column \"" + ci.name + "\" can only be updated to DEFAULT")
          .detail("Column \"" + ci.name + "\" is an identity column defined as GENERATED ALWAYS.");
    e = b.coerce(e, ci.type, CastContext::kAssignment, "column \"" + ci.name + "\"");
    out.emplace_back(col, e);
  }
  return out;
}

// Columns of an upsert whose default draws from a sequence and that arbitration
// never looks at: their value is only needed when the row is really inserted.
static std::vector<int> deferrable_defaults(const InsertOp& op, const TableInfo& t) {
  std::vector<int> out;
  for (const auto& idx : op.arbiters)
    if (idx->has_expressions() || !idx->predicate_text.empty()) return out;
  std::string uses;   // what DO UPDATE reads, made once a column needs it
  bool uses_made = false;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const ColumnInfo& col = t.columns[c];
    if (col.dropped) continue;
    bool given = false;
    for (int tc : op.target_cols) given |= static_cast<size_t>(tc) == c;
    if (given) continue;
    std::string text = col.fill_expression_text();
    if (text.find("nextval(") == std::string::npos) continue;
    bool in_key = false;
    for (const auto& idx : op.arbiters)
      for (int k : idx->columns) in_key |= static_cast<size_t>(k) == c;
    if (in_key) continue;
    // DO UPDATE reading EXCLUDED.col needs the value as PostgreSQL computes it.
    if (!uses_made) {
      for (const auto& [col, e] : op.set) uses += e->fingerprint() + ";";
      if (op.update_where) uses += op.update_where->fingerprint();
      uses_made = true;
    }
    std::string excluded_ref = "c0." + std::to_string(t.columns.size() + c);
    bool referenced = false;
    for (size_t pos = uses.find(excluded_ref); pos != std::string::npos; pos = uses.find(excluded_ref, pos + 1)) {
      size_t end = pos + excluded_ref.size();
      if (end >= uses.size() || !std::isdigit(static_cast<unsigned char>(uses[end]))) referenced = true;
    }
    if (referenced) continue;
    out.push_back(static_cast<int>(c));
  }
  return out;
}

BoundStatement Binder::bind_insert(const ast::InsertStmt& s) {
  BoundStatement out;
  out.tag = "INSERT";
  out.param_types = params;
  bind_with(s.with.get(), nullptr);
  auto table = target_table(catalog, s.table);
  const TableInfo& t = *table;
  std::string alias = s.table.alias.name.empty() ? t.name : s.table.alias.name;
  auto op = std::make_shared<InsertOp>();
  op->table = table;

  std::vector<int> cols;
  if (s.columns.empty()) {
    for (size_t i = 0; i < t.columns.size(); ++i)
      if (!t.columns[i].dropped) cols.push_back(static_cast<int>(i));
  } else {
    for (const auto& c : s.columns) {
      int col = t.find_column(c.name);
      if (col < 0)
        fail_at(sqlstate::kUndefinedColumn,
                "column \"" + c.name + "\" of relation \"" + t.name + "\" does not exist", c.location);
      if (!c.indirection.empty())
        fail_at(sqlstate::kFeatureNotSupported, "assignment to a field or subscript is not supported", c.location);
      if (std::find(cols.begin(), cols.end(), col) != cols.end())
        fail_at(sqlstate::kDuplicateColumn, "column \"" + c.name + "\" specified more than once", c.location);
      cols.push_back(col);
    }
  }

  auto check_identity = [&](int col, bool is_default) {
    const ColumnInfo& ci = t.columns[static_cast<size_t>(col)];
    if (ci.identity == 'a' && !is_default && s.override_kind != 2)
      throw DbError(sqlstate::kGeneratedAlways, "cannot insert a non-DEFAULT value into column \"" + ci.name + "\"")
          .detail("Column \"" + ci.name + "\" is an identity column defined as GENERATED ALWAYS.")
          .hint("Use OVERRIDING SYSTEM VALUE to override.");
  };

  if (!s.source) {
    auto values = std::make_shared<ValuesOp>();
    values->rows.push_back({});
    op->source = values;
    cols.clear();
  } else if (!s.source->values.empty() && s.source->order_by.empty() && !s.source->limit && !s.source->with) {
    // Without a column list, VALUES may stop short: the rest take their defaults.
    if (s.columns.empty() && s.source->values[0].size() < cols.size()) cols.resize(s.source->values[0].size());
    auto values = std::make_shared<ValuesOp>();
    Scope empty;
    for (const auto& row : s.source->values)
      if (row.size() != s.source->values[0].size())
        fail_at(sqlstate::kSyntaxError, "VALUES lists must all be the same length",
                row.empty() ? -1 : row[0]->location);
    for (const auto& row : s.source->values) {
      for (const auto& e : row) refuse_window_calls(e.get(), "VALUES");
      if (row.size() > cols.size())
        fail_at(sqlstate::kSyntaxError, "INSERT has more expressions than target columns",
                row[cols.size()]->location);
      if (row.size() < cols.size())
        fail_at(sqlstate::kSyntaxError, "INSERT has more target columns than expressions",
                s.columns.empty() ? -1 : s.columns[row.size()].location);
      std::vector<BExpr> bound;
      for (const auto& e : row)
        if (contains_aggregate(*e))
          fail_at(sqlstate::kGroupingError, "aggregate functions are not allowed in VALUES", e->location);
      for (size_t i = 0; i < row.size(); ++i) {
        const ColumnInfo& ci = t.columns[static_cast<size_t>(cols[i])];
        bool is_default = row[i]->kind == ast::ExprKind::kDefault;
        check_identity(cols[i], is_default);
        BExpr e = is_default ? default_for(*this, t, cols[i]) : bind_expr(*row[i], empty);
        bound.push_back(coerce(e, ci.type, CastContext::kAssignment, "column \"" + ci.name + "\""));
      }
      values->rows.push_back(std::move(bound));
    }
    op->source = values;
  } else {
    OpPtr src = bind_select(*s.source, nullptr, nullptr);
    if (s.columns.empty() && src->columns.size() < cols.size()) cols.resize(src->columns.size());
    if (src->columns.size() > cols.size())
      fail_at(sqlstate::kSyntaxError, "INSERT has more expressions than target columns", -1);
    if (src->columns.size() < cols.size())
      fail_at(sqlstate::kSyntaxError, "INSERT has more target columns than expressions", -1);
    auto proj = std::make_shared<ProjectOp>();
    proj->child = src;
    for (size_t i = 0; i < cols.size(); ++i) {
      const ColumnInfo& ci = t.columns[static_cast<size_t>(cols[i])];
      check_identity(cols[i], false);
      BExpr c = std::make_shared<ColumnExpr>(static_cast<int>(i), 0, src->columns[i].type);
      proj->exprs.push_back(coerce(c, ci.type, CastContext::kAssignment, "column \"" + ci.name + "\""));
      proj->columns.push_back(ColumnDesc{ci.name, ci.type});
    }
    op->source = proj;
  }
  op->target_cols = cols;

  if (s.on_conflict) {
    const ast::OnConflictClause& oc = *s.on_conflict;
    op->conflict = oc.action == ast::OnConflictAction::kNothing  ? InsertOp::Conflict::kNothing
                   : oc.action == ast::OnConflictAction::kSelect ? InsertOp::Conflict::kSelect
                                                                 : InsertOp::Conflict::kUpdate;
    if (op->conflict == InsertOp::Conflict::kSelect) {
      if (s.returning.empty())
        fail_at(sqlstate::kSyntaxError, "ON CONFLICT DO SELECT requires a RETURNING clause", oc.location);
      op->select_lock = oc.select_lock;
    }
    Scope tscope = table_scope(t, alias);
    tscope.entries[0].table = table;   // names the table in errors about its alias
    if (!oc.constraint_name.empty()) {
      const ConstraintInfo* c = t.find_constraint(oc.constraint_name);
      if (!c)
        fail_at(sqlstate::kUndefinedObject,
                "constraint \"" + oc.constraint_name + "\" for table \"" + t.name + "\" does not exist", -1);
      std::shared_ptr<IndexInfo> idx;
      for (const auto& i : t.indexes)
        if (i->name == c->index_name) idx = i;
      if (!idx || !idx->unique)
        fail_at(sqlstate::kWrongObjectType,
                "constraint in ON CONFLICT clause has no associated index", -1);
      op->arbiters.push_back(idx);
    } else if (!oc.infer_elems.empty()) {
      std::set<std::string> wanted;
      bool matchable = true;
      for (const auto& el : oc.infer_elems) {
        // PostgreSQL's order of checks (resolve_unique_index_expr): ordering words first,
        // then the element itself, then its collation and operator class.
        if (el.ordering != 0)
          fail_at(sqlstate::kInvalidColumnReference, "ASC/DESC is not allowed in ON CONFLICT clause",
                  oc.infer_location);
        if (el.nulls != 0)
          fail_at(sqlstate::kInvalidColumnReference, "NULLS FIRST/LAST is not allowed in ON CONFLICT clause",
                  oc.infer_location);
        Type elem_type;
        if (!el.column.empty()) {
          int col = t.find_column(el.column);
          if (col < 0)
            fail_at(sqlstate::kUndefinedColumn, "column \"" + el.column + "\" does not exist", oc.infer_location);
          wanted.insert("c0." + std::to_string(col));
          elem_type = t.columns[static_cast<size_t>(col)].type;
        } else {
          BExpr e = bind_expr(*el.expr, tscope);
          wanted.insert(e->fingerprint());
          elem_type = e->type;
        }
        // Our indexes use the column's default collation and operator class; an
        // element naming another one matches no index (PostgreSQL compares both),
        // and an unknown name is an error.
        // PostgreSQL reports these at the target's '(' (collation) or without a position (operator class).
        if (!el.collation.empty() && !collation_matches_index(el.collation.back(), oc.infer_location))
          matchable = false;
        if (!el.opclass.empty() && !opclass_matches_index(el.opclass.back(), elem_type, -1))
          matchable = false;
      }
      BExpr where;
      if (oc.infer_where) where = bind_expr(*oc.infer_where, tscope);
      for (const auto& idx : t.indexes) {
        if (!idx->unique || !matchable) continue;
        std::set<std::string> have;
        for (size_t p = 0; p < idx->columns.size(); ++p) {
          if (idx->columns[p] >= 0)
            have.insert("c0." + std::to_string(idx->columns[p]));
          else
            have.insert(index_expression(t, *idx, p).fingerprint());
        }
        if (have != wanted) continue;
        // A partial index is an arbiter only when the WHERE given implies its
        // predicate (PostgreSQL's predicate_implied_by, in the forms of predicate_proof.h).
        if (const BoundExpr* pred = index_predicate(t, *idx))
          if (!where || !predicate_implied_by(*where, *pred)) continue;
        op->arbiters.push_back(idx);
      }
      if (op->arbiters.empty())
        fail_at(sqlstate::kInvalidColumnReference,
                "there is no unique or exclusion constraint matching the ON CONFLICT specification", -1);
    } else {
      if (op->conflict == InsertOp::Conflict::kUpdate)
        throw DbError(sqlstate::kSyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name")
            .hint("For example, ON CONFLICT (column_name).")
            .position(oc.location + 1);
      for (const auto& idx : t.indexes)
        if (idx->unique) op->arbiters.push_back(idx);
    }
    if (op->conflict == InsertOp::Conflict::kUpdate || op->conflict == InsertOp::Conflict::kSelect) {
      Scope scope = tscope;
      RangeEntry excluded;
      excluded.alias = "excluded";
      for (size_t i = 0; i < t.columns.size(); ++i) {
        if (t.columns[i].dropped) continue;
        excluded.columns.push_back(ScopeColumn{t.columns[i].name, t.columns[i].type,
                                               static_cast<int>(t.columns.size() + i)});
      }
      scope.entries.push_back(excluded);
      scope.width = 2 * t.columns.size();
      for (const auto& st : oc.set)
        if (st.expr && contains_aggregate(*st.expr))
          fail_at(sqlstate::kGroupingError, "aggregate functions are not allowed in UPDATE", st.location);
      op->set = bind_set_list(*this, oc.set, t, scope);
      if (oc.where) {
        if (contains_aggregate(*oc.where))
          fail_at(sqlstate::kGroupingError, "aggregate functions are not allowed in WHERE",
                  first_aggregate(*oc.where)->location);
        op->update_where = bool_expr(bind_expr(*oc.where, scope), "WHERE");
      }
    }
  }
  if (op->conflict != InsertOp::Conflict::kNone) {
    op->deferred_defaults = deferrable_defaults(*op, t);
    // Several proposed rows take their locks in key order (exec/batch_lock_order.h);
    // a single VALUES row keeps the streaming path.
    auto values = std::dynamic_pointer_cast<ValuesOp>(op->source);
    op->lock_in_key_order = !values || values->rows.size() > 1;
  }
  Scope returning_scope = table_scope(t, alias);
  returning_scope.entries[0].table = table;
  bind_returning(*this, s.returning, t, returning_scope, *op, out);
  op->columns = out.columns;
  out.root = op;
  out.dml = op;
  return out;
}

// UPDATE and DELETE share their input: the target's rows (with row ids), joined
// with FROM / USING, filtered by WHERE.
static OpPtr bind_target_rows(Binder& b, std::shared_ptr<TableInfo> table, const std::string& alias,
                              const std::vector<ast::FromItemPtr>& from, const ast::Expr* where, Scope& scope_out) {
  const TableInfo& t = *table;
  std::vector<const ast::Expr*> conjuncts;
  split_conjuncts(where, conjuncts);
  for (const ast::Expr* c : conjuncts)
    if (const ast::Expr* agg = first_aggregate(*c))
      fail_at(sqlstate::kGroupingError, "aggregate functions are not allowed in WHERE", agg->location);
  Scope scope = b.table_scope(t, alias);
  scope.entries[0].table = table;
  scope.width = t.columns.size() + 1;   // + row id
  OpPtr op;
  if (from.empty()) {
    op = b.plan_scan(table, scope, conjuncts, nullptr, nullptr, true);
    scope_out = scope;
    return op;
  }
  std::vector<const ast::Expr*> none;
  op = b.plan_scan(table, scope, none, nullptr, nullptr, true);
  for (const auto& item : from) {
    Binder::FromResult next = b.bind_from_item(*item, nullptr, nullptr);
    for (const auto& e : next.scope.entries)
      if (e.alias == scope.entries[0].alias)
        fail_at(sqlstate::kDuplicateAlias, "table name \"" + e.alias + "\" specified more than once", -1);
    auto join = std::make_shared<NestedLoopJoinOp>();
    join->join_type = NestedLoopJoinOp::Type::kCross;
    join->left = op;
    join->right = next.op;
    join->left_width = scope.width;
    join->right_width = next.scope.width;
    join->columns = op->columns;
    for (const auto& c : next.op->columns) join->columns.push_back(c);
    size_t lw = scope.width;
    for (auto e : next.scope.entries) {
      for (auto& c : e.columns) c.slot += static_cast<int>(lw);
      scope.entries.push_back(e);
    }
    scope.width += next.scope.width;
    op = join;
  }
  if (!conjuncts.empty()) {
    auto f = std::make_shared<FilterOp>();
    std::vector<BExpr> preds;
    for (const ast::Expr* c : conjuncts) preds.push_back(b.bool_expr(b.bind_expr(*c, scope), "WHERE"));
    f->predicate = and_all(preds);
    f->child = op;
    f->columns = op->columns;
    op = f;
  }
  scope_out = scope;
  return op;
}

// The WHERE clause of a single-table UPDATE/DELETE is the scan's filter (the
// binder pushes every conjunct into it): the READ COMMITTED re-check uses it.
static void set_recheck(TargetRowOp& op, bool single_table) {
  if (!single_table) return;
  if (auto seq = std::dynamic_pointer_cast<SeqScanOp>(op.child)) {
    op.can_recheck = true;
    op.recheck = seq->filter;
  } else if (auto idx = std::dynamic_pointer_cast<IndexScanOp>(op.child)) {
    op.can_recheck = true;
    op.recheck = idx->filter;
  }
}

// Several target rows take their locks in key order (exec/batch_lock_order.h);
// a lookup of one key of a unique index finds one row at most and keeps the
// streaming path.
static void set_lock_order(TargetRowOp& op) {
  if (auto idx = std::dynamic_pointer_cast<IndexScanOp>(op.child)) {
    if (idx->index->unique && idx->eq_values.size() == idx->index->columns.size()) return;
  }
  op.lock_in_key_order = true;
}

BoundStatement Binder::bind_update(const ast::UpdateStmt& s) {
  BoundStatement out;
  out.tag = "UPDATE";
  out.param_types = params;
  bind_with(s.with.get(), nullptr);
  auto table = target_table(catalog, s.table);
  std::string alias = s.table.alias.name.empty() ? table->name : s.table.alias.name;
  auto op = std::make_shared<UpdateOp>();
  op->table = table;
  Scope scope;
  // SET expressions may not use aggregates; they are bound over the input row.
  for (const auto& t : s.set)
    if (t.expr && contains_aggregate(*t.expr))
      fail_at(sqlstate::kGroupingError, "aggregate functions are not allowed in UPDATE", t.location);
  op->child = bind_target_rows(*this, table, alias, s.from, s.where.get(), scope);
  op->rowid_slot = table->columns.size();
  set_recheck(*op, s.from.empty());
  set_lock_order(*op);
  op->set = bind_set_list(*this, s.set, *table, scope);
  bind_returning(*this, s.returning, *table, scope, *op, out);
  op->columns = out.columns;
  out.root = op;
  out.dml = op;
  return out;
}

BoundStatement Binder::bind_delete(const ast::DeleteStmt& s) {
  BoundStatement out;
  out.tag = "DELETE";
  out.param_types = params;
  bind_with(s.with.get(), nullptr);
  auto table = target_table(catalog, s.table);
  std::string alias = s.table.alias.name.empty() ? table->name : s.table.alias.name;
  auto op = std::make_shared<DeleteOp>();
  op->table = table;
  Scope scope;
  op->child = bind_target_rows(*this, table, alias, s.using_, s.where.get(), scope);
  op->rowid_slot = table->columns.size();
  set_recheck(*op, s.using_.empty());
  set_lock_order(*op);
  bind_returning(*this, s.returning, *table, scope, *op, out);
  op->columns = out.columns;
  out.root = op;
  out.dml = op;
  return out;
}

std::vector<std::pair<int, BExpr>> Binder::bind_set_list_public(const std::vector<ast::ResTarget>& set,
                                                                const TableInfo& table, Scope& scope) {
  return bind_set_list(*this, set, table, scope);
}

BoundStatement Binder::bind(const ast::Stmt& stmt) {
  BoundStatement b = bind_statement(stmt);
  if (!dml_ctes.empty()) {
    auto runner = std::make_shared<CteRunnerOp>();
    runner->ctes = dml_ctes;
    runner->body = b.root;
    runner->columns = b.root->columns;
    b.root = runner;
  }
  return b;
}

BoundStatement Binder::bind_statement(const ast::Stmt& stmt) {
  switch (stmt.kind) {
    case ast::StmtKind::kSelect:
      return bind_query(static_cast<const ast::SelectStmt&>(stmt));
    case ast::StmtKind::kInsert:
      return bind_insert(static_cast<const ast::InsertStmt&>(stmt));
    case ast::StmtKind::kUpdate:
      return bind_update(static_cast<const ast::UpdateStmt&>(stmt));
    case ast::StmtKind::kDelete:
      return bind_delete(static_cast<const ast::DeleteStmt&>(stmt));
    case ast::StmtKind::kMerge:
      return bind_merge(static_cast<const ast::MergeStmt&>(stmt));
    default:
      throw_not_supported("statement is not supported");
  }
}

}  // namespace upsertdb
