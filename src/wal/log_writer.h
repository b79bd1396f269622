// LogWriter: appends records to the write-ahead log and makes them durable
// with group commit. append() only copies the record into memory, in the
// order callers append (the engine appends under its latch, so log order is
// commit order). flush(lsn) returns once every record up to `lsn` is on disk:
// the first waiter becomes the leader, writes everything appended so far and
// calls fdatasync once for all of them; the waiters that arrive meanwhile are
// served by the next leader. A leader wakes exactly the waiters its flush
// covered and hands the next flush to one that it did not, so each commit's
// thread sleeps once and no woken thread queues for a lock. A failed write or fsync is never retried: the
// writer turns failed and every later append or flush raises 58030, so the
// server stops acknowledging commits instead of pretending (PostgreSQL's
// fsync lesson). Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "wal/log_file.h"
#include "wal/log_format.h"
#include "wal/segment_preallocator.h"

namespace upsertdb::wal {

struct LogWriterOptions {
  bool fsync = true;                        // false: write(2) but no fdatasync (tests only)
  uint64_t segment_size = uint64_t{64} << 20;
  // Largest chunk of zero-filled room prepared ahead of the writes
  // (segment_preallocator.h); 0 turns preparing off. Only with fsync.
  uint64_t preallocate_chunk = uint64_t{4} << 20;
};

class LogWriter {
 public:
  // Continues the log of directory `dir` at `end_lsn`, the end of the valid
  // log; `segment_start` is the first LSN of the segment file that ends there
  // (zeros or nothing after that), or `end_lsn` itself to begin a new file.
  LogWriter(std::string dir, uint64_t segment_start, uint64_t end_lsn, LogWriterOptions options,
            std::unique_ptr<LogStorage> storage);
  ~LogWriter();   // stops the background flusher; writes (without waiting) nothing more

  // Appends one record; returns the LSN just past it (what flush() takes).
  uint64_t append(RecordType type, std::string_view payload);
  // The same for `record` = kRecordHeaderSize bytes of room + the payload:
  // a large one is framed where it is and written from there, never copied.
  uint64_t append_framed(RecordType type, std::string&& record);
  // Blocks until the log is durable up to `lsn`.
  void flush(uint64_t lsn);
  // Flushes everything appended so far.
  void flush_all() { flush(end_lsn()); }

  uint64_t end_lsn() const;
  uint64_t durable_lsn() const;
  bool failed() const;
  // Turns the writer failed for a reason found elsewhere (a checkpoint that
  // a commit depended on could not be written).
  void mark_failed(const std::string& reason);

  // synchronous_commit = off: commits do not wait; this thread flushes what
  // they appended every `delay` (PostgreSQL's wal_writer_delay).
  void start_background_flush(std::chrono::milliseconds delay);

  // Deletes the segment files that hold only records before `lsn`.
  void remove_segments_before(uint64_t lsn);

  // Bytes of the segment being written that exist on disk, log or prepared
  // zeros, once no preparing is asked for or running (tests).
  uint64_t prepared_segment_bytes_when_idle();

 private:
  struct Pending {
    uint64_t segment_start;
    std::string bytes;
    bool whole = false;   // one large record moved in: later records go after it, not into it
  };
  // Under mu_: the batch a record of `size` bytes goes to (a new one when
  // `alone`), after switching segments if it does not fit.
  Pending& place(uint64_t size, bool alone);
  void write_out(std::deque<Pending>& batch);
  [[noreturn]] void throw_failed() const;

  const std::string dir_;
  const LogWriterOptions options_;
  std::unique_ptr<LogStorage> storage_;

  mutable std::mutex mu_;           // guards pending_, end_lsn_, segment_*, failure_
  std::deque<Pending> pending_;      // appended, not yet handed to a leader
  uint64_t end_lsn_;                 // appended up to here
  uint64_t segment_start_;           // segment of the next record
  uint64_t segment_bytes_;           // bytes assigned to that segment so far
  std::string failure_;              // non-empty once a write or fsync failed
  std::string failure_sqlstate_ = "58030";   // its code (53100 for a full disk), repeated to later commits

  std::atomic<uint64_t> durable_lsn_;        // on disk up to here (written under mu_)
  std::atomic<bool> failed_{false};          // failure_ is set
  bool flushing_ = false;                    // a leader is writing (or has been handed the next flush)

  // A thread sleeping in flush(); word: kAsleep until a leader sets kDone (its
  // lsn is durable, or the log failed) or kLead (it writes the next batch).
  struct Waiter {
    static constexpr uint32_t kAsleep = 0, kDone = 1, kLead = 2;
    uint64_t lsn = 0;
    std::atomic<uint32_t> word{kAsleep};
    void sleep();
    void wake(uint32_t how);
  };
  static Waiter& this_thread_waiter();
  std::vector<Waiter*> waiters_;             // asleep, under mu_

  // Used only by the leader (one at a time).
  std::unique_ptr<LogFile> file_;
  uint64_t file_segment_start_;      // the segment file_ writes (or will reopen)
  uint64_t file_offset_;             // where its next write goes
  std::unique_ptr<SegmentPreallocator> preallocator_;   // null: not preparing

  std::thread background_;
  std::condition_variable stop_background_;
  bool stopping_ = false;
};

}  // namespace upsertdb::wal
