// Redo records: what a committed transaction changed, in the form recovery
// replays. A commit record is a sequence of operations, in the order the
// transaction made them:
//   'P' table_oid row_id image    the row's current version is `image` (insert / update)
//   'D' table_oid row_id          the row is deleted
//   'I' index_oid row_id key      an index entry was added
//   'S' seq_oid last_value is_called   a sequence's state after the commit
// Integers are LEB128 varints (last_value zig-zag), byte strings a varint length
// then the bytes. Row images are the row_codec encoding the store holds.
// A transaction that changed the catalog writes a schema record instead
// (engine/schema_redo.h): the new definitions, then these same operations.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/catalog.h"
#include "txn/transaction.h"

namespace upsertdb::wal {

// Which of a transaction's writes a schema record keeps (null: all of them):
// writes to a store or index data that the catalog no longer uses (TRUNCATE,
// a rewrite, DROP, a rebuilt index) are left out.
struct RedoFilter {
  std::function<bool(const WriteRecord&)> keep_write;
  std::function<bool(const IndexWrite&)> keep_index_write;
};

// Appends the redo of `txn` (committing, its writes not yet stamped) to `out`.
// `catalog` supplies the state of the sequences it touched.
void encode_commit_redo(const Transaction& txn, const Catalog& catalog, std::string& out,
                        const RedoFilter* filter = nullptr);
// Appends one 'I' operation.
void encode_index_entry(uint32_t index_oid, RowId row, std::string_view key, std::string& out);

// Replays commit records into a catalog loaded from a checkpoint. Replayed
// versions are committed with begin timestamp 1, like checkpointed ones.
class RedoApplier {
 public:
  explicit RedoApplier(Catalog& catalog);
  // Applies one commit record; DbError XX001 if it is malformed or names a
  // table, index or row that does not exist.
  void apply(std::string_view payload, uint64_t lsn);
  // The catalog's tables or indexes were replaced (a schema record): looks them up afresh.
  void catalog_replaced();
  uint64_t operations() const { return operations_; }

 private:
  Catalog& catalog_;
  std::unordered_map<uint32_t, TableInfo*> tables_;
  std::unordered_map<uint32_t, std::pair<TableInfo*, IndexInfo*>> indexes_;
  uint64_t operations_ = 0;
};

}  // namespace upsertdb::wal
