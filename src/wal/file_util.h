// Small POSIX file helpers shared by the WAL, checkpoints and the engine's
// data-directory handling. Every failure raises DbError 58030 (io_error), or
// 53100 (disk_full) for ENOSPC, with PostgreSQL's
// "could not <verb> file \"path\": <strerror>" wording.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace upsertdb::wal {

std::string join_path(const std::string& dir, const std::string& name);
[[noreturn]] void throw_io_error(const std::string& what, const std::string& file, int err);

// Reads a whole file; false when it does not exist.
bool read_whole_file(const std::string& file, std::string& out);
// Names of the entries of `dir` (no "." or ".."); empty when it does not exist.
std::vector<std::string> list_directory(const std::string& dir);
void fsync_directory(const std::string& dir);
void truncate_file(const std::string& file, uint64_t size);
void remove_file(const std::string& file);
// Replaces dir/name with `bytes` so a reader sees the old or the new file whole:
// temporary file, fsync, rename, fsync of the directory. `sync` false skips
// the fsyncs (fsync = off).
void write_file_atomically(const std::string& dir, const std::string& name, const std::string& bytes,
                           bool sync = true);

// The same, for a file too large to build in memory: append() pieces (kept in
// a buffer of kBufferSize and written to "<name>.tmp" as it fills), then
// commit() syncs and renames. Destroying a writer that was not committed
// removes the temporary file.
class AtomicFileWriter {
 public:
  static constexpr size_t kBufferSize = size_t{1} << 20;

  AtomicFileWriter(const std::string& dir, const std::string& name, bool sync = true);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void append(std::string_view bytes);
  // Overwrites bytes already appended, at `offset` (a length in a header).
  void patch(uint64_t offset, std::string_view bytes);
  uint64_t size() const { return written_ + buffer_.size(); }
  void commit();

 private:
  void write_buffer();
  [[noreturn]] void fail(const std::string& what, int err);

  std::string dir_, temp_, target_;
  bool sync_;
  int fd_ = -1;
  std::string buffer_;
  uint64_t written_ = 0;   // bytes handed to write(2)
};

}  // namespace upsertdb::wal
