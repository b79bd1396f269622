// Table writer: the only code that creates, updates and deletes row versions
// and index entries. It enforces NOT NULL and CHECK per row and records every
// unique key it writes for the statement-end uniqueness check (UpsertDB checks
// non-deferrable UNIQUE/PRIMARY KEY at the end of each statement, as the SQL
// standard says; see docs/semantics.md). Foreign keys are checked per row.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/error.h"
#include "exec/exec_context.h"
#include "exec/row_access.h"
#include "storage/row_codec.h"
#include "txn/row_locks.h"

namespace upsertdb {

// Computes an index's encoded key for a physical row; nullopt when a partial
// index's predicate excludes the row. `has_null` reports a NULL key part.
std::optional<std::string> index_key_for_row(const IndexInfo& index, const TableInfo& table, const Row& row,
                                             ExecContext& ctx, bool* has_null = nullptr);

// The row (other than `exclude`) holding a live version with this key in the
// index, if any: committed and not deleted, or written by this transaction.
// Versions written by other in-progress transactions count as holders too
// (foreign-key checks use their own lookup that waits: exec/foreign_keys.cc).
std::optional<RowId> find_key_holder(ExecContext& ctx, const TableInfo& table, const IndexInfo& index,
                                     const std::string& key, std::optional<RowId> exclude);


// The newest version of `row` that this transaction may overwrite with a
// write taking row lock `mode` (txn/row_locks.h): waits for other writers of
// the row and for row locks that conflict with `mode`; 40001 when the row
// changed meanwhile; null when this transaction deleted it already.
Version* writable_version(ExecContext& ctx, TableInfo& table, RowId row, const Version* seen, RowLockMode mode);

// The marker of another transaction with an uncommitted write on this row
// version (its creation or its deletion), or 0.
uint64_t blocking_writer(const Version* head, uint64_t me);

// The value column `col` gets when an INSERT gives none: its DEFAULT (or
// identity sequence) cast to the column type, else NULL.
Value column_fill_value(ExecContext& ctx, const TableInfo& table, size_t col, const Row& row);

RowId insert_row(ExecContext& ctx, TableInfo& table, Row& row);
void update_row(ExecContext& ctx, TableInfo& table, RowId id, Version* old_version, const Row& old_row,
                Row& new_row);
void delete_row(ExecContext& ctx, TableInfo& table, RowId id, Version* old_version, const Row& old_row);

// Runs the statement-end checks recorded in ctx (unique keys).
void run_statement_end_checks(ExecContext& ctx);
// `annotate`, when given, sees a violation before it is thrown, with the row
// whose key is a duplicate and the row already holding that key (COPY adds the
// line the violating row came from).
using UniqueViolationAnnotator = std::function<void(DbError&, RowId mine, RowId holder)>;
void run_unique_checks(ExecContext& ctx, const UniqueViolationAnnotator& annotate = {});

// PostgreSQL's error text pieces.
std::string failing_row_detail(const TableInfo& table, const Row& row);
std::string key_detail(const TableInfo& table, const IndexInfo& index, const Row& row, ExecContext& ctx);

}  // namespace upsertdb
