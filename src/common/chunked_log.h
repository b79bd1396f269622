// ChunkedLog<T>: an append-only sequence stored in fixed chunks, for a
// transaction's write set. Unlike std::vector it never moves what it holds
// when it grows: appending a million writes touches each element once and
// allocates a chunk per kChunk elements, instead of copying everything at
// every doubling into freshly faulted pages. The first chunk is small
// (kFirstChunk) so a one-row transaction allocates little. Supports what a log of undoable
// actions needs: append, look at / drop the last, truncate, iterate in order.
#pragma once

#include <cstddef>
#include <new>
#include <memory>
#include <utility>
#include <vector>

namespace upsertdb {

template <typename T, size_t kChunk = 1024, size_t kFirstChunk = 8>
class ChunkedLog {
 public:
  void push_back(T value) {
    if (size_ == capacity()) chunks_.push_back(std::unique_ptr<unsigned char[]>(new unsigned char[chunk_bytes(chunks_.size())]));
    new (slot(size_)) T(std::move(value));
    ++size_;
  }
  T& back() { return *slot(size_ - 1); }
  void pop_back() {
    --size_;
    slot(size_)->~T();
    // Keep one spare chunk so a write/undo/write cycle at a boundary does not allocate.
    if (chunks_.size() > 1 && capacity() >= size_ + 2 * kChunk) chunks_.pop_back();
  }
  void clear() {
    while (size_ > 0) pop_back();
    chunks_.clear();
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  ChunkedLog() = default;
  ChunkedLog(const ChunkedLog&) = delete;
  ChunkedLog& operator=(const ChunkedLog&) = delete;
  ~ChunkedLog() { clear(); }

  class const_iterator {
   public:
    const_iterator(const ChunkedLog* log, size_t i) : log_(log), i_(i) {}
    const T& operator*() const { return *log_->slot(i_); }
    const T* operator->() const { return log_->slot(i_); }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const const_iterator& o) const { return i_ != o.i_; }
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }

   private:
    const ChunkedLog* log_;
    size_t i_;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  static_assert(alignof(T) <= alignof(std::max_align_t));
  static size_t chunk_bytes(size_t chunk) { return (chunk == 0 ? kFirstChunk : kChunk) * sizeof(T); }
  size_t capacity() const { return chunks_.empty() ? 0 : kFirstChunk + (chunks_.size() - 1) * kChunk; }
  T* slot(size_t i) const {
    if (i < kFirstChunk) return reinterpret_cast<T*>(chunks_[0].get()) + i;
    i -= kFirstChunk;
    return reinterpret_cast<T*>(chunks_[1 + i / kChunk].get()) + i % kChunk;
  }

  std::vector<std::unique_ptr<unsigned char[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace upsertdb
