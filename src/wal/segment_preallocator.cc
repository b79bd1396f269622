// Zero-filled room ahead of the log's writes (contract in segment_preallocator.h).
#include "wal/segment_preallocator.h"

#include <algorithm>
#include <exception>

namespace upsertdb::wal {

SegmentPreallocator::SegmentPreallocator(uint64_t max_chunk) : max_chunk_(std::max(max_chunk, kFirstChunk)) {}

SegmentPreallocator::~SegmentPreallocator() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SegmentPreallocator::switch_to(std::unique_ptr<LogFile> filler, uint64_t size, uint64_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  filler_ = std::move(filler);
  ++generation_;
  prepared_ = size;
  limit_ = limit;
  requested_ = false;
  gave_up_ = false;
}

void SegmentPreallocator::before_write(uint64_t offset, uint64_t length) {
  uint64_t end = offset + length;
  std::unique_lock<std::mutex> lock(mu_);
  if (end > prepared_) {
    // Past the room: a fill running on this segment might write zeros over
    // these bytes, so let it finish first; after it the room may suffice.
    changed_.wait(lock, [&] { return !filling_ || filling_generation_ != generation_; });
    // The next fill starts after what this write adds.
    prepared_ = std::max(prepared_, end);
  }
  bool busy = requested_ || (filling_ && filling_generation_ == generation_);
  if (!busy && !gave_up_ && prepared_ < limit_ && prepared_ - end < chunk_ / 2) {
    requested_ = true;
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    changed_.notify_all();
  }
}

uint64_t SegmentPreallocator::prepared() const {
  std::lock_guard<std::mutex> lock(mu_);
  return prepared_;
}

void SegmentPreallocator::wait_idle() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return !requested_ && !filling_; });
}

void SegmentPreallocator::run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    uint64_t start = prepared_;
    if (start >= limit_) continue;   // an oversized record filled the segment meanwhile
    uint64_t length = std::min(chunk_, limit_ - start);
    std::shared_ptr<LogFile> file = filler_;
    filling_ = true;
    filling_generation_ = generation_;
    lock.unlock();
    bool ok = true;
    try {
      file->zero_fill(start, length);
    } catch (const std::exception&) {
      ok = false;   // a full disk: the log's own writes will say so
    }
    lock.lock();
    filling_ = false;
    if (filling_generation_ == generation_) {
      if (ok) {
        prepared_ = std::max(prepared_, start + length);
        chunk_ = std::min(chunk_ * 2, max_chunk_);
      } else {
        gave_up_ = true;
      }
    }
    changed_.notify_all();
  }
}

}  // namespace upsertdb::wal
