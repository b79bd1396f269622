// Binder (and planner): turns an AST statement into an executable operator
// tree. It resolves names against the catalog and scopes, types every
// expression with PostgreSQL's coercion rules, expands `*`, matches GROUP BY
// expressions, decorrelates nothing (correlated subqueries re-run per row), and
// chooses access paths: WHERE conjuncts that touch one base table are pushed
// into its scan, which uses an index when the conjuncts fix a key prefix.
#pragma once

#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/error.h"
#include "exec/operator.h"
#include "sql/ast.h"

namespace upsertdb {

class DmlOp;

struct BoundStatement {
  OpPtr root;                         // produces the result rows (SELECT, RETURNING) or runs the DML
  std::vector<ColumnDesc> columns;    // result columns (empty when no rows are returned)
  bool returns_rows = false;
  std::string tag;                    // "SELECT", "INSERT", "UPDATE", "DELETE"
  std::shared_ptr<DmlOp> dml;         // the top DML operator, for the affected count
  std::shared_ptr<std::vector<Type>> param_types;
};

// One column visible to name resolution.
struct ScopeColumn {
  std::string name;
  Type type;
  int slot;                  // position in the row
  bool using_hidden = false; // a USING/NATURAL join column only reachable qualified
  uint32_t table_oid = 0;
  int16_t attnum = 0;
};

struct RangeEntry {
  std::string alias;         // "" = not referenceable by qualified name
  std::vector<ScopeColumn> columns;
  std::shared_ptr<TableInfo> table;   // base tables only
};

struct AggContext;
struct WindowContext;
struct WindowFunc;
struct WindowSpec;
struct WindowView;

struct Scope {
  std::vector<RangeEntry> entries;
  std::vector<ScopeColumn> star;     // what `*` expands to, in order
  size_t width = 0;                   // row width
  Scope* parent = nullptr;            // the enclosing query's scope
  AggContext* agg = nullptr;          // set while binding post-aggregation expressions
  WindowContext* window = nullptr;    // set where window functions may appear (select list, ORDER BY)
  bool* correlated = nullptr;         // set to true when a name resolves to an enclosing scope
  // Set while binding an ON CONFLICT DO UPDATE: `excluded` is a valid alias.
};

struct CteInfo {
  int id;
  std::vector<ColumnDesc> columns;
  OpPtr producer;
  bool used = false;
};

class Binder {
 public:
  Binder(Catalog& catalog, std::shared_ptr<std::vector<Type>> params);

  BoundStatement bind(const ast::Stmt& stmt);
  BoundStatement bind_statement(const ast::Stmt& stmt);

  // Pieces used by catalog expressions and DDL.
  BExpr bind_expr(const ast::Expr& e, Scope& scope);
  BExpr coerce(BExpr e, const Type& target, CastContext ctx, const std::string& what = {});
  Scope table_scope(const TableInfo& table, const std::string& alias);

  // SELECT binding; `outer` is the enclosing scope for correlated references.
  OpPtr bind_select(const ast::SelectStmt& s, Scope* outer, bool* correlated);

 public:
  struct FromResult {
    OpPtr op;
    Scope scope;
  };

  BoundStatement bind_query(const ast::SelectStmt& s);
  BoundStatement bind_insert(const ast::InsertStmt& s);
  BoundStatement bind_update(const ast::UpdateStmt& s);
  BoundStatement bind_delete(const ast::DeleteStmt& s);
  BoundStatement bind_merge(const ast::MergeStmt& s);
  std::vector<std::pair<int, BExpr>> bind_set_list_public(const std::vector<ast::ResTarget>& set,
                                                         const TableInfo& table, Scope& scope);
  void bind_with(const ast::WithClause* with, Scope* outer);

  FromResult bind_from_list(const std::vector<ast::FromItemPtr>& items, Scope* outer, bool* correlated,
                            std::vector<const ast::Expr*>* where_conjuncts);
  FromResult single_range(OpPtr op, const std::string& alias, const ast::FromItem& item);
  FromResult bind_scalar_function_in_from(const ast::FromItem& item, Scope* outer, bool* correlated);
  FromResult bind_from_item(const ast::FromItem& item, Scope* outer, bool* correlated);
  FromResult bind_table_ref(const ast::RangeVar& rv, bool emit_rowid);
  OpPtr plan_scan(std::shared_ptr<TableInfo> table, Scope& scope, std::vector<const ast::Expr*>& conjuncts,
                  Scope* outer, bool* correlated, bool emit_rowid);

