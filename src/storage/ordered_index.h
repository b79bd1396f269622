// OrderedIndex: an in-memory ordered set of index entries. An entry is the
// memcmp-ordered encoding of the key columns (types/value.h encode_key)
// followed by the 6-byte big-endian row id, so equal keys of different rows
// coexist (MVCC: a unique key may have a dead and a live holder) and a key's
// entries are one contiguous range. Entries are never interpreted here;
// uniqueness and visibility are decided by the caller against the row versions.
#pragma once

#include <cstdint>
#include <iterator>
#include <set>

#include <absl/container/btree_set.h>
#include <stdexcept>
#include <string>
#include <string_view>

namespace upsertdb {

using RowId = uint64_t;

class OrderedIndex {
 public:
  // A B-tree (Abseil's): entries sit side by side in nodes, so a lookup touches
  // a few cache lines instead of one tree node per comparison. Iterators are
  // invalidated by inserts; callers never hold one across a write.
  using Set = absl::btree_set<std::string, std::less<>>;
  using Iterator = Set::const_iterator;

  // Row ids take 6 bytes (2^48 rows per table): with an 8-byte key the whole
  // entry still fits std::string's inline buffer, sparing a heap block and a
  // cache miss per comparison.
  static constexpr size_t kRowIdBytes = 6;
  static constexpr RowId kMaxRowId = (RowId{1} << (8 * kRowIdBytes)) - 1;

  static std::string make_entry(std::string_view key, RowId row) {
    if (row > kMaxRowId) throw std::length_error("table row id space exhausted");
    std::string e;
    e.reserve(key.size() + kRowIdBytes);
    e.append(key);
    for (int i = static_cast<int>(kRowIdBytes) - 1; i >= 0; --i) e.push_back(static_cast<char>((row >> (i * 8)) & 0xff));
    return e;
  }
  static RowId entry_row(std::string_view entry) {
    RowId r = 0;
    for (size_t i = entry.size() - kRowIdBytes; i < entry.size(); ++i) r = (r << 8) | static_cast<uint8_t>(entry[i]);
    return r;
  }
  static std::string_view entry_key(std::string_view entry) { return entry.substr(0, entry.size() - kRowIdBytes); }

  // Returns false when this exact entry already existed.
  bool insert(std::string_view key, RowId row) { return set_.insert(make_entry(key, row)).second; }
  // Inserts and reports whether any other row's entry carries the same key (a
  // unique index must then look closer); `*inserted` is false for an existing entry.
  bool insert_has_twin(std::string_view key, RowId row, bool* inserted) {
    auto [it, fresh] = set_.insert(make_entry(key, row));
    *inserted = fresh;
    if (it != set_.begin() && entry_key(*std::prev(it)) == key) return true;
    auto next = std::next(it);
    return next != set_.end() && entry_key(*next) == key;
  }
  void erase(std::string_view key, RowId row) { set_.erase(make_entry(key, row)); }
  void clear() { set_.clear(); }
  size_t size() const { return set_.size(); }

  Iterator begin() const { return set_.begin(); }
  Iterator end() const { return set_.end(); }
  // First entry whose key is >= `key_prefix` (bytewise).
  Iterator lower_bound(std::string_view key_prefix) const { return set_.lower_bound(key_prefix); }

 private:
  Set set_;
};

// True when `entry` begins with `prefix` (an encoded key prefix).
inline bool entry_has_prefix(std::string_view entry, std::string_view prefix) {
  return entry.size() >= prefix.size() + OrderedIndex::kRowIdBytes && entry.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace upsertdb
