// Engine durability: recovery at open, commit through the write-ahead log
// (commit records, and schema records for transactions that changed the
// catalog), checkpoints (timed, by log volume, manual and at shutdown) and
// the retirement of old checkpoints and log segments.
// Formats: wal/log_format.h, wal/redo.h, engine/schema_redo.h,
// engine/snapshot_file.h; docs/wal.md.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <optional>
#include <filesystem>
#include <thread>

#include "common/error.h"
#include "engine/current_catalog.h"
#include "engine/engine.h"
#include "exec/exec_context.h"
#include "engine/schema_redo.h"
#include "engine/snapshot_file.h"
#include "wal/file_util.h"
#include "wal/log_reader.h"
#include "wal/redo.h"

namespace upsertdb {

namespace {

constexpr const char* kWalDirectory = "wal";
constexpr const char* kCheckpointPrefix = "checkpoint.";
constexpr size_t kCheckpointsKept = 2;   // the newest, and one to fall back to

std::string checkpoint_name(uint64_t lsn) { return kCheckpointPrefix + wal::segment_file_name(lsn); }

// Checkpoint LSNs found in `dir`, newest first.
std::vector<uint64_t> list_checkpoints(const std::string& dir) {
  std::vector<uint64_t> lsns;
  const std::string prefix = kCheckpointPrefix;
  for (const std::string& name : wal::list_directory(dir)) {
    uint64_t lsn;
    if (name.rfind(prefix, 0) == 0 && wal::parse_segment_file_name(std::string_view(name).substr(prefix.size()), lsn))
      lsns.push_back(lsn);
  }
  std::sort(lsns.rbegin(), lsns.rend());
  return lsns;
}

}  // namespace

void Engine::recover() {
  auto started = std::chrono::steady_clock::now();
  const std::string wal_dir = wal::join_path(path_, kWalDirectory);
  std::error_code ec;
  std::filesystem::create_directories(wal_dir, ec);
  if (ec) throw DbError("58030", "could not create directory \"" + wal_dir + "\": " + ec.message());

  // The newest checkpoint that reads back whole; damaged newer ones are set aside.
  std::vector<uint64_t> checkpoints = list_checkpoints(path_);
  uint64_t start = 0;
  bool loaded = false;
  std::vector<std::string> damaged;
  std::string first_error;
  for (uint64_t lsn : checkpoints) {
    std::string file = wal::join_path(path_, checkpoint_name(lsn));
    std::string bytes;
    wal::read_whole_file(file, bytes);
    try {
      Catalog fresh;
      deserialize_snapshot(bytes, fresh, file);
      catalog_ = std::move(fresh);
      start = lsn;
      loaded = true;
      break;
    } catch (const DbError& e) {
      if (first_error.empty()) first_error = e.what();
      damaged.push_back(file);
    }
  }
  if (!checkpoints.empty() && !loaded) {
    throw DbError("XX001", "no valid checkpoint in data directory \"" + path_ + "\" (" + first_error +
                               "); refusing to start rather than lose data");
  }
  // Newer damaged checkpoints are set aside (kept for inspection, never loaded again).
  for (const std::string& file : damaged) {
    log("checkpoint \"" + file + "\" is damaged; recovering from an older one");
    std::filesystem::rename(file, file + ".damaged", ec);
  }

  wal::RedoApplier redo(catalog_);
  uint64_t records = 0;
  wal::LogReadResult read = wal::read_log(wal_dir, start, [&](uint64_t lsn, wal::RecordType type, std::string_view p) {
    if (type == wal::RecordType::kCommit) {
      redo.apply(p, lsn);
      ++records;
    } else if (type == wal::RecordType::kSchema) {
      apply_schema_redo(p, lsn, catalog_, redo);
      ++records;
    } else if (type == wal::RecordType::kCheckpoint && lsn > start && !p.empty() && p[0] != 0) {
      // A newer checkpoint carried a schema change the log does not hold
      // (written by builds before schema records; current ones write 0).
      throw DbError("XX001", "the checkpoint written at log position " + wal::format_lsn(lsn) +
                                 " recorded a schema change but is missing or damaged, and the log cannot replace "
                                 "it; refusing to start rather than lose data");
    }
  });
  if (read.torn) {
    std::string segment = wal::join_path(wal_dir, wal::segment_file_name(read.segment_start));
    wal::truncate_file(segment, read.end_lsn - read.segment_start);
    log("write-ahead log ends with an incomplete record (" + read.torn_reason +
        "): replay stopped at the last complete one, which a crash during a write leaves behind");
  }
  recovery_.checkpoint_lsn = start;
  recovery_.records = records;
  recovery_.operations = redo.operations();
  recovery_.torn_tail = read.torn;
  recovery_.end_lsn = read.end_lsn;
  recovery_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (records > 0) {
    log("database system was not shut down cleanly; redo of " + std::to_string(records) + " commit records (" +
        std::to_string(redo.operations()) + " operations) after checkpoint " + wal::format_lsn(start) + " done in " +
        std::to_string(recovery_.seconds) + " s");
  }

  wal::LogWriterOptions wo;
  wo.fsync = options_.fsync;
  wo.segment_size = options_.wal_segment_size;
  wal_ = std::make_unique<wal::LogWriter>(wal_dir, read.segment_start, read.end_lsn, wo,
                                          options_.log_storage ? options_.log_storage() : wal::posix_log_storage());
  wal_->start_background_flush(options_.wal_writer_delay);
  last_checkpoint_lsn_ = start;
  last_checkpoint_time_ = std::chrono::steady_clock::now();
  logged_schema_.remember(catalog_);
  if (!options_.fsync) log("fsync is off: a crash or power loss can lose committed transactions (use only for tests)");
}

uint64_t Engine::commit(Transaction& t, std::unique_lock<std::mutex>* latch) {
  uint64_t lsn = commit_and_log(t, latch);
  // Piggybacked on the commit, bounded: what this commit (or the snapshot
  // that just ended with it) made collectable. Cheap when nothing is due.
  if (gc_.work_pending(txns_)) collect_garbage_step();
  return lsn;
}

bool Engine::collect_garbage_step() {
  ExecContext ctx;   // evaluates index expressions and predicates only
  ctx.engine = this;
  ctx.catalog = &catalog_;
  CurrentCatalogScope catalog_scope(&catalog_);   // binding an expression may look names up
  try {
    return gc_.step(ctx, catalog_, txns_);
  } catch (const std::exception& e) {
    // Never fails a commit: what was not freed stays (and is found by a later sweep).
    log(std::string("garbage collection step failed: ") + e.what());
    return false;
  }
}

void Engine::collect_garbage() {
  ExecContext ctx;
  ctx.engine = this;
  ctx.catalog = &catalog_;
  CurrentCatalogScope catalog_scope(&catalog_);
  gc_.collect_all(ctx, catalog_, txns_);
}

uint64_t Engine::commit_and_log(Transaction& t, std::unique_lock<std::mutex>* latch) {
  if (!wal_) {
    txns_.commit(t);
    return 0;
  }
  if (t.changed_catalog()) {
    // The new definitions and the writes the new catalog keeps, in one
    // record (engine/schema_redo.h): a DDL commit appends and flushes like
    // any other, in log order with them.
    std::string redo;
    encode_schema_redo(t, catalog_, logged_schema_, redo);
    uint64_t lsn = wal_->append(wal::RecordType::kSchema, redo);   // throws before anything is stamped
    txns_.commit(t);
    logged_schema_.remember(catalog_);
    return lsn;
  }
  if (t.writes().empty() && t.touched_sequences().empty()) {
    txns_.commit(t);
    return 0;
  }
  std::string redo(wal::kRecordHeaderSize, '\0');   // room for the header: framed in place
  if (logged_schema_.covers(t)) {
    wal::encode_commit_redo(t, catalog_, redo);
  } else {
    // Writes into what an open schema change made: its record must come
    // first. Once it has ended, writes into what it left behind unlogged
    // (rolled back, or dropped again) are invisible to everyone: left out.
    for (;;) {
      uint64_t holder = txns_.schema_change_holder();
      if (holder == 0 || holder == t.marker() || !txns_.in_progress(holder)) break;
      if (!latch) {
        throw DbError("40001", "could not serialize access due to a concurrent schema change");
      }
      txns_.wait_for(t.marker(), holder, *latch);
    }
    wal::RedoFilter known = logged_schema_.known_only();
    wal::encode_commit_redo(t, catalog_, redo, &known);
  }
  uint64_t lsn = wal_->append_framed(wal::RecordType::kCommit, std::move(redo));   // throws before anything is stamped
  txns_.commit(t);
  return lsn;
}

void Engine::wait_durable(uint64_t lsn) {
  if (wal_ && lsn) wal_->flush(lsn);
}

void Engine::checkpoint(uint64_t requester_marker, const std::function<void(uint64_t holder)>& wait) {
  if (!wal_) return;
  for (;;) {
    uint64_t holder = txns_.schema_change_holder();
    if (holder == 0 || !txns_.in_progress(holder)) break;
    if (holder == requester_marker) {
      wal_->flush_all();
      return;
    }
    wait(holder);   // a schema change, or another checkpoint
  }
  run_checkpoint(/*release_latch=*/true);
}

void Engine::save_snapshot() {
  if (!wal_) return;
  std::unique_lock<std::mutex> lock(latch_);
  uint64_t holder = txns_.schema_change_holder();
  if (holder != 0 && txns_.in_progress(holder)) {
    wal_->flush_all();   // an open schema change cannot be checkpointed; the log has every commit
    return;
  }
  run_checkpoint(/*release_latch=*/false);   // nobody is writing any more
}

namespace {

class FileSink : public SnapshotSink {
 public:
  explicit FileSink(wal::AtomicFileWriter& file) : file_(file) {}
  void append(std::string_view bytes) override { file_.append(bytes); }
  void patch(uint64_t offset, std::string_view bytes) override { file_.patch(offset, bytes); }

