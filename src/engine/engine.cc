// Engine: opening a data directory (create, lock, load the snapshot) and
// writing its snapshot at clean shutdown. The snapshot format itself lives in
// engine/snapshot_file.h.
#include "engine/engine.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "common/error.h"
#include "engine/snapshot_file.h"

namespace upsertdb {

namespace {

constexpr const char* kIoError = "58030";           // io_error
constexpr const char* kObjectInUse = "55006";       // object_in_use
constexpr const char* kSnapshotName = "snapshot";
constexpr const char* kSnapshotTempName = "snapshot.tmp";
constexpr const char* kLockName = "LOCK";

std::string join(const std::string& dir, const char* name) { return (std::filesystem::path(dir) / name).string(); }

[[noreturn]] void io_error(const std::string& what, const std::string& file, int err) {
  throw DbError(kIoError, "could not " + what + " \"" + file + "\": " + std::strerror(err));
}

// Takes an exclusive flock on <dir>/LOCK; another process (or another Engine
// in this one) holding it means the directory is in use.
int lock_data_directory(const std::string& dir) {
  std::string lock_path = join(dir, kLockName);
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) io_error("open file", lock_path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      throw DbError(kObjectInUse, "could not lock data directory \"" + dir +
                                      "\": another UpsertDB process is using it");
    }
    io_error("lock file", lock_path, err);
  }
  return fd;
}

// Reads a whole file; false when it does not exist.
bool read_whole_file(const std::string& file, std::string& out) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return false;
    io_error("open file", file, errno);
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      io_error("read file", file, err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

void fsync_path(const std::string& file, int flags) {
  int fd = ::open(file.c_str(), flags | O_CLOEXEC);
  if (fd < 0) io_error("open file", file, errno);
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    io_error("fsync file", file, err);
  }
  ::close(fd);
}

// Replaces `dir`/`name` with `bytes` so that a reader sees either the old or
// the new file whole: write a temporary file, fsync it, rename it over the
// target, fsync the directory so the rename itself is durable.
void write_file_atomically(const std::string& dir, const char* name, const char* temp_name,
                           const std::string& bytes) {
  std::string temp = join(dir, temp_name);
  std::string target = join(dir, name);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) io_error("create file", temp, errno);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      io_error("write file", temp, err);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    io_error("fsync file", temp, err);
  }
  if (::close(fd) != 0) io_error("close file", temp, errno);
  if (::rename(temp.c_str(), target.c_str()) != 0) io_error("rename file", temp, errno);
  fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace

Engine::Engine(std::string path) : path_(std::move(path)) {
  if (in_memory()) return;
  std::error_code ec;
  std::filesystem::create_directories(path_, ec);
  if (ec) throw DbError(kIoError, "could not create directory \"" + path_ + "\": " + ec.message());
  lock_fd_ = lock_data_directory(path_);
  try {
    load_snapshot();
  } catch (...) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw;
  }
}

Engine::~Engine() {
  if (in_memory()) return;
  try {
    save_snapshot();
  } catch (const std::exception& e) {
    std::cerr << "upsertdb: could not save the snapshot of \"" << path_ << "\": " << e.what() << std::endl;
  } catch (...) {
    std::cerr << "upsertdb: could not save the snapshot of \"" << path_ << "\"" << std::endl;
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);   // releases the flock
}

void Engine::load_snapshot() {
  std::string file = join(path_, kSnapshotName);
  std::string bytes;
  if (!read_whole_file(file, bytes)) return;   // a new data directory
  deserialize_snapshot(bytes, catalog_, file);
  // Loaded rows carry begin timestamp 1; the TransactionManager's first commit
  // is 2, so they are older than anything committed from now on.
}

void Engine::save_snapshot() {
  if (in_memory()) return;
  // The latch is held through the write too, so two saves never share the
  // temporary file.
  std::lock_guard<std::mutex> lock(latch_);
  write_file_atomically(path_, kSnapshotName, kSnapshotTempName, serialize_snapshot(catalog_));
}

}  // namespace upsertdb
