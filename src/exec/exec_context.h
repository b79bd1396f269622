// ExecContext: everything a running statement needs — its transaction and
// snapshot, parameters, the session's function context, outer rows for
// correlated subqueries, materialised CTEs, and the statement-end checks
// (deferred-to-statement-end uniqueness) it has accumulated.
#pragma once

#include <map>
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
  // Results of uncorrelated subqueries (by SubqueryExpr), computed once per
  // execution: a fresh ExecContext per execution starts with an empty cache.
  std::map<const void*, std::shared_ptr<std::vector<Row>>> subquery_results;
};

}  // namespace upsertdb
