// Redo records: what a committed transaction changed, in the form recovery
// replays. A commit record is a sequence of operations, in the order the
// transaction made them:
//   'P' table_oid row_id image    the row's current version is `image` (insert / update)
//   'D' table_oid row_id          the row is deleted
//   'I' index_oid row_id key      an index entry was added
//   'S' seq_oid last_value is_called   a sequence's state after the commit
// Integers are LEB128 varints (last_value zig-zag), byte strings a varint length
// then the bytes. Row images are the row_codec encoding the store holds.
// Schema changes are not in here: a transaction that changes the catalog
// commits through a checkpoint (engine/durability.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/catalog.h"
#include "txn/transaction.h"

namespace upsertdb::wal {

// Appends the redo of `txn` (committing, its writes not yet stamped) to `out`.
// `catalog` supplies the state of the sequences it touched.
void encode_commit_redo(const Transaction& txn, const Catalog& catalog, std::string& out);

// Replays commit records into a catalog loaded from a checkpoint. Replayed
// versions are committed with begin timestamp 1, like checkpointed ones.
class RedoApplier {
 public:
  explicit RedoApplier(Catalog& catalog);
  // Applies one commit record; DbError XX001 if it is malformed or names a
  // table, index or row that does not exist.
  void apply(std::string_view payload, uint64_t lsn);
  uint64_t operations() const { return operations_; }

 private:
  Catalog& catalog_;
  std::unordered_map<uint32_t, TableInfo*> tables_;
  std::unordered_map<uint32_t, std::pair<TableInfo*, IndexInfo*>> indexes_;
  uint64_t operations_ = 0;
};

}  // namespace upsertdb::wal
