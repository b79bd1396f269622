// VersionArena: the memory row versions live in. Versions are the bulk of a
// table (one per row and per update) and small (a 37-byte header and the
// row), and malloc spends 8 bytes of chunk header and up to 15 of rounding on
// each: a 69-byte version of the footprint table took an 80-byte chunk. The
// arena carves versions out of 1 MiB blocks at 8-byte granularity and keeps
// freed ones on a free list per size, so a version costs its size rounded up
// to 8. Versions larger than kMaxBytes go to malloc (the overhead is small
// beside them).
//
// Contract: allocate(n) takes n == rounded(n) (Version::alloc_bytes) and
// deallocate must be given the same n; the memory is 8-byte aligned.
// Thread-safe (one mutex; versions are made and freed under the engine latch,
// so it is not contended).
//
// Freed memory is reused, not returned to the system: a freed version serves
// the next one of the same size class. Updates mostly rewrite a row at the
// same size, and the garbage collector frees old versions as new ones are
// made, so a class's list stays short; a table that is deleted for good
// leaves its versions' memory to later versions of the same sizes.
// Sanitizer builds use malloc for every version, so a use after free of a
// version (the checkpoint's pins guard against those) is still caught.
#pragma once

#include <cstddef>
#include <cstdint>

namespace upsertdb {

class VersionArena {
 public:
  static constexpr size_t kGranule = 8;
  static constexpr size_t kMaxBytes = 512;

  static constexpr size_t rounded(size_t n) { return (n + kGranule - 1) & ~(kGranule - 1); }

  static void* allocate(size_t n);              // throws std::bad_alloc
  static void deallocate(void* p, size_t n);

  struct Stats {
    uint64_t block_bytes = 0;   // taken from the system in blocks
    uint64_t free_bytes = 0;    // on the free lists
  };
  static Stats stats();
};

}  // namespace upsertdb
