// Tests only: a LogStorage over the real files that fails on demand — the
// Nth write or fsync (counting from 1, across every file it opens), or every
// fsync while `fail_syncs` is set — so tests can make the disk fill up or
// break at a chosen moment, and preparing room (zero_fill) fail on demand. The counters and switches live in a shared
// Faults object, so an engine that opens several storages shares one set.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"
#include "wal/file_util.h"
#include "wal/log_file.h"

namespace upsertdb::wal {

struct LogFaults {
  std::atomic<int> appends{0}, syncs{0};   // calls so far
  std::atomic<int> fail_append_at{-1}, fail_sync_at{-1};
  std::atomic<bool> fail_syncs{false};
  std::atomic<bool> fail_zero_fills{false};   // preparing room meets a full disk
};

class FaultInjectingLogStorage : public LogStorage {
 public:
  explicit FaultInjectingLogStorage(std::shared_ptr<LogFaults> faults = std::make_shared<LogFaults>())
      : faults_(std::move(faults)) {}
  LogFaults& faults() { return *faults_; }

  std::unique_ptr<LogFile> open(const std::string& path) override {
    return std::make_unique<File>(faults_, posix_log_storage()->open(path));
  }
  void sync_directory(const std::string& dir) override { fsync_directory(dir); }

 private:
  struct File : LogFile {
    File(std::shared_ptr<LogFaults> f, std::unique_ptr<LogFile> r) : faults(std::move(f)), real(std::move(r)) {}
    void write_at(uint64_t offset, std::string_view bytes) override {
      if (++faults->appends == faults->fail_append_at) {
        throw DbError("58030", "could not write to file: No space left on device");
      }
      real->write_at(offset, bytes);
    }
    void sync() override {
      if (++faults->syncs == faults->fail_sync_at || faults->fail_syncs) {
        throw DbError("58030", "could not fdatasync file: Input/output error");
      }
      real->sync();
    }
    uint64_t size() override { return real->size(); }
    // Prepared room is not log data: not counted as a write or an fsync.
    void zero_fill(uint64_t offset, uint64_t length) override {
      if (faults->fail_zero_fills) throw DbError("53100", "could not write to file: No space left on device");
      real->zero_fill(offset, length);
    }
    std::shared_ptr<LogFaults> faults;
    std::unique_ptr<LogFile> real;
  };

  std::shared_ptr<LogFaults> faults_;
};

}  // namespace upsertdb::wal
