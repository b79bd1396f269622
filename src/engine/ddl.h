// DDL execution: CREATE/DROP/ALTER/RENAME of tables, indexes and sequences,
// and TRUNCATE. Each change is applied to the catalog at once and registers
// its inverse with the transaction (ctx.txn->on_rollback), so DDL is
// transactional as in PostgreSQL. Object names, generated names, notices and
// error texts follow PostgreSQL 15.
#pragma once

#include "engine/query_result.h"
#include "exec/exec_context.h"
#include "sql/ast.h"

namespace upsertdb {

// True for the statement kinds execute_ddl handles.
bool is_ddl(const ast::Stmt& stmt);

// Runs one DDL statement in ctx's transaction; returns its command tag and notices.
QueryResult execute_ddl(const ast::Stmt& stmt, ExecContext& ctx);

}  // namespace upsertdb
