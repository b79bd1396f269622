// DML operators: INSERT (with ON CONFLICT arbitration), UPDATE and DELETE.
// Each pulls its input rows, writes through the table writer, counts the rows
// it affected and — with RETURNING — produces one output row per written row.
// Unique keys are verified at statement end (run_statement_end_checks), except
// for ON CONFLICT arbiters, which are checked per row against every live
// holder of the key, including rows this statement inserted earlier.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "engine/conflict_stats.h"
#include "exec/operator.h"
#include "sql/ast.h"
#include "txn/row_locks.h"

namespace upsertdb {

class DmlOp : public Operator {
 public:
  uint64_t affected = 0;
  std::shared_ptr<TableInfo> table;
  std::vector<BExpr> returning;   // over the written physical row; empty = no output rows
};

class InsertOp : public DmlOp {
 public:
  enum class Conflict { kNone, kNothing, kUpdate, kSelect };
  ast::LockStrength select_lock = ast::LockStrength::kNone;   // DO SELECT FOR ...
  OpPtr source;                    // one value per target column, already of the column's type
  std::vector<int> target_cols;    // physical column positions
  Conflict conflict = Conflict::kNone;
  std::vector<std::shared_ptr<IndexInfo>> arbiters;
  // Columns whose (sequence) default is computed only when the row is inserted.
  std::vector<int> deferred_defaults;
  // DO UPDATE: expressions over (existing row ‖ proposed row).
  std::vector<std::pair<int, BExpr>> set;
  BExpr update_where;
  // ON CONFLICT with a source that may give several rows (exec/batch_lock_order.h):
  // all rows are read first and their conflicting rows locked in key order.
  bool lock_in_key_order = false;
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;

 private:
  // Writes one proposed row; true when a row was written (out = written row).
  bool write(ExecContext& ctx, Row& proposed, Row& written);
  // The next source row as a physical row with its defaults filled.
  bool next_proposed(ExecContext& ctx, Row& row);
  // lock_in_key_order: the proposed rows, read at the first next().
  std::vector<Row> batch_;
  size_t batch_pos_ = 0;
  bool batch_loaded_ = false;
  std::vector<bool> given_;   // per physical column: does the source supply it
  bool select_existing(ExecContext& ctx, RowId id, Version* head, const Row& proposed, Row& written,
                       ConflictCounters* stats);
  bool is_deferred_default(int c) const {
    for (int d : deferred_defaults)
      if (d == c) return true;
    return false;
  }
  Row in_;
  // Scratch rows reused from row to row (a prepared upsert must not allocate).
  Row proposed_, existing_, combined_, updated_;
  std::optional<RowLockMode> do_update_lock_;   // computed on the first DO UPDATE
};

// UPDATE and DELETE: rows of one target table, found by `child`.
class TargetRowOp : public DmlOp {
 public:
  OpPtr child;                     // rows whose first columns are the target's physical row
  size_t rowid_slot = 0;           // where the child row carries the row id
  // READ COMMITTED re-check of a row changed by a concurrent transaction: possible
  // when the child row is the target row alone (no FROM / USING); `recheck` is
  // the WHERE clause over it (null = no WHERE).
  bool can_recheck = false;
  BExpr recheck;
  // The input may hold several rows (exec/batch_lock_order.h): all are read
  // first and their rows locked in key order.
  bool lock_in_key_order = false;

 protected:
  Version* latest_for_write(ExecContext& ctx, RowId id, const Version* seen);
  // The next input row into in_; `lock_mode` is the statement's row lock.
  bool next_target(ExecContext& ctx, RowLockMode lock_mode);
  void reset_batch();
  Row in_;
  std::vector<Row> batch_;
  size_t batch_pos_ = 0;
  bool batch_loaded_ = false;
};

class UpdateOp : public TargetRowOp {
 public:
  std::vector<std::pair<int, BExpr>> set;   // physical column -> expression over the child row
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
};

class DeleteOp : public TargetRowOp {
 public:
  void open(ExecContext& ctx) override;
  bool next(ExecContext& ctx, Row& out) override;
};

}  // namespace upsertdb
