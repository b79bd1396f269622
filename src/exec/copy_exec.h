// COPY execution, inside the session's transaction (ctx):
//   COPY table [(columns)] FROM STDIN  rows read from the CopyChannel are
//       written through InsertOp, so defaults and serial/identity values for
//       omitted columns, NOT NULL, CHECK, foreign keys and the statement-end
//       unique check behave exactly as for INSERT. Input streams: rows are
//       inserted as they arrive.
//   COPY table [(columns)] TO STDOUT, COPY (SELECT ...) TO STDOUT  rows are
//       formatted and written to the channel.
// The command tag is "COPY n". Files and programs are refused with 0A000
// (see docs/semantics.md), as are BINARY, COPY FROM ... WHERE and a session
// without a channel.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/query_result.h"
#include "exec/copy_channel.h"
#include "exec/copy_options.h"
#include "exec/exec_context.h"
#include "sql/ast.h"

namespace upsertdb {

QueryResult execute_copy(const ast::CopyStmt& stmt, ExecContext& ctx, CopyChannel* channel);

// Whether `sql` (one statement) is COPY ... FROM STDIN: a psql-style script
// runner then takes the lines that follow, up to `\.`, as its data.
bool is_copy_from_stdin(std::string_view sql);

// ---- internal: shared by copy_exec.cc (TO) and copy_from.cc (FROM) ----------------

// Physical column positions named by `names` (all live columns when empty),
// with PostgreSQL's 42703 / 42701 errors.
std::vector<int> copy_column_positions(const TableInfo& table, const std::vector<std::string>& names);
// For each copied column, whether `force_list` names it (42703 unknown column,
// 42P10 "<option> column "c" not referenced by COPY"). `table` null = a query.
std::vector<bool> copy_force_flags(const std::vector<std::string>& force_list, const char* option,
                                   const std::vector<std::string>& copied_names, const TableInfo* table);

uint64_t copy_from(const ast::CopyStmt& stmt, const CopyOptions& opts, ExecContext& ctx, CopyChannel& channel);

}  // namespace upsertdb