  BExpr bind_column_ref(const ast::Expr& e, Scope& scope);
  BExpr bind_func_call(const ast::Expr& e, Scope& scope);
  BExpr bind_operator(const std::string& op, BExpr l, BExpr r, int location);
  BExpr bind_sublink(const ast::Expr& e, Scope& scope);
  BExpr bind_row_comparison(const ast::Expr& e, Scope& scope);
  // Arrays (bind_array.cc). `target` is the array type an enclosing cast asks
  // for (ARRAY[]::int[]), kUnknown when none.
  BExpr bind_array_ctor(const ast::Expr& e, Scope& scope, TypeId target);
  BExpr bind_any_all_array(const ast::Expr& e, Scope& scope);
  BExpr bind_indirection(const ast::Expr& e, Scope& scope);
  // (x).field over a record of known layout (bind_record.cc).
  BExpr bind_field_selection(BExpr record, const std::string& field, int location);
  BExpr bind_array_function(const ast::Expr& e, Scope& scope, int kind);
  TypeId array_type_or_fail(TypeId element, int location);
  BExpr bind_aggregate(const ast::Expr& e, Scope& scope);
  AggregateSpec bind_aggregate_spec(const ast::Expr& e, Scope& input, std::string& fp);
  // f(...) OVER (...) (bind_window.cc): a reference to the call's slot in the
  // WindowOp of scope.window, or PostgreSQL's error where windows are not allowed.
  BExpr bind_window_call(const ast::Expr& e, Scope& scope);
  void bind_value_function_args(const ast::Expr& e, Scope& input, WindowFunc& fn);
  WindowSpec bind_window_spec(const WindowView& def, Scope& input);
  void set_frame(WindowSpec& w, const WindowView& def);
  BExpr make_const(const ast::Expr& e);
  BExpr unify(std::vector<BExpr>& exprs, const char* context);
  BExpr bool_expr(BExpr e, const char* clause);

 public:
  Catalog& catalog;
  std::shared_ptr<std::vector<Type>> params;
  std::map<std::string, CteInfo> ctes;   // visible CTEs by name (innermost WITH wins)
  int next_cte_id = 0;
  std::string sql_text;                  // for expression source text (index expressions)
  // Set while binding a set operation's operands: their unknown-typed outputs
  // stay unknown until the set operation picks the common type.
  bool keep_unknown_targets = false;
  int nesting = 0;
  bool scan_rowid = false;
  std::set<int> referenced_params;        // 0-based indexes of the $n the statement uses                // the single-table scan carries row ids (FOR UPDATE)
  // Constant folding (PostgreSQL folds constant subexpressions while planning,
  // so their errors come before any row): off inside branches that can never run.
  int no_fold = 0;
  struct NoFold {
    Binder& b;
    bool on;
    NoFold(Binder& binder, bool active) : b(binder), on(active) { if (on) ++b.no_fold; }
    ~NoFold() { if (on) --b.no_fold; }
  };
  BExpr fold(const BExpr& e);
  // Set while binding a select list that may hold set-returning functions.
  struct SrfCall {
    std::string function;        // generate_series, unnest, pg_partition_ancestors
    std::vector<BExpr> args;
    Type type;
  };
  struct SrfSink {
    size_t input_width = 0;
    std::vector<SrfCall> calls;
  };
  SrfSink* srf_sink = nullptr;
  Type bind_series_args(const ast::Expr& f, Scope& scope, std::vector<BExpr>& args);
  // Arguments of any set-returning function (see is_set_returning_function);
  // returns the type of its single output column.
  Type bind_srf_args(const std::string& name, const ast::Expr& f, Scope& scope, std::vector<BExpr>& args);                        // depth of bind_select calls
  // Data-modifying CTEs of the statement, run before its main query.
  std::vector<std::pair<int, OpPtr>> dml_ctes;
};

// Raises a binding error with PostgreSQL's cursor position (`location` is the
// 0-based byte offset the AST keeps, -1 = none).
[[noreturn]] inline void fail_at(const char* state, std::string msg, int location) {
  DbError e(state, std::move(msg));
  if (location >= 0) e.position(location + 1);
  throw e;
}

// 42P01 for a qualifier no FROM item is named by. As in PostgreSQL's
// errorMissingRTE, a table that is in scope under an alias gets "invalid
// reference to FROM-clause entry" and a HINT naming the alias.
[[noreturn]] void fail_missing_from_entry(const Scope& scope, const std::string& qualifier, int location);

// The conjunction of `preds` (null when empty, the predicate itself when one).
BExpr and_all(const std::vector<BExpr>& preds);

// Installs `conds` (over the concatenated row) on a join: equalities between a
// left and a right column become hash keys, the rest the residual condition.
void set_join_condition(NestedLoopJoinOp& join, const std::vector<BExpr>& conds, bool allow_hash_keys);

// Splits an AND tree into its conjuncts.
void split_conjuncts(const ast::Expr* e, std::vector<const ast::Expr*>& out);
// The first window function call in the expression (outside subqueries), or null.
const ast::Expr* first_window_call(const ast::Expr& e);
// PostgreSQL's 42P20 "window functions are not allowed in <clause>" when `e`
// (may be null) calls one.
void refuse_window_calls(const ast::Expr* e, const char* clause);
// True when the expression (outside subqueries) calls an aggregate.
bool contains_aggregate(const ast::Expr& e);
// ... in a window's PARTITION BY or ORDER BY (they make the query aggregate too).
bool window_contains_aggregate(const ast::WindowDef& w);
// The aggregate call PostgreSQL reports a misplaced aggregate at: the first one to
// finish analysis, i.e. innermost first, then left to right. Null when there is none.
const ast::Expr* first_aggregate(const ast::Expr& e);

}  // namespace upsertdb
