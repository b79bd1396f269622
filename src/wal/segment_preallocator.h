// SegmentPreallocator: keeps zero-filled, synced room ahead of the log's
// writes in the segment file being written, from a thread of its own.
//
// Why: an fdatasync after a write that grew the file must also write the
// file's inode (its size changed), one more disk round trip for every group
// commit. On these VMs (ext4 without a journal) an fsync of an appending
// write waits for three I/Os, one of a write into allocated, synced bytes
// for two (docs/performance.md). PostgreSQL zero-fills its segments for the
// same reason.
//
// Room comes in chunks: the first small (a data directory that logs little
// stays small), each next one twice the last up to `max_chunk`; the next
// chunk is asked for when less than half a chunk of room is left. Zeros past
// the last record read as the log's end (log_reader.h).
//
// The log writer's leader (one thread at a time) calls switch_to() when it
// opens a segment file and before_write() before each write to it. A write
// wholly inside prepared room never waits. One reaching past it waits for a
// fill in flight to the same file (the fill could land on the same bytes),
// then writes, growing the file itself: correct, only slower. A fill that
// fails (a full disk) ends preparing for that file; the log's own writes then
// meet the condition and report it. The filler writes through its own
// LogFile (its own descriptor), so an fsync error of the log's data is never
// consumed by the filler's fsync.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "wal/log_file.h"

namespace upsertdb::wal {

class SegmentPreallocator {
 public:
  static constexpr uint64_t kFirstChunk = uint64_t{64} << 10;

  explicit SegmentPreallocator(uint64_t max_chunk);
  ~SegmentPreallocator();   // waits for a fill in flight
  SegmentPreallocator(const SegmentPreallocator&) = delete;
  SegmentPreallocator& operator=(const SegmentPreallocator&) = delete;

  // From now on the leader writes the segment that `filler` (a second handle
  // on it) opens; its first `size` bytes exist already, and no write goes
  // past `limit` (the segment size).
  void switch_to(std::unique_ptr<LogFile> filler, uint64_t size, uint64_t limit);
  // The leader is about to write [offset, offset + length) of that segment.
  void before_write(uint64_t offset, uint64_t length);
  // Bytes of the current segment that exist (log or prepared zeros).
  uint64_t prepared() const;
  // Waits until no fill is asked for or running (tests).
  void wait_idle();

 private:
  void run();

  const uint64_t max_chunk_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::shared_ptr<LogFile> filler_;
  uint64_t generation_ = 0;        // bumped by switch_to: a fill of an older segment counts for nothing
  uint64_t filling_generation_ = 0;
  uint64_t prepared_ = 0;          // [0, prepared_) exists: log written or zeros synced
  uint64_t limit_ = 0;
  uint64_t chunk_ = kFirstChunk;
  bool filling_ = false;
  bool requested_ = false;
  bool gave_up_ = false;           // a fill of this segment failed
  bool stopping_ = false;
  std::thread thread_;             // started by the first request
};

}  // namespace upsertdb::wal
