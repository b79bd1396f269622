// IndexEntry: one index entry's bytes (encoded key + row id) in 16 bytes.
// Entries of up to kInlineBytes live inside the object — any integer, date or
// timestamp key with its row id does (9 + 6 bytes) — so a B-tree node holds
// fifteen side by side and comparing two touches no other memory. Longer
// entries keep their first 8 bytes inline (most comparisons end there) and
// the whole entry, after its u32 length, in a heap block.
//
//   inline: [entry bytes, zero-padded: 15][length: 1]
//   long:   [first 8 bytes][heap block address, low 7 bytes][kLongTag]
//
// 16 rather than 24 bytes because the index is a third of a narrow table's
// memory (docs/performance.md, 2026-12-07): a full leaf of 24-byte entries
// cost 27 B per entry, one of 16-byte entries 18 B. A user-space address fits
// in 7 bytes on the 64-bit targets we build for (checked at each allocation).
//
// The type is trivially copyable so the B-tree can shift entries with memmove:
// it does not own its heap block. OrderedIndex, the only container, frees it
// (release()) when the entry leaves the index.
//
// Order is bytewise (memcmp, shorter first on a tie), the order encode_key
// was designed for. The first 8 bytes are compared as one big-endian integer.
#pragma once

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string_view>

namespace upsertdb {

class IndexEntry {
 public:
  static constexpr size_t kInlineBytes = 15;

  IndexEntry() { std::memset(bytes_, 0, sizeof bytes_); }

  // Copies `bytes` (allocating when they do not fit inline).
  static IndexEntry make(std::string_view bytes) {
    IndexEntry e;
    if (bytes.size() <= kInlineBytes) {
      std::memcpy(e.bytes_, bytes.data(), bytes.size());
      e.bytes_[kTagByte] = static_cast<char>(bytes.size());
      return e;
    }
    if (bytes.size() > UINT32_MAX) throw std::length_error("index entry too long");
    char* heap = static_cast<char*>(std::malloc(sizeof(uint32_t) + bytes.size()));
    if (!heap) throw std::bad_alloc();
    auto address = reinterpret_cast<uintptr_t>(heap);
    if (address >> 56) {   // does not fit the 7 address bytes: never on x86-64 or AArch64 user space
      std::free(heap);
      throw std::bad_alloc();
    }
    auto n = static_cast<uint32_t>(bytes.size());
    std::memcpy(heap, &n, sizeof n);
    std::memcpy(heap + sizeof n, bytes.data(), bytes.size());
    std::memcpy(e.bytes_, bytes.data(), 8);
    std::memcpy(e.bytes_ + 8, &address, 7);   // little-endian: the low 7 bytes
    e.bytes_[kTagByte] = static_cast<char>(kLongTag);
    return e;
  }
  // Frees the heap block of a long entry; the entry must not be used after.
  void release() {
    if (is_long()) std::free(heap_block());
  }

  const char* data() const { return is_long() ? heap_block() + sizeof(uint32_t) : bytes_; }
  size_t size() const {
    if (!is_long()) return static_cast<uint8_t>(bytes_[kTagByte]);
    uint32_t n;
    std::memcpy(&n, heap_block(), sizeof n);
    return n;
  }
  std::string_view view() const { return {data(), size()}; }
  operator std::string_view() const { return view(); }

  // The first 8 bytes as a big-endian number, zero-padded: comparing two of
  // these orders entries as memcmp would over those bytes.
  uint64_t head() const {
    uint64_t h;
    std::memcpy(&h, bytes_, 8);
    return __builtin_bswap64(h);
  }

 private:
  static_assert(std::endian::native == std::endian::little, "IndexEntry stores addresses little-endian");
  static constexpr size_t kTagByte = 15;
  static constexpr uint8_t kLongTag = 0xff;

  bool is_long() const { return static_cast<uint8_t>(bytes_[kTagByte]) == kLongTag; }
  char* heap_block() const {
    uintptr_t address = 0;
    std::memcpy(&address, bytes_ + 8, 7);
    return reinterpret_cast<char*>(address);
  }

  char bytes_[16];
};
static_assert(sizeof(IndexEntry) == 16);

// A search key (an entry or a key prefix) with its head precomputed, so a
// B-tree descent computes it once rather than at every comparison.
struct IndexProbe {
  explicit IndexProbe(std::string_view b) : bytes(b) {
    char padded[8] = {};
    std::memcpy(padded, b.data(), b.size() < 8 ? b.size() : 8);
    uint64_t h;
    std::memcpy(&h, padded, 8);
    head = __builtin_bswap64(h);
  }
  std::string_view bytes;
  uint64_t head;
};

// Up to 8 bytes of `b` from `offset`, zero-padded, as a big-endian number.
inline uint64_t index_word(std::string_view b, size_t offset) {
  uint64_t w = 0;
  size_t n = b.size() - offset;
  if (n >= 8) {
    std::memcpy(&w, b.data() + offset, 8);
  } else {
    for (size_t i = 0; i < n; ++i) reinterpret_cast<char*>(&w)[i] = b[offset + i];
  }
  return __builtin_bswap64(w);
}

// memcmp order over the bytes after the shared 8-byte head, a word at a time
// (neighbouring entries of a dense integer key share their head, so the leaf
// level of a descent compares here; a libc memcmp call costs more than this).
inline int compare_index_tails(std::string_view a, std::string_view b) {
  size_t common = a.size() < b.size() ? a.size() : b.size();
  for (size_t offset = 8; offset < common; offset += 8) {
    uint64_t wa = index_word(a, offset), wb = index_word(b, offset);
    if (wa != wb) return wa < wb ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

struct IndexEntryLess {
  using is_transparent = void;
  bool operator()(const IndexEntry& a, const IndexEntry& b) const {
    uint64_t ha = a.head(), hb = b.head();
    if (ha != hb) return ha < hb;
    return compare_index_tails(a.view(), b.view()) < 0;
  }
  bool operator()(const IndexEntry& a, const IndexProbe& b) const {
    uint64_t ha = a.head();
    if (ha != b.head) return ha < b.head;
    return compare_index_tails(a.view(), b.bytes) < 0;
  }
  bool operator()(const IndexProbe& a, const IndexEntry& b) const {
    uint64_t hb = b.head();
    if (a.head != hb) return a.head < hb;
    return compare_index_tails(a.bytes, b.view()) < 0;
  }
};

}  // namespace upsertdb
