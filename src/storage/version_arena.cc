// VersionArena (see the header): a bump pointer over 1 MiB blocks plus one
// intrusive free list per 8-byte size class.
#include "storage/version_arena.h"

#include <cstdlib>
#include <mutex>
#include <new>

namespace upsertdb {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUseArena = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUseArena = false;
#else
constexpr bool kUseArena = true;
#endif
#else
constexpr bool kUseArena = true;
#endif

constexpr size_t kBlockBytes = size_t{1} << 20;

struct FreeSlot {
  FreeSlot* next;
};

struct Arena {
  std::mutex mu;
  FreeSlot* free[VersionArena::kMaxBytes / VersionArena::kGranule + 1] = {};
  char* cursor = nullptr;
  char* limit = nullptr;
  VersionArena::Stats stats;

  void push(void* p, size_t n) {
    auto* s = static_cast<FreeSlot*>(p);
    s->next = free[n / VersionArena::kGranule];
    free[n / VersionArena::kGranule] = s;
    stats.free_bytes += n;
  }
};

// Never destroyed: static destructors (an engine held by a global) may free
// versions after main returns. The blocks stay reachable through it.
Arena& arena() {
  static Arena* a = new Arena;
  return *a;
}

}  // namespace

void* VersionArena::allocate(size_t n) {
  if (!kUseArena || n > kMaxBytes) {
    void* p = std::malloc(n);
    if (!p) throw std::bad_alloc();
    return p;
  }
  Arena& a = arena();
  std::lock_guard<std::mutex> lock(a.mu);
  if (FreeSlot* s = a.free[n / kGranule]) {
    a.free[n / kGranule] = s->next;
    a.stats.free_bytes -= n;
    return s;
  }
  if (static_cast<size_t>(a.limit - a.cursor) < n) {
    // The block's tail (shorter than n, so at most kMaxBytes) serves a smaller version later.
    if (a.limit - a.cursor >= static_cast<ptrdiff_t>(kGranule)) a.push(a.cursor, a.limit - a.cursor);
    char* block = static_cast<char*>(std::malloc(kBlockBytes));
    if (!block) throw std::bad_alloc();
    a.cursor = block;
    a.limit = block + kBlockBytes;
    a.stats.block_bytes += kBlockBytes;
  }
  void* p = a.cursor;
  a.cursor += n;
  return p;
}

void VersionArena::deallocate(void* p, size_t n) {
  if (!kUseArena || n > kMaxBytes) {
    std::free(p);
    return;
  }
  Arena& a = arena();
  std::lock_guard<std::mutex> lock(a.mu);
  a.push(p, n);
}

VersionArena::Stats VersionArena::stats() {
  Arena& a = arena();
  std::lock_guard<std::mutex> lock(a.mu);
  return a.stats;
}

}  // namespace upsertdb
