// DDL dispatch: statement kind -> its ddl_*.cc implementation.
#include "engine/ddl.h"

#include "engine/engine.h"

#include "engine/ddl_internal.h"

namespace upsertdb {

bool is_ddl(const ast::Stmt& stmt) {
  switch (stmt.kind) {
    case ast::StmtKind::kCreateTable:
    case ast::StmtKind::kCreateIndex:
    case ast::StmtKind::kDrop:
    case ast::StmtKind::kAlterTable:
    case ast::StmtKind::kRename:
    case ast::StmtKind::kCreateSequence:
    case ast::StmtKind::kAlterSequence:
    case ast::StmtKind::kTruncate: return true;
    default: return false;
  }
}

// Waits until no other transaction holds uncommitted schema changes, then
// makes this one the holder (see TransactionManager::schema_change_holder).
static void claim_schema_change(ExecContext& ctx) {
  TransactionManager& txns = ctx.engine->transactions();
  const uint64_t me = ctx.txn->marker();
  for (;;) {
    uint64_t holder = txns.schema_change_holder();
    if (holder == 0 || holder == me || !txns.in_progress(holder)) break;
    ctx.wait_for_transaction(holder);
  }
  txns.set_schema_change_holder(me);
}

QueryResult execute_ddl(const ast::Stmt& stmt, ExecContext& ctx) {
  if (ctx.engine) claim_schema_change(ctx);
  switch (stmt.kind) {
    case ast::StmtKind::kCreateTable: return ddl::create_table(static_cast<const ast::CreateTableStmt&>(stmt), ctx);
    case ast::StmtKind::kCreateIndex: return ddl::create_index(static_cast<const ast::CreateIndexStmt&>(stmt), ctx);
    case ast::StmtKind::kDrop: return ddl::drop(static_cast<const ast::DropStmt&>(stmt), ctx);
    case ast::StmtKind::kAlterTable: return ddl::alter_table(static_cast<const ast::AlterTableStmt&>(stmt), ctx);
    case ast::StmtKind::kRename: return ddl::rename(static_cast<const ast::RenameStmt&>(stmt), ctx);
    case ast::StmtKind::kCreateSequence:
      return ddl::create_sequence(static_cast<const ast::CreateSequenceStmt&>(stmt), ctx);
    case ast::StmtKind::kAlterSequence:
      return ddl::alter_sequence(static_cast<const ast::AlterSequenceStmt&>(stmt), ctx);
    case ast::StmtKind::kTruncate: return ddl::truncate(static_cast<const ast::TruncateStmt&>(stmt), ctx);
    default: ddl::not_supported("not a DDL statement");
  }
}

}  // namespace upsertdb
