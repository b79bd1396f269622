// Role DDL: CREATE / ALTER / DROP ROLE with PostgreSQL 15's checks, errors and
// notices. A statement does not touch the RoleStore: it checks itself against
// the roles as its transaction sees them (the committed ones plus the
// transaction's own pending changes) and appends its effect to `pending`,
// which the session hands to RoleStore::commit when the transaction commits
// (a rollback drops them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/query_result.h"
#include "engine/roles.h"
#include "sql/ast_role.h"

namespace upsertdb {

// `password_encryption`: "scram-sha-256" or "md5", how a plain PASSWORD is hashed.
QueryResult execute_role_statement(const ast::RoleStmt& stmt, const RoleStore& store, std::vector<RoleChange>& pending,
                                   const std::string& current_user, const std::string& session_user,
                                   const std::string& password_encryption = "scram-sha-256");


// A role as a transaction with `pending` changes sees it.
std::optional<RoleInfo> visible_role(const RoleStore& store, const std::vector<RoleChange>& pending,
                                     const std::string& name);

}  // namespace upsertdb
