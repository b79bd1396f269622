// Translator internals: turns libpg_query's JSON parse tree (read by
// sql/parse_tree_json.h) (PostgreSQL 15 node
// and field names) into our AST. Shared by translate_*.cc; not for other layers.
//
// JSON shape reminders: a `Node *` field is wrapped ({"SelectStmt": {...}}),
// a field of a specific struct type (RangeVar *, Alias *, TypeName *, ...) is
// written bare, and absent fields mean zero / false / empty / NULL. A NIL list
// element is written as {}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/ast.h"
#include "sql/parse_tree_json.h"

namespace upsertdb::sql_internal {

// ---- JSON access (all tolerate absence) ----------------------------------------

// The member `key` of object `obj`, or nullptr when absent.
const Json* member(const Json& obj, const char* key);
// String member, "" when absent.
std::string_view str_member(const Json& obj, const char* key);
bool bool_member(const Json& obj, const char* key);
int64_t int_member(const Json& obj, const char* key, int64_t absent = 0);
int location_of(const Json& body);
// The member `key`, which the grammar always sets; an internal error if absent.
const Json& required(const Json& obj, const char* key);   // "location", -1 when absent
// The list at `key` (an array), or an empty array when absent.
const Json& list_member(const Json& obj, const char* key);

// A wrapped node {"Type": {...}}: its type name and body. {} gives "".
std::string_view node_type(const Json& node);
const Json& node_body(const Json& node);

// {"String":{"sval":"x"}} -> "x"; throws for anything else.
std::string string_node(const Json& node);
std::vector<std::string> string_list(const Json& list);

[[noreturn]] void not_supported(std::string what, int location = -1);
// Throws `state` / `message` positioned at byte `location` (-1 = none); parse_sql
// converts the position to PostgreSQL's 1-based character count.
[[noreturn]] void fail(const char* state, std::string message, int location = -1);
// Upper-case words for a node type name, e.g. "CreateFunctionStmt" -> "CREATE FUNCTION".
std::string statement_name(std::string_view node_type, const Json& body);

// ---- the translator ---------------------------------------------------------------

class Translator {
 public:
  explicit Translator(std::string_view sql);

  // Any statement node (wrapped).
  ast::StmtPtr statement(const Json& node);

  // ---- expressions (translate_expr.cc)
  ast::ExprPtr expr(const Json& node);
  ast::ExprPtr opt_expr(const Json* node);      // nullptr / {} -> nullptr
  std::vector<ast::ExprPtr> expr_list(const Json& list);
  ast::TypeName type_name(const Json& body);
  int32_t type_modifier(const Json& node, int type_location);
  std::vector<ast::SortBy> sort_list(const Json& list);
  // An A_Const / Integer's value: recovers negatives lost by the JSON writer.
  int64_t integer_value(const Json& int_body, int location);

  // ---- queries (translate_select.cc)
  ast::SelectPtr select(const Json& body);      // SelectStmt body
  ast::SelectPtr select_node(const Json& node); // wrapped; must be a SelectStmt
  std::unique_ptr<ast::WithClause> with_clause(const Json& body);
  ast::FromItemPtr from_item(const Json& node);
  std::vector<ast::FromItemPtr> from_list(const Json& list);
  ast::RangeVar range_var(const Json& body);
  ast::Alias alias(const Json* body);
  std::vector<ast::ResTarget> target_list(const Json& list);
  // UPDATE SET / ON CONFLICT DO UPDATE SET / MERGE UPDATE SET lists (MultiAssignRef aware).
  std::vector<ast::ResTarget> set_list(const Json& list);
  ast::IndexElem index_elem(const Json& body);
  ast::LockStrength lock_strength(std::string_view strength);

  // ---- DML (translate_dml.cc)
  ast::StmtPtr insert(const Json& body);
  ast::StmtPtr update(const Json& body);
  ast::StmtPtr delete_(const Json& body);
  ast::StmtPtr merge(const Json& body);

  // ---- DDL (translate_ddl.cc)
  ast::StmtPtr create_table(const Json& body);
  ast::StmtPtr create_table_as(const Json& body);
  ast::StmtPtr create_index(const Json& body);
  ast::StmtPtr drop(const Json& body);
  ast::StmtPtr alter_table(const Json& body);
  ast::StmtPtr rename(const Json& body);
  ast::StmtPtr create_sequence(const Json& body);
  ast::StmtPtr alter_sequence(const Json& body);
  ast::StmtPtr truncate(const Json& body);
  ast::StmtPtr create_schema(const Json& body);
  ast::ColumnDef column_def(const Json& body);
  ast::Constraint constraint(const Json& body);
  ast::SeqOptions seq_options(const Json& list);

  // ---- utility (translate_utility.cc)
  ast::StmtPtr transaction(const Json& body);
  ast::StmtPtr variable_set(const Json& body);
  ast::StmtPtr constraints_set(const Json& body);
  ast::StmtPtr show(const Json& body);
  ast::StmtPtr explain(const Json& body);
  ast::StmtPtr discard(const Json& body);
  ast::StmtPtr deallocate(const Json& body);
  ast::StmtPtr copy(const Json& body);
  // ---- roles (translate_role.cc): CreateRoleStmt, AlterRoleStmt, DropRoleStmt
  ast::StmtPtr role(std::string_view type, const Json& body);

  std::string_view sql() const { return sql_; }

 private:
  ast::ExprPtr a_expr(const Json& body);
  ast::ExprPtr a_const(const Json& body);
  ast::ExprPtr func_call(const Json& body);
  std::unique_ptr<ast::WindowDef> window_def(const Json& body);
  ast::ExprPtr sub_link(const Json& body);
  ast::ExprPtr indirection(const Json& body);
  ast::ExprPtr column_ref(const Json& body);
  ast::ExprPtr expr_body(std::string_view type, const Json& body);

  std::string_view sql_;
  // Stack address when translation began: recursion is bounded by the bytes of
  // stack used since then, as PostgreSQL bounds it by max_stack_depth.
  const char* stack_base_;
  friend class DepthGuard;
};

// Raises PostgreSQL's "stack depth limit exceeded" on absurd nesting instead of
// overflowing the C++ stack. Place one in each recursive translation step.
class DepthGuard {
 public:
  explicit DepthGuard(Translator& t);
};

}  // namespace upsertdb::sql_internal
