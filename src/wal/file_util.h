// Small POSIX file helpers shared by the WAL, checkpoints and the engine's
// data-directory handling. Every failure raises DbError 58030 (io_error)
// with PostgreSQL's "could not <verb> file \"path\": <strerror>" wording.
#pragma once

#include <cstdint>
#include <string>
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

}  // namespace upsertdb::wal
