// LogFile / LogStorage: the only file operations the log writer performs,
// behind an interface so tests can make a write or an fsync fail (disk full,
// I/O error) at a chosen moment. Both raise DbError 58030 on failure.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace upsertdb::wal {

class LogFile {
 public:
  virtual ~LogFile() = default;
  // Writes all of `bytes` at the end of the file.
  virtual void append(std::string_view bytes) = 0;
  // fdatasync: everything appended so far is on stable storage.
  virtual void sync() = 0;
};

class LogStorage {
 public:
  virtual ~LogStorage() = default;
  // Opens `path` for appending, creating it when missing.
  virtual std::unique_ptr<LogFile> open_for_append(const std::string& path) = 0;
  // Makes the creation of files in `dir` durable.
  virtual void sync_directory(const std::string& dir) = 0;
};

// The real thing: open(2), write(2), fdatasync(2).
std::unique_ptr<LogStorage> posix_log_storage();

}  // namespace upsertdb::wal