 private:
  wal::AtomicFileWriter& file_;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

void Engine::run_checkpoint(bool release_latch) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  auto hold_started = started;   // when the latch was last taken
  double longest_hold = 0;
  auto let_go = [&] {
    longest_hold = std::max(longest_hold, seconds_since(hold_started));
    latch_.unlock();
  };
  auto take = [&] {
    latch_.lock();
    hold_started = Clock::now();
  };
  std::exception_ptr failure;

  // Under the latch: no DDL until we are done (the claim also keeps a second
  // checkpoint out). The head copies are allocated with the latch released,
  // then the capture. Commits append to the log and stamp their versions
  // under the latch, so every commit so far lies before `lsn` with a timestamp
  // <= read_ts, and every later one after both: the image holds exactly the
  // commits before `lsn`, and recovery replays from there.
  std::unique_ptr<Transaction> claim;
  if (release_latch) {
    claim = txns_.begin();
    txns_.set_schema_change_holder(claim->marker());
  }
  ImageCapture image;
  uint64_t lsn = 0;
  try {
    image.plan(catalog_);
    if (release_latch) let_go();
    try {
      image.allocate();
    } catch (...) {
      if (release_latch) take();
      throw;
    }
    if (release_latch) take();
    lsn = wal_->end_lsn();
    // Holding the latch throughout, every committed version belongs in the image.
    image.capture(catalog_, release_latch ? txns_.now() : kEveryCommit);
  } catch (...) {
    image.release();
    if (claim) txns_.rollback(*claim);
    throw;
  }

