// Foreign keys: the table writer queues a check for every write that can
// break a foreign key — a referencing row written, a referenced key deleted
// or changed — and run_fk_checks runs them when the statement ends, as
// PostgreSQL's referential-integrity triggers do. ON DELETE/UPDATE CASCADE,
// SET NULL and SET DEFAULT are carried out there too (their writes queue
// further checks). Referencing rows are found by scanning the referencing
// table; an index on the referencing columns would make this faster.
#pragma once

#include "exec/exec_context.h"

namespace upsertdb {

void queue_fk_after_insert(ExecContext& ctx, const TableInfo& table, RowId id);
void queue_fk_after_update(ExecContext& ctx, const TableInfo& table, RowId id, const Row& old_row, const Row& new_row);
void queue_fk_after_delete(ExecContext& ctx, const TableInfo& table, RowId id, const Row& old_row);

// Runs every queued check (23503 on a violation), including those queued by cascades.
void run_fk_checks(ExecContext& ctx);

}  // namespace upsertdb
