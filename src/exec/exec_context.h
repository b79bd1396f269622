// ExecContext: everything a running statement needs — its transaction and
// snapshot, parameters, the session's function context, outer rows for
// correlated subqueries, materialised CTEs, and the statement-end checks
// (deferred-to-statement-end uniqueness) it has accumulated.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <vector>

#include "catalog/catalog.h"
#include "functions/functions.h"
#include "storage/row_codec.h"
#include "txn/snapshot.h"
#include "txn/transaction.h"

namespace upsertdb {

class Session;
class Engine;

// A unique key written by this statement, to be verified when the statement ends.
struct PendingUniqueCheck {
  std::shared_ptr<TableInfo> table;
  std::shared_ptr<IndexInfo> index;
  std::string key;
  RowId row;
};

// A foreign-key check queued by a write, run when the statement ends (as
// PostgreSQL's RI triggers do): either a referencing row that must find its
// key, or a referenced key that went away (delete, or update of the key).
struct PendingForeignKeyCheck {
  enum class Kind { kReferencing, kReferenced } kind;
  std::shared_ptr<TableInfo> table;   // the table the write was on
  std::string constraint;             // kReferencing: the FK's name
  RowId row = 0;                      // kReferencing: the written row
  Row old_row;                        // kReferenced: the row before the change
  bool deleted = false;               // kReferenced: delete (true) or key update (false)
  Row new_row;                        // kReferenced update: the row after it
};

struct ExecContext {
  Session* session = nullptr;
  Engine* engine = nullptr;
  Catalog* catalog = nullptr;
  Transaction* txn = nullptr;
  Snapshot snapshot;
  const std::vector<Value>* params = nullptr;
  FunctionContext* functions = nullptr;
  std::vector<const Row*> outer;                      // back() = the innermost enclosing row
  std::map<int, std::shared_ptr<std::vector<Row>>> ctes;   // materialised CTE results by id
  std::vector<PendingUniqueCheck> unique_checks;
  std::vector<PendingForeignKeyCheck> fk_checks;
  // Whether a deferrable unique index is deferred right now (SET CONSTRAINTS);
  // null = its INITIALLY DEFERRED flag. Deferred checks move to `deferred_unique`
  // for the session to run at COMMIT.
  std::function<bool(const IndexInfo&)> unique_deferred;
  std::vector<PendingUniqueCheck> deferred_unique;
  // The same for foreign keys: (constraint name, INITIALLY DEFERRED) -> deferred now?
  std::function<bool(const std::string&, bool)> constraint_deferred;
  std::vector<PendingForeignKeyCheck> deferred_fk;
  // Interrupts: a cancel request from another thread, and statement_timeout.
  const std::atomic<bool>* cancel_requested = nullptr;
  int64_t deadline_micros = 0;   // 0 = none; compared with datetime::now_micros()
  int64_t lock_timeout_micros = 0;   // lock_timeout: the longest one wait may last (0 = none)
  uint32_t interrupt_tick = 0;
  // Throws 57014 when the statement was cancelled or ran out of time. Cheap:
  // looks at the clock only every 256th call.
  void check_interrupts();

  // The engine latch this statement holds; waits release it while they sleep.
  std::unique_lock<std::mutex>* latch = nullptr;
  // Sleeps until the transaction with marker `holder` ends (commit or
  // rollback), or until `released` (if given) returns true: a row lock it
  // let go of. 40P01 on a deadlock; without a latch (no session) a
  // concurrent writer is a 40001 serialization failure instead.
  void wait_for_transaction(uint64_t holder, const std::function<bool()>& released = {});
  // Results of uncorrelated subqueries (by SubqueryExpr), computed once per
  // execution: a fresh ExecContext per execution starts with an empty cache.
  std::map<const void*, std::shared_ptr<std::vector<Row>>> subquery_results;
};

}  // namespace upsertdb