  // Without the latch (unless at shutdown): flush the
  // log to `lsn`, so recovery always finds it continuing there, then stream
  // the image to a temporary file, fsync, rename.
  WithLatch with_latch = [&](const std::function<void()>& step) {
    if (!release_latch) return step();
    take();
    try {
      step();
    } catch (...) {
      let_go();
      throw;
    }
    let_go();
  };
  if (release_latch) let_go();
  try {
    if (release_latch && options_.checkpoint_capture_hook) options_.checkpoint_capture_hook();
    wal_->flush(lsn);
    wal::AtomicFileWriter file(path_, checkpoint_name(lsn), options_.fsync);
    FileSink sink(file);
    image.write(sink, with_latch);
    file.commit();
  } catch (...) {
    failure = std::current_exception();
  }
  if (release_latch) take();

  // Under the latch again: free what was retired meanwhile, mark the log.
  image.release();
  uint64_t marker_end = 0;
  if (!failure) {
    try {
      marker_end = wal_->append(wal::RecordType::kCheckpoint, std::string(1, '\0'));
      last_checkpoint_lsn_ = lsn;
      last_checkpoint_time_ = std::chrono::steady_clock::now();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  if (release_latch) let_go();
  // The marker is not needed for recovery (the file is), so it need not be
  // durable before the log it makes unnecessary is retired.
  if (!failure) {
    try {
      wal_->flush(marker_end);
      retire_old_checkpoints();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  if (release_latch) take();
  if (claim) txns_.rollback(*claim);   // lets waiting schema changes and checkpoints in
  if (failure) std::rethrow_exception(failure);

  last_checkpoint_ = CheckpointReport{lsn, image.rows_written(), seconds_since(started),
                                      release_latch ? longest_hold : seconds_since(started)};
  if (release_latch) {
    char line[256];
    std::snprintf(line, sizeof(line), "checkpoint complete: %llu rows at log position %s in %.3f s; "
                  "longest latch hold %.1f ms", static_cast<unsigned long long>(last_checkpoint_.rows),
                  wal::format_lsn(lsn).c_str(), last_checkpoint_.seconds, last_checkpoint_.longest_latch_hold * 1000);
    log(line);
  }
}

void Engine::retire_old_checkpoints() {
  // Keep the newest checkpoints; the log older than the oldest kept one is no longer needed.
  std::vector<uint64_t> all = list_checkpoints(path_);
  for (size_t i = kCheckpointsKept; i < all.size(); ++i) wal::remove_file(wal::join_path(path_, checkpoint_name(all[i])));
  if (all.empty()) return;
  uint64_t oldest_kept = all[std::min(all.size(), kCheckpointsKept) - 1];
  wal_->remove_segments_before(oldest_kept);
}

void Engine::checkpointer_loop() {
  std::unique_lock<std::mutex> lock(checkpointer_mu_);
  while (!stopping_) {
    checkpointer_wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    {
      std::unique_lock<std::mutex> latch(latch_);
      auto now = std::chrono::steady_clock::now();
      uint64_t end = wal_->end_lsn();
      bool written = end > last_checkpoint_lsn_ + wal::kRecordHeaderSize + 1;   // more than our own marker
      bool due = now - last_checkpoint_time_ >= options_.checkpoint_timeout ||
                 end - last_checkpoint_lsn_ >= options_.max_wal_size;
      uint64_t holder = txns_.schema_change_holder();
      bool schema_open = holder != 0 && txns_.in_progress(holder);   // a schema change or a checkpoint
      if (due && !written) last_checkpoint_time_ = now;   // nothing new to save
      if (due && written && !schema_open && !wal_->failed()) {
        try {
          run_checkpoint(/*release_latch=*/true);
        } catch (const std::exception& e) {
          log(std::string("checkpoint failed: ") + e.what());
        }
      }
    }
    // Garbage left over when no commit came after it (a bulk DELETE, the
    // end of a long snapshot): bounded steps, the latch let go in between,
    // for at most about 100 ms a second.
    auto gc_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
    for (bool more = true; more && std::chrono::steady_clock::now() < gc_until;) {
      std::lock_guard<std::mutex> latch(latch_);
      more = gc_.work_pending(txns_) && collect_garbage_step();
    }
    lock.lock();
  }
}

}  // namespace upsertdb
