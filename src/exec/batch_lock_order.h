// Batches that cannot deadlock (issue 5, beyond PostgreSQL): a multi-row
// INSERT ... ON CONFLICT, UPDATE or DELETE takes its row and key locks in key
// order, not input order, so two transactions upserting (or updating) the same
// keys in opposite orders never deadlock. The rows are still applied in input
// order (RETURNING order, the duplicate-key rules and sequence defaults follow
// the input); by then they find their locks held. See docs/semantics.md.
//
// How: before the first row is applied, the rows the batch touches are
// looked at: when no other transaction writes any of them or holds a
// conflicting lock on one (the common case), no wait can happen and nothing
// more is done. Otherwise the distinct arbiter keys of all the proposed rows
// are sorted (arbiter by arbiter, encoded keys bytewise) and
// visited in that order. A key whose row another transaction is writing
// (inserting, updating, deleting) is waited for, as the per-row arbitration
// would; an existing row the action will lock (DO UPDATE: NO KEY UPDATE, or
// UPDATE when SET names a key column; DO SELECT FOR ...: that strength) is
// waited for while another transaction holds a conflicting row lock. Before
// any such wait the rows of the keys already visited are locked, so a wait
// never happens while holding the lock of a greater key. Without a wait the
// engine latch is never released, so nothing can change between this and the
// rows' application and no lock need be taken at all. After a wait, a key
// found free earlier may have been taken meanwhile: the keys are checked
// again, and if one is busy the locks taken here are released and the visit
// starts over.
#pragma once

#include <vector>

#include "exec/dml_ops.h"
#include "txn/row_locks.h"

namespace upsertdb {

// Runs the ordered visit for `rows` (physical rows proposed for insertion,
// defaults filled) of an INSERT ... ON CONFLICT. A no-op for fewer than two
// rows, without ON CONFLICT, or with a deferrable arbiter (the insert
// reports that error itself).
void lock_conflict_keys_in_order(ExecContext& ctx, const InsertOp& op, const std::vector<Row>& rows);

// The same for a multi-row UPDATE or DELETE: `rows` are its input rows (the
// target's physical row first, its row id at `rowid_slot`), visited in the
// order of the table's primary key (else first plain unique index, else row
// id); `mode` is the row lock the statement takes (an UPDATE's NO KEY UPDATE
// even when it may change a key: the stronger lock, if needed, is waited for
// when the row is written).
void lock_target_rows_in_order(ExecContext& ctx, TableInfo& table, const std::vector<Row>& rows, size_t rowid_slot,
                               RowLockMode mode);

}  // namespace upsertdb
