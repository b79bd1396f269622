// LogWriter: group commit over segment files (contract in log_writer.h).
#include "wal/log_writer.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <exception>
#include <cstdint>

#include "common/error.h"
#include "wal/file_util.h"

namespace upsertdb::wal {
namespace {

// Sleeps while `word` still holds `expected` (a spurious return is harmless:
// callers re-check). A bare futex rather than std::atomic::wait, whose
// library spin calls sched_yield in a loop and costs more than it saves here.
void futex_wait(std::atomic<uint32_t>& word, uint32_t expected) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

void futex_wake_all(std::atomic<uint32_t>& word) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
}

}  // namespace

LogWriter::LogWriter(std::string dir, uint64_t segment_start, uint64_t end_lsn, LogWriterOptions options,
                     std::unique_ptr<LogStorage> storage)
    : dir_(std::move(dir)),
      options_(options),
      storage_(std::move(storage)),
      end_lsn_(end_lsn),
      segment_start_(segment_start),
      segment_bytes_(end_lsn - segment_start),
      durable_lsn_(end_lsn),
      file_segment_start_(segment_start),
      file_offset_(end_lsn - segment_start) {
  if (options_.fsync && options_.preallocate_chunk > 0) {
    preallocator_ = std::make_unique<SegmentPreallocator>(options_.preallocate_chunk);
  }
}

LogWriter::~LogWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_background_.notify_all();
  if (background_.joinable()) background_.join();
}

uint64_t LogWriter::end_lsn() const {
  std::lock_guard<std::mutex> lock(mu_);
  return end_lsn_;
}

uint64_t LogWriter::durable_lsn() const { return durable_lsn_.load(std::memory_order_acquire); }

bool LogWriter::failed() const { return failed_.load(std::memory_order_acquire); }

void LogWriter::mark_failed(const std::string& reason) {
  std::vector<Waiter*> woken;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (failure_.empty()) failure_ = reason;
    failed_.store(true, std::memory_order_release);
    woken.swap(waiters_);
  }
  for (Waiter* w : woken) w->wake(Waiter::kDone);
}

// Each thread has one waiter record for its whole life, so a leader's late
// wake-up can only ever reach live memory (where a spurious wake is harmless:
// the waiter re-checks its word).
LogWriter::Waiter& LogWriter::this_thread_waiter() {
  thread_local Waiter waiter;
  return waiter;
}

void LogWriter::Waiter::sleep() {
  for (uint32_t w; (w = word.load(std::memory_order_acquire)) == kAsleep;) futex_wait(word, w);
}

void LogWriter::Waiter::wake(uint32_t how) {
  word.store(how, std::memory_order_release);
  futex_wake_all(word);
}

void LogWriter::throw_failed() const {
  throw DbError(failure_sqlstate_, "could not write to the write-ahead log: an earlier write or fsync failed (" + failure_ +
                             "); no further commits are accepted until the server restarts");
}

namespace {
void check_record_length(size_t payload_size) {
  if (payload_size > kMaxRecordLength) {
    throw DbError("54000", "transaction too large for one write-ahead log record (" + std::to_string(payload_size) +
                               " bytes; the limit is " + std::to_string(kMaxRecordLength) + ")");
  }
}
// Records from this size on are written from the caller's buffer.
constexpr size_t kFramedInPlace = 64 * 1024;
}  // namespace

LogWriter::Pending& LogWriter::place(uint64_t size, bool alone) {
  if (!failure_.empty()) throw_failed();
  if (segment_bytes_ > 0 && segment_bytes_ + size > options_.segment_size) {
    segment_start_ = end_lsn_;
    segment_bytes_ = 0;
  }
  if (alone || pending_.empty() || pending_.back().whole || pending_.back().segment_start != segment_start_) {
    pending_.push_back(Pending{segment_start_, {}, alone});
  }
  return pending_.back();
}

uint64_t LogWriter::append(RecordType type, std::string_view payload) {
  check_record_length(payload.size());
  uint64_t size = kRecordHeaderSize + payload.size();
  std::lock_guard<std::mutex> lock(mu_);
  Pending& batch = place(size, false);
  encode_record(batch.bytes, end_lsn_, durable_lsn_.load(std::memory_order_acquire), type, payload);
  end_lsn_ += size;
  segment_bytes_ += size;
  return end_lsn_;
}

uint64_t LogWriter::append_framed(RecordType type, std::string&& record) {
  if (record.size() < kFramedInPlace) return append(type, std::string_view(record).substr(kRecordHeaderSize));
  check_record_length(record.size() - kRecordHeaderSize);
  uint64_t size = record.size();
  std::lock_guard<std::mutex> lock(mu_);
  Pending& batch = place(size, true);
  frame_record(record, end_lsn_, durable_lsn_.load(std::memory_order_acquire), type);
  batch.bytes = std::move(record);
  end_lsn_ += size;
  segment_bytes_ += size;
  return end_lsn_;
}

