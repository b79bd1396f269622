// DDL dispatch: statement kind -> its ddl_*.cc implementation.
#include "engine/ddl.h"

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

QueryResult execute_ddl(const ast::Stmt& stmt, ExecContext& ctx) {
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
