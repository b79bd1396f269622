// Snapshot file: the image of a database that a checkpoint writes in one versioned
// binary file — the whole catalog (tables with columns, constraints and
// indexes; sequences with their state; the next oid), the committed rows of
// every table, and the entries of expression and partial indexes. Recovery
// loads the newest one and replays the write-ahead log after it
// (engine/durability.cc, docs/wal.md).
//
//   "UPSDBSNP"  magic, 8 bytes
//   u32         format version (kSnapshotFormatVersion)
//   u64         payload length
//   payload     little-endian integers, strings as u32 length + bytes
//   u32         CRC-32C of the payload
//
// Rows are stored as their row_codec encoding with their row ids (the
// write-ahead log after a checkpoint names rows by id). Format 3 stores no
// entries for plain-column indexes: loading rebuilds them from the rows, the
// key computed as an insert computes it. Expression and partial indexes keep
// their entries as key bytes plus row id, so recovery never evaluates an
// expression (format 2 stored every index's entries; it is still read).
// Reading a file of another version, a truncated file or one whose checksum
// does not match raises DbError XX001 (data_corrupted), never a crash.
//
// Writing is split so that a checkpoint stops writers only briefly: an
// ImageCapture is taken under the engine latch (definitions, sequence state
// and per table the row-slot heads, pointers only), then written without it
// by walking each captured version chain for the version visible at the
// capture's commit timestamp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace upsertdb {

inline constexpr uint32_t kSnapshotFormatVersion = 3;   // 3: plain indexes rebuilt at load
inline constexpr uint32_t kOldestReadableSnapshotFormat = 2;   // 2: rows keep their ids

// Where an image goes: a file being written (wal::AtomicFileWriter) or a string.
class SnapshotSink {
 public:
  virtual ~SnapshotSink() = default;
  virtual void append(std::string_view bytes) = 0;
  // Overwrites bytes already appended at `offset` (the payload length).
  virtual void patch(uint64_t offset, std::string_view bytes) = 0;
};

// Runs `step` under the engine latch (the writer reads live index B-trees in
// short batches that way), or just runs it when the caller holds the latch.
using WithLatch = std::function<void(const std::function<void()>& step)>;

// A read timestamp above every commit timestamp: the image of everything committed.
inline constexpr uint64_t kEveryCommit = kTxnBit - 1;

// A consistent image in the making, in steps: plan() and capture() under the
// engine latch, allocate() and write() without it, release() under it again.
// From capture() to release() the captured tables' stores are pinned:
// versions unlinked meanwhile are not freed (TableStore). Schema changes must
// not start before release() (the engine holds the schema-change claim).
class ImageCapture {
 public:
  ImageCapture();
  ~ImageCapture();   // release() must have run, or the latch be held
  ImageCapture(const ImageCapture&) = delete;
  ImageCapture& operator=(const ImageCapture&) = delete;

  // Notes how many row slots each table has.
  void plan(const Catalog& catalog);
  // Allocates the copies of the row-slot heads, with room for rows added
  // meanwhile, and touches their pages: page faults are slow on some
  // machines (tens of ms for 2M rows), and capture() must not take them.
  void allocate();
  // Copies what the image needs as of commit timestamp `read_ts` (a row's
  // saved version is the one a snapshot reading at `read_ts` sees): the
  // definitions, sequence state, and per table the row-slot heads.
  void capture(const Catalog& catalog, uint64_t read_ts);
  void write(SnapshotSink& out, const WithLatch& with_latch);
  void release();

  uint64_t rows_written() const { return rows_written_; }

  struct Table;

 private:
  uint64_t read_ts_ = 0;
  std::string prefix_;   // next oid and sequences, serialized at capture
  std::vector<std::pair<uint32_t, size_t>> planned_;           // table oid, slot count
  std::vector<std::pair<uint32_t, std::vector<const Version*>>> buffers_;   // allocated head copies
  std::vector<std::unique_ptr<Table>> tables_;
  uint64_t rows_written_ = 0;
  bool released_ = true;
};

// The whole image of `catalog` in memory: every committed, undeleted row
// (uncommitted writes are left out). The caller holds the latch. Tests, tools.
std::string serialize_snapshot(const Catalog& catalog);

// Fills `catalog` (expected empty) from an image. Loaded rows are committed
// versions with begin timestamp 1. `file_name` only names the file in errors.
void deserialize_snapshot(std::string_view bytes, Catalog& catalog, const std::string& file_name);

// The definitions alone, in the image's encoding: next oid, sequences (with
// their state), tables with columns, constraints and index definitions; no
// rows, no index entries. A schema change's log record carries them
// (engine/schema_redo.h).
void serialize_definitions(const Catalog& catalog, std::string& out);
struct Definitions {
  uint32_t next_oid = 0;
  std::vector<std::shared_ptr<SequenceInfo>> sequences;
  std::vector<std::shared_ptr<TableInfo>> tables;   // fresh, empty stores and index data
};
// Parses serialize_definitions' bytes; DbError XX001 "<subject> is corrupt: ..."
// on anything malformed.
Definitions deserialize_definitions(std::string_view bytes, const std::string& subject);

// True for an index over plain columns without a predicate: its entries are
// never stored (images) or logged at a rebuild (schema records), only
// computed from the rows.
bool is_plain_index(const IndexInfo& index);
// Adds to each of `plain` (plain indexes of `t`) one entry per row of `t`'s
// store, from the row's head version (stores loaded from an image or the log
// hold one version per row).
void fill_plain_indexes(const TableInfo& t, const std::vector<IndexInfo*>& plain);

// The CRC-32C the trailer holds for `payload`.
uint32_t snapshot_checksum(std::string_view payload);

}  // namespace upsertdb
