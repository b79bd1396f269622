// Row versions: the unit of MVCC. A table row is a chain of versions, newest
// first. `begin`/`end` each hold either a commit timestamp (top bit clear) or
// the marker of the transaction that wrote it and has not committed yet (top
// bit set) — the Hekaton scheme: commit stamps its timestamp into every
// version it wrote, so readers of committed data never look anything up.
// `begin_cid`/`end_cid` order a transaction's own statements: a statement does
// not see what it wrote itself (PostgreSQL's command-id rule).
//
// A checkpoint reads `begin`/`end` without the engine latch while writers
// stamp them, so the stamps are written and read through load_stamp /
// store_stamp (relaxed atomics: a plain mov on x86-64). Every other field is
// fixed before the version is published and never changes afterwards.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

#include "storage/version_arena.h"

namespace upsertdb {

inline constexpr uint64_t kTxnBit = uint64_t{1} << 63;
inline constexpr uint64_t kInfinity = ~uint64_t{0};   // `end` of a live version

inline bool is_txn_marker(uint64_t stamp) { return stamp != kInfinity && (stamp & kTxnBit); }

// Reads / writes a version's `begin` or `end` where a checkpoint may read it concurrently.
inline uint64_t load_stamp(const uint64_t& stamp) {
  return std::atomic_ref<uint64_t>(const_cast<uint64_t&>(stamp)).load(std::memory_order_relaxed);
}
inline void store_stamp(uint64_t& stamp, uint64_t value) {
  std::atomic_ref<uint64_t>(stamp).store(value, std::memory_order_relaxed);
}

struct Version {
  uint64_t begin;
  uint64_t end;
  uint32_t begin_cid;
  uint32_t end_cid;
  Version* older;
  uint32_t len;
  // kSameKeysAsOlder: every index key of this version equals the one of the
  // version directly older (set by the update that created it). The garbage
  // collector then knows, without decoding, that freeing the older version
  // leaves no index entry orphaned (exec/version_gc.h).
  uint8_t flags;
  char data[1];     // `len` bytes of row_codec encoding (flexible tail)

  static constexpr uint8_t kSameKeysAsOlder = 1;

  std::string_view row() const { return {data, len}; }
  bool same_keys_as_older() const { return flags & kSameKeysAsOlder; }
  // Bytes this version occupies (its allocation in the VersionArena).
  size_t footprint() const { return alloc_bytes(len); }
  // The header and `row_len` bytes of row, rounded up to the arena's
  // granule: never less than sizeof(Version).
  static size_t alloc_bytes(size_t row_len) { return VersionArena::rounded(offsetof(Version, data) + row_len); }

  static Version* make(std::string_view encoded, uint64_t begin, uint32_t cid) {
    Version* v = static_cast<Version*>(VersionArena::allocate(alloc_bytes(encoded.size())));
    v->begin = begin;
    v->end = kInfinity;
    v->begin_cid = cid;
    v->end_cid = 0;
    v->older = nullptr;
    v->len = static_cast<uint32_t>(encoded.size());
    v->flags = 0;
    std::memcpy(v->data, encoded.data(), encoded.size());
    return v;
  }
  static void destroy(Version* v) { VersionArena::deallocate(v, v->footprint()); }
};
static_assert(sizeof(Version) <= VersionArena::rounded(offsetof(Version, data)));

}  // namespace upsertdb