void LogWriter::flush(uint64_t lsn) {
  if (durable_lsn_.load(std::memory_order_acquire) >= lsn && !failed_.load(std::memory_order_acquire)) return;
  std::unique_lock<std::mutex> lock(mu_);
  if (!failure_.empty()) throw_failed();
  if (durable_lsn_.load(std::memory_order_relaxed) >= lsn) return;
  if (flushing_) {
    // Follower: sleep until a leader's flush covers `lsn`, or until a leader
    // hands over the next flush to this thread.
    Waiter& me = this_thread_waiter();
    me.lsn = lsn;
    me.word.store(Waiter::kAsleep, std::memory_order_relaxed);
    waiters_.push_back(&me);
    lock.unlock();
    me.sleep();
    lock.lock();
    if (!failure_.empty()) throw_failed();
    if (me.word.load(std::memory_order_acquire) == Waiter::kDone) return;
    // kLead: flushing_ stays true, handed over with the wake-up.
  } else {
    flushing_ = true;
  }
  // Leader: take everything appended so far (this thread's record included),
  // write it without the mutex.
  std::deque<Pending> batch;
  batch.swap(pending_);
  uint64_t target = end_lsn_;
  lock.unlock();
  std::string error;
  std::string error_sqlstate;
  std::exception_ptr failure;
  try {
    write_out(batch);
  } catch (const std::exception& e) {
    error = e.what();
    if (auto* db = dynamic_cast<const DbError*>(&e)) error_sqlstate = db->sqlstate();
    failure = std::current_exception();
  }
  // Free the written records before anyone is woken: a commit that returns
  // from flush() no longer has its log copy in memory (a one-transaction bulk
  // load's record is as large as the rows it wrote, and memory measured right
  // after COMMIT must not depend on which thread freed it first).
  batch.clear();
  lock.lock();
  std::vector<Waiter*> done;
  Waiter* next_leader = nullptr;
  if (error.empty()) {
    durable_lsn_.store(target, std::memory_order_release);
    // Wake exactly the waiters this flush covers; the first one it does not
    // cover leads the next flush, so nobody wakes only to sleep again.
    size_t kept = 0;
    for (Waiter* w : waiters_) {
      if (w->lsn <= target) done.push_back(w);
      else waiters_[kept++] = w;
    }
    waiters_.resize(kept);
    if (!waiters_.empty()) {
      next_leader = waiters_.front();
      waiters_.erase(waiters_.begin());
    }
  } else {
    failure_ = error;
    if (!error_sqlstate.empty()) failure_sqlstate_ = error_sqlstate;
    failed_.store(true, std::memory_order_release);
    done.swap(waiters_);
  }
  flushing_ = next_leader != nullptr;
  lock.unlock();
  for (Waiter* w : done) w->wake(Waiter::kDone);
  if (next_leader) next_leader->wake(Waiter::kLead);
  // The leader reports what the write or fsync said; later callers get throw_failed().
  if (failure) std::rethrow_exception(failure);
}

void LogWriter::write_out(std::deque<Pending>& batch) {
  for (Pending& p : batch) {
    if (!file_ || file_segment_start_ != p.segment_start) {
      // A new segment only starts once the previous one is wholly on disk, so
      // damage can only ever sit at the end of the last segment (log_reader.h).
      if (file_ && options_.fsync) file_->sync();
      // The first open may continue the segment the log ended in.
      if (file_ || file_segment_start_ != p.segment_start) file_offset_ = 0;
      std::string path = join_path(dir_, segment_file_name(p.segment_start));
      file_ = storage_->open(path);
      file_segment_start_ = p.segment_start;
      if (options_.fsync) storage_->sync_directory(dir_);
      if (preallocator_) preallocator_->switch_to(storage_->open(path), file_->size(), options_.segment_size);
    }
    if (preallocator_) preallocator_->before_write(file_offset_, p.bytes.size());
    file_->write_at(file_offset_, p.bytes);
    file_offset_ += p.bytes.size();
  }
  if (file_ && options_.fsync) file_->sync();
}

void LogWriter::start_background_flush(std::chrono::milliseconds delay) {
  std::lock_guard<std::mutex> lock(mu_);
  if (background_.joinable()) return;
  background_ = std::thread([this, delay] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      stop_background_.wait_for(lock, delay, [&] { return stopping_; });
      if (stopping_ || !failure_.empty() || end_lsn_ == durable_lsn_.load(std::memory_order_acquire)) continue;
      uint64_t target = end_lsn_;
      lock.unlock();
      try {
        flush(target);
      } catch (const std::exception&) {
        // Recorded in failure_: the next commit reports it.
      }
      lock.lock();
    }
  });
}

uint64_t LogWriter::prepared_segment_bytes_when_idle() {
  if (!preallocator_) return 0;
  preallocator_->wait_idle();
  return preallocator_->prepared();
}

void LogWriter::remove_segments_before(uint64_t lsn) {
  std::vector<uint64_t> starts;
  for (const std::string& name : list_directory(dir_)) {
    uint64_t s;
    if (parse_segment_file_name(name, s)) starts.push_back(s);
  }
  // A segment ends where the next begins; the last one is never removed.
  for (size_t i = 0; i + 1 < starts.size(); ++i) {
    if (starts[i + 1] <= lsn) remove_file(join_path(dir_, segment_file_name(starts[i])));
  }
}

}  // namespace upsertdb::wal
