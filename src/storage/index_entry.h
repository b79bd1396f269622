// IndexEntry: one index entry's bytes (encoded key + row id) in 16 bytes.
// Entries of up to kInlineBytes live inside the object — any integer, date or
// timestamp key with its row id does (9 + 6 bytes) — so a B-tree node holds
// fifteen side by side and comparing two touches no other memory. Longer
// entries keep 8 bytes inline (most comparisons end there) and the whole
// entry, after its u32 length, in a heap block.
//
//   inline: [entry bytes, zero-padded: 15][length: 1]
//   long:   [head: 8][heap block address, low 7 bytes][kLongTag]
//
// Which 8 bytes a long entry keeps is its index's choice: the 8 after the
// prefix every entry of that index shares (OrderedIndex's `prefix_`, whose
// length is `skip` below). Text keys of one table tend to share a lot ("user-000…", "https://"), and a head of
// shared bytes would send every comparison of a descent to the heap block: a
// cache miss per comparison (docs/performance.md, 2026-12-07, eighth session).
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
// was designed for. Entries of one index share their first `skip` bytes, so a
// comparison starts there: the 8 bytes from `skip` as one big-endian integer,
// then the rest a word at a time.
#pragma once

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

namespace upsertdb {

class IndexEntry {
 public:
  static constexpr size_t kInlineBytes = 15;

  IndexEntry() { std::memset(bytes_, 0, sizeof bytes_); }

  // Copies `bytes` (allocating when they do not fit inline); `skip` is the
  // length of the prefix shared by the index's entries (see head()).
  static IndexEntry make(std::string_view bytes, size_t skip) {
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
    std::memcpy(e.bytes_ + 8, &address, 7);   // little-endian: the low 7 bytes
    e.bytes_[kTagByte] = static_cast<char>(kLongTag);
    e.set_skip(skip);
    return e;
  }
  // Recomputes a long entry's head for a new shared-prefix length (the
  // index's prefix got shorter); inline entries compute theirs when compared.
  void set_skip(size_t skip) {
    if (!is_long()) return;
    uint64_t h = word_at(view(), skip);
    std::memcpy(bytes_, &h, 8);
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

  // The 8 bytes from `skip` (<= size()) as a big-endian number, zero-padded:
  // for two entries that share their first `skip` bytes, comparing these
  // orders them as memcmp would over those 8.
  uint64_t head(size_t skip) const {
    uint64_t h;
    if (is_long()) {
      std::memcpy(&h, bytes_, 8);
      return h;
    }
    if (skip <= kInlineBytes - 8) {
      std::memcpy(&h, bytes_ + skip, 8);   // past size() the inline bytes are zero
    } else {
      h = 0;
      std::memcpy(&h, bytes_ + skip, size() - skip);
    }
    return __builtin_bswap64(h);
  }

  // Up to 8 bytes of `b` from `offset` (<= b.size()), zero-padded, as a big-endian number.
  static uint64_t word_at(std::string_view b, size_t offset) {
    uint64_t w = 0;
    size_t n = b.size() - offset;
    if (n >= 8) {
      std::memcpy(&w, b.data() + offset, 8);
    } else {
      std::memcpy(&w, b.data() + offset, n);
    }
    return __builtin_bswap64(w);
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

// A search key (an entry or a key prefix) placed against the prefix the
// index's entries share, with its head precomputed, so a B-tree descent does
// both once rather than at every comparison. A probe that does not start
// with the shared prefix sorts before or after every entry (`outside`).
struct IndexProbe {
  IndexProbe(std::string_view b, std::string_view shared_prefix) : bytes(b) {
    size_t n = b.size() < shared_prefix.size() ? b.size() : shared_prefix.size();
    int c = n == 0 ? 0 : std::memcmp(b.data(), shared_prefix.data(), n);
    if (c != 0) {
      outside = c < 0 ? -1 : 1;
    } else if (b.size() < shared_prefix.size()) {
      outside = -1;   // a proper prefix of every entry: shorter sorts first
    } else {
      head = IndexEntry::word_at(b, shared_prefix.size());
    }
  }
  std::string_view bytes;
  uint64_t head = 0;
  int outside = 0;   // -1: before every entry, 1: after every entry, 0: shares the prefix
};

// memcmp order over the bytes from `offset` on, a word at a time, of two
// entries equal before it (neighbouring entries of a dense key share their
// head, so the leaf level of a descent compares here; a libc memcmp call
// costs more than this).
inline int compare_index_tails(std::string_view a, std::string_view b, size_t offset) {
  size_t common = a.size() < b.size() ? a.size() : b.size();
  for (; offset < common; offset += 8) {
    uint64_t wa = IndexEntry::word_at(a, offset), wb = IndexEntry::word_at(b, offset);
    if (wa != wb) return wa < wb ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// Orders the entries of one index, which all start with *shared_prefix
// (OrderedIndex owns it and keeps that true).
struct IndexEntryLess {
  using is_transparent = void;
  const std::string* shared_prefix = nullptr;

  bool operator()(const IndexEntry& a, const IndexEntry& b) const {
    size_t s = shared_prefix->size();
    uint64_t ha = a.head(s), hb = b.head(s);
    if (ha != hb) return ha < hb;
    return compare_index_tails(a.view(), b.view(), s + 8) < 0;
  }
  bool operator()(const IndexEntry& a, const IndexProbe& b) const {
    if (b.outside != 0) return b.outside > 0;
    size_t s = shared_prefix->size();
    uint64_t ha = a.head(s);
    if (ha != b.head) return ha < b.head;
    return compare_index_tails(a.view(), b.bytes, s + 8) < 0;
  }
  bool operator()(const IndexProbe& a, const IndexEntry& b) const {
    if (a.outside != 0) return a.outside < 0;
    size_t s = shared_prefix->size();
    uint64_t hb = b.head(s);
    if (a.head != hb) return a.head < hb;
    return compare_index_tails(a.bytes, b.view(), s + 8) < 0;
  }
};

}  // namespace upsertdb
