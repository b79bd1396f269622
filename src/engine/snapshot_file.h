// Snapshot file: the image of a database that a checkpoint writes in one versioned
// binary file — the whole catalog (tables with columns, constraints and
// indexes; sequences with their state; the next oid), the committed rows of
// every table and every index's entries. Recovery loads the newest one and
// replays the write-ahead log after it (engine/durability.h).
//
//   "UPSDBSNP"  magic, 8 bytes
//   u32         format version (kSnapshotFormatVersion)
//   u64         payload length
//   payload     little-endian integers, strings as u32 length + bytes
//   u32         CRC-32C of the payload
//
// Rows are stored as their row_codec encoding with their row ids (the
// write-ahead log after a checkpoint names rows by id); index entries are
// stored as key bytes plus row id, so expression and partial indexes come back
// without a binder.
// Reading a file of another version, a truncated file or one whose checksum
// does not match raises DbError XX001 (data_corrupted), never a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/catalog.h"

namespace upsertdb {

inline constexpr uint32_t kSnapshotFormatVersion = 2;   // 2: rows keep their ids

// The image of `catalog` and its committed data. A row's saved version is its
// newest committed one that is not deleted by a committed transaction;
// versions written by transactions still in progress are left out.
std::string serialize_snapshot(const Catalog& catalog);

// Fills `catalog` (expected empty) from an image. Loaded rows are committed
// versions with begin timestamp 1. `file_name` only names the file in errors.
void deserialize_snapshot(std::string_view bytes, Catalog& catalog, const std::string& file_name);

// The CRC-32C the trailer holds for `payload`.
uint32_t snapshot_checksum(std::string_view payload);

}  // namespace upsertdb
