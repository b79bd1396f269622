// DDL internals shared by the ddl_*.cc files: copy-on-write installation of
// catalog entries with undo, scans over a table's live rows, index builds,
// constraint construction, and PostgreSQL's error texts.
//
// Copy-on-write: a DDL statement never edits a TableInfo in place (cached
// plans may hold it). It clones the entry, edits the clone and installs it;
// the undo registered with the transaction installs the old entry back.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/error.h"
#include "engine/query_result.h"
#include "exec/exec_context.h"
#include "plan/bound_expr.h"
#include "sql/ast.h"

namespace upsertdb::ddl {

// A deep copy: indexes are copied too (sharing their data), bound caches dropped.
std::shared_ptr<TableInfo> clone_table(const TableInfo& t);
std::shared_ptr<IndexInfo> clone_index(const IndexInfo& i);

// Replaces `old_t` by `new_t` in the catalog (either may be null: create /
// drop), index names included, and registers the inverse with the transaction.
void install_table(ExecContext& ctx, std::shared_ptr<TableInfo> old_t, std::shared_ptr<TableInfo> new_t);
void install_sequence(ExecContext& ctx, std::shared_ptr<SequenceInfo> old_s, std::shared_ptr<SequenceInfo> new_s);
// A replaced or dropped table's rows (TableStore) and index data are not freed
// explicitly at commit: they are shared_ptrs, released when the last holder
// lets go — the old catalog entry in the undo log (cleared at commit), cached
// plans, and write records of other transactions that wrote to the old store
// (freeing it under them at our commit would leave them dangling pointers).

// Calls fn(row id, newest version, decoded row) for every row that is alive for
// DDL purposes: its newest version is not deleted by a committed transaction or
// by us (versions of other in-progress transactions count as alive).
void for_each_live_row(ExecContext& ctx, const TableInfo& t,
                       const std::function<void(RowId, const Version&, const Row&)>& fn);
bool has_live_rows(ExecContext& ctx, const TableInfo& t);

// Waits until no other transaction has an uncommitted insert, update or
// delete in `t` (PostgreSQL's table lock, the part the log needs): an index
// built, a rewrite or a TRUNCATE then sees only committed rows, and a writer
// that commits later logs against the new definition. 40P01 on a deadlock.
// True when it had to wait (others ran meanwhile).
bool wait_for_writers(ExecContext& ctx, const TableInfo& t);

// Fills index.data from every version of every row of `t`; for a unique index,
// a duplicate among live rows raises 23505 `could not create unique index`.
void build_index(ExecContext& ctx, const TableInfo& t, IndexInfo& index);

// Raises 23502 when a live row has NULL in column `col`.
void validate_not_null(ExecContext& ctx, const TableInfo& t, int col);
// Raises 23514 when a live row fails CHECK constraint `c`.
void validate_check(ExecContext& ctx, const TableInfo& t, const ConstraintInfo& c);
// Raises 23503 when a live row of `t` has no referenced row for FK `c`.
void validate_foreign_key(ExecContext& ctx, const TableInfo& t, const ConstraintInfo& c);

// Constraint construction, shared by CREATE TABLE and ALTER TABLE. `t` is the
// table being built (a clone); `validate` checks existing rows.
struct ConstraintAdder {
  ExecContext& ctx;
  TableInfo& t;
  bool validate;
  std::vector<std::string> new_relation_names;   // index names chosen in this statement
  bool creating = false;   // CREATE TABLE: an unnamed UNIQUE repeating an earlier key is dropped

  void add(const ast::Constraint& c, const std::string& column = "");
  void add_index_constraint(const ast::Constraint& c, const std::vector<std::string>& keys);
  void add_check(const ast::Constraint& c, const std::string& column);
  void add_foreign_key(const ast::Constraint& c, const std::vector<std::string>& keys);
  bool relation_taken(const std::string& name) const;
  std::vector<std::string> taken_constraint_names() const;
};

// A column definition turned into a ColumnInfo; its column-level constraints
// other than NULL/NOT NULL/DEFAULT/IDENTITY are returned for ConstraintAdder.
// serial/identity create their sequence (installed with undo).
ColumnInfo make_column(ExecContext& ctx, const std::string& table_name, const ast::ColumnDef& def,
                       std::vector<const ast::Constraint*>& deferred_constraints,
                       std::vector<std::shared_ptr<SequenceInfo>>& new_sequences);

// Applies SeqOptions to `s` (CREATE: `creating`), with PostgreSQL's checks.
void apply_sequence_options(ExecContext& ctx, SequenceInfo& s, const ast::SeqOptions& o, bool creating);
// OWNED BY processing: returns {table oid, column} or {0,-1} for NONE.
std::pair<uint32_t, int> resolve_owned_by(ExecContext& ctx, const std::vector<std::string>& owned_by);

// Expression text of an index element or predicate (a small deparser).
std::string expr_to_sql(const ast::Expr& e);
// The name PostgreSQL derives for an index expression column ("lower", "expr").
std::string index_expr_name(const ast::Expr& e);

// Binds a column's DEFAULT (`expr` is its AST, when at hand) with PostgreSQL's
// definition-time checks; binds a CHECK and requires it boolean (ddl_expr_check.cc).
BExpr check_default_expression(ExecContext& ctx, const TableInfo& t, const ColumnInfo& col, const ast::Expr* expr);
BExpr bind_check_expression(ExecContext& ctx, const TableInfo& t, const std::string& text);

// Column references in stored expression texts (ddl_column_refs.cc).
bool text_mentions_column(const std::string& text, const std::string& column);
std::string rename_column_in_text(const std::string& text, const std::string& from, const std::string& to);

// Quotes an identifier when PostgreSQL's quote_ident would.
std::string quote_ident(const std::string& s);

// The table a name refers to, or 42P01 `relation "x" does not exist`.
std::shared_ptr<TableInfo> require_table(ExecContext& ctx, const ast::RangeVar& rv);
[[noreturn]] void not_supported(const std::string& what);

// FK constraints of other tables (or of `t` itself when include_self) referencing table `oid`.
struct FkRef {
  std::shared_ptr<TableInfo> table;
  std::string constraint;
};
std::vector<FkRef> foreign_keys_referencing(ExecContext& ctx, uint32_t oid, bool include_self = false);

// Runs f(); a DbError it raises loses its cursor position. Stored expressions
// are bound from their own text, so a position would point into the wrong string.
template <class F>
auto without_position(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (DbError& e) {
    e.fields().position = 0;
    throw;
  }
}

// Statement entry points.
QueryResult create_table(const ast::CreateTableStmt& s, ExecContext& ctx);
QueryResult create_index(const ast::CreateIndexStmt& s, ExecContext& ctx);
QueryResult drop(const ast::DropStmt& s, ExecContext& ctx);
QueryResult alter_table(const ast::AlterTableStmt& s, ExecContext& ctx);
QueryResult rename(const ast::RenameStmt& s, ExecContext& ctx);
QueryResult create_sequence(const ast::CreateSequenceStmt& s, ExecContext& ctx);
QueryResult alter_sequence(const ast::AlterSequenceStmt& s, ExecContext& ctx);
QueryResult truncate(const ast::TruncateStmt& s, ExecContext& ctx);

}  // namespace upsertdb::ddl
