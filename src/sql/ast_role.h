// AST of the role statements: CREATE ROLE / USER / GROUP, ALTER ROLE / USER
// ... [WITH] options, ALTER ROLE / USER ... RENAME TO, DROP ROLE / USER /
// GROUP [IF EXISTS]. The engine runs
// them in engine/role_ddl.cc.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sql/ast.h"

namespace upsertdb::ast {

// A role named in ALTER/DROP: a name or CURRENT_USER / SESSION_USER / CURRENT_ROLE.
struct RoleSpec {
  enum class Kind { kName, kCurrentUser, kSessionUser, kCurrentRole, kPublic } kind = Kind::kName;
  std::string name;
};

// The options of CREATE/ALTER ROLE; unset = not mentioned.
struct RoleOptions {
  std::optional<bool> superuser, createdb, createrole, inherit, login, replication, bypassrls;
  std::optional<int32_t> connection_limit;
  bool password_given = false;
  std::optional<std::string> password;   // nullopt with password_given: PASSWORD NULL
  std::optional<std::string> valid_until;
};

struct RoleStmt : Stmt {
  RoleStmt() : Stmt(StmtKind::kRole) {}
  enum class Action { kCreate, kAlter, kRename, kDrop } action = Action::kCreate;
  std::string tag;                 // "CREATE ROLE", "ALTER ROLE", "DROP ROLE"
  std::string name;                // kCreate; kRename: the old name
  std::string new_name;            // kRename
  RoleSpec target;                 // kAlter
  std::vector<RoleSpec> targets;   // kDrop
  bool is_user = false;            // CREATE USER: LOGIN by default
  bool missing_ok = false;         // DROP ... IF EXISTS
  RoleOptions options;
  std::vector<std::string> notices;   // from translation (e.g. SYSID)
};

}  // namespace upsertdb::ast
