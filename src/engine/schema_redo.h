// Schema records: a transaction that changed the catalog (CREATE, ALTER, DROP,
// RENAME, TRUNCATE, sequences) commits through one write-ahead log record of
// type kSchema, appended and flushed like a commit record, so a schema change
// no longer writes a checkpoint. Recovery replays these records in log order
// with the commit records (engine/durability.cc, docs/wal.md).
//
// Payload (little-endian; operations as in wal/redo.h):
//   u32 n, n bytes   the definitions after the commit: next oid, every
//                    sequence (with its state), every table with columns,
//                    constraints and index definitions
//                    (engine/snapshot_file.h serialize_definitions)
//   per table, in the definitions' order:
//     u8 store_kept  1: same oid and same row store as the log knew before this
//                    record, the rows it has stay; 0: the table starts empty
//                    (created, truncated, or rewritten by ALTER TABLE)
//     per index, in the definition's order:
//       u8 entries_kept  1: same index data as before; 0: rebuilt (a new
//                    index, or all indexes of a new store)
//   operations       the transaction's writes to row stores and index data the
//                    committed catalog keeps, in commit-record form ('P' 'D'
//                    'I' 'S'), then one 'I' per entry of each rebuilt
//                    expression or partial index whose row exists after the
//                    commit. Rebuilt plain indexes are not logged: replay fills
//                    them from the rows once the operations are applied.
// Writes to stores or index data the catalog no longer uses (a table dropped
// or truncated later in the same transaction, the old store of a rewrite) are
// left out. Schema changes serialize (one open DDL transaction at a time), so
// the catalog at the commit holds no other transaction's uncommitted change.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/catalog.h"
#include "txn/transaction.h"
#include "wal/redo.h"

namespace upsertdb {

// The row stores and index data the log accounts for: what recovery's
// catalog would hold if the engine crashed now. Taken from the catalog after
// recovery and after each schema record, under the engine latch.
class LoggedSchema {
 public:
  void remember(const Catalog& catalog);
  bool store_kept(const TableInfo& t) const;
  bool entries_kept(const IndexInfo& index) const;
  // True when every write of `txn` went to a store or index data the log
  // knows. False when it wrote into what an uncommitted schema change made
  // (a table it created, truncated or rewrote, an index it built): the
  // commit must wait for that change to end, or the replay would meet rows
  // of a table the log does not have yet. Cheap for the usual commit (a
  // lookup per change of store or index among consecutive writes).
  bool covers(const Transaction& txn) const;
  // The filter that leaves out writes to stores and index data the log does
  // not know (what a rolled-back or later dropped schema change made: no
  // reader sees them).
  wal::RedoFilter known_only() const;

 private:
  std::unordered_map<uint32_t, std::shared_ptr<TableStore>> stores_;     // by table oid
  std::unordered_map<uint32_t, std::shared_ptr<OrderedIndex>> indexes_;  // by index oid
};

// Appends the schema record of `txn` (committing, under the latch, its writes
// not yet stamped) to `out`. `catalog` is the catalog it leaves behind.
void encode_schema_redo(const Transaction& txn, const Catalog& catalog, const LoggedSchema& logged,
                        std::string& out);

// Replays one schema record at recovery: replaces `catalog`'s definitions
// (tables keep their rows where the record says so), applies the operations
// through `redo`, fills rebuilt plain indexes. DbError XX001 when malformed.
void apply_schema_redo(std::string_view payload, uint64_t lsn, Catalog& catalog, wal::RedoApplier& redo);

}  // namespace upsertdb
