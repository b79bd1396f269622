// LogWriter: group commit over segment files (contract in log_writer.h).
#include "wal/log_writer.h"

#include "common/error.h"
#include "wal/file_util.h"

namespace upsertdb::wal {

LogWriter::LogWriter(std::string dir, uint64_t segment_start, uint64_t end_lsn, LogWriterOptions options,
                     std::unique_ptr<LogStorage> storage)
    : dir_(std::move(dir)),
      options_(options),
      storage_(std::move(storage)),
      end_lsn_(end_lsn),
      durable_lsn_(end_lsn),
      segment_start_(segment_start),
      segment_bytes_(end_lsn - segment_start) {}

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

uint64_t LogWriter::durable_lsn() const {
  std::lock_guard<std::mutex> lock(mu_);
  return durable_lsn_;
}

bool LogWriter::failed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !failure_.empty();
}

void LogWriter::mark_failed(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failure_.empty()) failure_ = reason;
  flushed_.notify_all();
}

void LogWriter::throw_failed() const {
  throw DbError(failure_sqlstate_, "could not write to the write-ahead log: an earlier write or fsync failed (" + failure_ +
                             "); no further commits are accepted until the server restarts");
}

uint64_t LogWriter::append(RecordType type, std::string_view payload) {
  if (payload.size() > kMaxRecordLength) {
    throw DbError("54000", "transaction too large for one write-ahead log record (" + std::to_string(payload.size()) +
                               " bytes; the limit is " + std::to_string(kMaxRecordLength) + ")");
  }
  uint64_t size = kRecordHeaderSize + payload.size();
  std::lock_guard<std::mutex> lock(mu_);
  if (!failure_.empty()) throw_failed();
  if (segment_bytes_ > 0 && segment_bytes_ + size > options_.segment_size) {
    segment_start_ = end_lsn_;
    segment_bytes_ = 0;
  }
  if (pending_.empty() || pending_.back().segment_start != segment_start_) {
    pending_.push_back(Pending{segment_start_, {}});
  }
  encode_record(pending_.back().bytes, end_lsn_, durable_lsn_, type, payload);
  end_lsn_ += size;
  segment_bytes_ += size;
  return end_lsn_;
}

void LogWriter::flush(uint64_t lsn) {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (!failure_.empty()) throw_failed();
    if (durable_lsn_ >= lsn) return;
    if (flushing_) {
      flushed_.wait(lock);
      continue;
    }
    // Leader: take everything appended so far, write it without the mutex.
    flushing_ = true;
    std::deque<Pending> batch;
    batch.swap(pending_);
    uint64_t target = end_lsn_;
    lock.unlock();
    try {
      write_out(batch);
    } catch (const std::exception& e) {
      lock.lock();
      failure_ = e.what();
      if (auto* db = dynamic_cast<const DbError*>(&e)) failure_sqlstate_ = db->sqlstate();
      flushing_ = false;
      flushed_.notify_all();
      throw;
    }
    lock.lock();
    durable_lsn_ = target;
    flushing_ = false;
    flushed_.notify_all();
  }
}

void LogWriter::write_out(std::deque<Pending>& batch) {
  for (Pending& p : batch) {
    if (!file_ || file_segment_start_ != p.segment_start) {
      // A new segment only starts once the previous one is wholly on disk, so
      // damage can only ever sit at the end of the last segment (log_reader.h).
      if (file_ && options_.fsync) file_->sync();
      file_ = storage_->open_for_append(join_path(dir_, segment_file_name(p.segment_start)));
      file_segment_start_ = p.segment_start;
      if (options_.fsync) storage_->sync_directory(dir_);
    }
    file_->append(p.bytes);
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
      if (stopping_ || !failure_.empty() || end_lsn_ == durable_lsn_) continue;
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
