// LogFile / LogStorage: the only file operations the log writer performs,
// behind an interface so tests can make a write or an fsync fail (disk full,
// I/O error) at a chosen moment. Both raise DbError 58030 on failure (53100
// for a full disk).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace upsertdb::wal {

class LogFile {
 public:
  virtual ~LogFile() = default;
  // Writes all of `bytes` at `offset`.
  virtual void write_at(uint64_t offset, std::string_view bytes) = 0;
  // fdatasync: everything written so far is on stable storage.
  virtual void sync() = 0;
  // The file's current size.
  virtual uint64_t size() = 0;
  // Writes `length` zero bytes at `offset` and syncs them: room prepared
  // ahead of the log's writes (segment_preallocator.h), not log data, so
  // fault-injecting storages pass it through uncounted.
  virtual void zero_fill(uint64_t offset, uint64_t length) = 0;
};

class LogStorage {
 public:
  virtual ~LogStorage() = default;
  // Opens `path` for reading and writing, creating it (empty) when missing.
  virtual std::unique_ptr<LogFile> open(const std::string& path) = 0;
  // Makes the creation of files in `dir` durable.
  virtual void sync_directory(const std::string& dir) = 0;
};

// The real thing: open(2), pwrite(2), fdatasync(2).
std::unique_ptr<LogStorage> posix_log_storage();

}  // namespace upsertdb::wal
