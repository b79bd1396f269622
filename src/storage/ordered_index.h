// OrderedIndex: an in-memory ordered set of index entries. An entry is the
// memcmp-ordered encoding of the key columns (types/value.h encode_key)
// followed by the 6-byte big-endian row id, so equal keys of different rows
// coexist (MVCC: a unique key may have a dead and a live holder) and a key's
// entries are one contiguous range. Entries are never interpreted here;
// uniqueness and visibility are decided by the caller against the row versions.
//
// The index remembers the longest prefix all its entries share and compares
// from there (index_entry.h). An insert that does not share it shortens it
// and recomputes the heads of the long entries: O(entries), like a hash
// table's growth, and as rare — the prefix only ever gets shorter, and is
// set afresh only when the index is empty.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

#include <absl/container/btree_set.h>

#include "storage/index_entry.h"

namespace upsertdb {

using RowId = uint64_t;

class OrderedIndex {
 public:
  // A B-tree (Abseil's) of 16-byte entries: a node holds fifteen side by
  // side, and most comparisons are one integer compare (see IndexEntry).
  // Iterators are invalidated by inserts; callers never hold one across a write.
  using Set = absl::btree_set<IndexEntry, IndexEntryLess>;
  using Iterator = Set::const_iterator;

  // Row ids take 6 bytes (2^48 rows per table): a bigint key and its row id
  // (15 bytes) stay inline in the entry.
  static constexpr size_t kRowIdBytes = 6;
  static constexpr RowId kMaxRowId = (RowId{1} << (8 * kRowIdBytes)) - 1;

  OrderedIndex() : set_(IndexEntryLess{&prefix_}) {}
  OrderedIndex(const OrderedIndex&) = delete;
  OrderedIndex& operator=(const OrderedIndex&) = delete;
  ~OrderedIndex() { clear(); }

  static std::string make_entry(std::string_view key, RowId row) {
    std::string e;
    append_entry(key, row, e);
    return e;
  }
  static RowId entry_row(std::string_view entry) {
    RowId r = 0;
    for (size_t i = entry.size() - kRowIdBytes; i < entry.size(); ++i) r = (r << 8) | static_cast<uint8_t>(entry[i]);
    return r;
  }
  static std::string_view entry_key(std::string_view entry) { return entry.substr(0, entry.size() - kRowIdBytes); }

  // Returns false when this exact entry already existed.
  bool insert(std::string_view key, RowId row) {
    bool inserted;
    insert_entry(key, row, &inserted);
    return inserted;
  }
  // Inserts and reports whether any other row's entry carries the same key (a
  // unique index must then look closer); `*inserted` is false for an existing entry.
  bool insert_has_twin(std::string_view key, RowId row, bool* inserted) {
    Iterator it = insert_entry(key, row, inserted);
    if (it != set_.begin() && entry_key(*std::prev(it)) == key) return true;
    auto next = std::next(it);
    return next != set_.end() && entry_key(*next) == key;
  }
  void erase(std::string_view key, RowId row) {
    EntryBuffer buf(key, row);
    auto it = set_.find(probe(buf.view()));
    if (it == set_.end()) return;
    IndexEntry gone = *it;
    hint_valid_ = false;
    set_.erase(it);
    gone.release();
  }
  void clear() {
    for (const IndexEntry& e : set_) IndexEntry(e).release();
    hint_valid_ = false;
    set_.clear();
  }
  size_t size() const { return set_.size(); }

  Iterator begin() const { return set_.begin(); }
  Iterator end() const { return set_.end(); }
  // First entry whose bytes are >= `key_prefix` (bytewise). Remembered as
  // the hint for the next insert (see insert_entry).
  Iterator lower_bound(std::string_view key_prefix) const {
    Iterator it = set_.lower_bound(probe(key_prefix));
    hint_ = it;
    hint_valid_ = true;
    return it;
  }

 private:
  static void append_entry(std::string_view key, RowId row, std::string& out) {
    if (row > kMaxRowId) throw std::length_error("table row id space exhausted");
    out.reserve(out.size() + key.size() + kRowIdBytes);
    out.append(key);
    for (int i = static_cast<int>(kRowIdBytes) - 1; i >= 0; --i) out.push_back(static_cast<char>((row >> (i * 8)) & 0xff));
  }

  // The entry for (key, row), built on the stack when short.
  class EntryBuffer {
   public:
    EntryBuffer(std::string_view key, RowId row) {
      if (row > kMaxRowId) throw std::length_error("table row id space exhausted");
      size_ = key.size() + kRowIdBytes;
      if (size_ > sizeof small_) {
        large_ = make_entry(key, row);
        return;
      }
      std::memcpy(small_, key.data(), key.size());
      for (size_t i = 0; i < kRowIdBytes; ++i)
        small_[key.size() + i] = static_cast<char>((row >> ((kRowIdBytes - 1 - i) * 8)) & 0xff);
    }
    std::string_view view() const { return size_ > sizeof small_ ? std::string_view(large_) : std::string_view(small_, size_); }

   private:
    char small_[64];
    size_t size_;
    std::string large_;
  };

  // An upsert looks its key up (arbitration) and then inserts the entry right
  // where the lookup ended: when nothing changed the tree since the last
  // lower_bound and the entry belongs just before that position, the insert
  // skips its own descent from the root (the descent is a cache miss per level).
  Iterator insert_entry(std::string_view key, RowId row, bool* inserted) {
    EntryBuffer buf(key, row);
    share_prefix_with(buf.view());
    IndexProbe p = probe(buf.view());
    IndexEntryLess less = set_.key_comp();
    Iterator it;
    if (hint_valid_ && (hint_ == set_.end() || less(p, *hint_)) &&
        (hint_ == set_.begin() || less(*std::prev(hint_), p))) {
      it = hint_;
    } else {
      it = set_.lower_bound(p);
      if (it != set_.end() && !less(p, *it)) {
        *inserted = false;
        return it;
      }
    }
    hint_valid_ = false;   // the insert invalidates every iterator
    *inserted = true;
    return set_.insert(it, IndexEntry::make(buf.view(), prefix_.size()));
  }

  IndexProbe probe(std::string_view bytes) const { return IndexProbe(bytes, prefix_); }

  // Keeps "every entry starts with prefix_" true for an entry about to be
  // inserted. Changing the heads does not change the order (that is the
  // bytes'), so entries are rewritten where they stand.
  void share_prefix_with(std::string_view entry) {
    if (set_.empty()) {
      prefix_.assign(entry);
      return;
    }
    size_t limit = std::min(entry.size(), prefix_.size());
    auto shared = static_cast<size_t>(std::mismatch(entry.begin(), entry.begin() + limit, prefix_.begin()).first - entry.begin());
    if (shared == prefix_.size()) return;
    prefix_.resize(shared);
    for (const IndexEntry& e : set_) const_cast<IndexEntry&>(e).set_skip(shared);
  }

  // Declared before set_: its comparator points at it. Every entry starts
  // with these bytes (when the index is empty, they are stale and unused).
  std::string prefix_;
  Set set_;
  // The position of the last lower_bound, valid until the next change. Every
  // index access happens under the engine latch, so this cache needs no lock.
  mutable Iterator hint_;
  mutable bool hint_valid_ = false;
};

// True when `entry` begins with `prefix` (an encoded key prefix).
inline bool entry_has_prefix(std::string_view entry, std::string_view prefix) {
  return entry.size() >= prefix.size() + OrderedIndex::kRowIdBytes && entry.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace upsertdb
