// Engine: opening a data directory (create, lock, recover) and closing it
// (final checkpoint). Recovery, commits and checkpoints are in durability.cc.
#include "engine/engine.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "common/error.h"
#include "wal/file_util.h"

namespace upsertdb {

namespace {

constexpr const char* kObjectInUse = "55006";       // object_in_use
constexpr const char* kLockName = "LOCK";

// Takes an exclusive flock on <dir>/LOCK; another process (or another Engine
// in this one) holding it means the directory is in use.
int lock_data_directory(const std::string& dir) {
  std::string lock_path = wal::join_path(dir, kLockName);
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) wal::throw_io_error("open file", lock_path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      throw DbError(kObjectInUse, "could not lock data directory \"" + dir +
                                      "\": another UpsertDB process is using it");
    }
    wal::throw_io_error("lock file", lock_path, err);
  }
  return fd;
}

}  // namespace

Engine::Engine(std::string path, EngineOptions options) : path_(std::move(path)), options_(std::move(options)) {
  if (in_memory()) return;
  std::error_code ec;
  std::filesystem::create_directories(path_, ec);
  if (ec) throw DbError("58030", "could not create directory \"" + path_ + "\": " + ec.message());
  lock_fd_ = lock_data_directory(path_);
  try {
    roles_.open(path_, options_.fsync);
    recover();
  } catch (...) {
    wal_.reset();
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw;
  }
  checkpointer_ = std::thread([this] { checkpointer_loop(); });
}

Engine::~Engine() {
  if (in_memory()) return;
  {
    std::lock_guard<std::mutex> lock(checkpointer_mu_);
    stopping_ = true;
  }
  checkpointer_wake_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  try {
    if (options_.checkpoint_at_shutdown) save_snapshot();
  } catch (const std::exception& e) {
    std::cerr << "upsertdb: could not write the shutdown checkpoint of \"" << path_ << "\": " << e.what()
              << " (the write-ahead log still holds every commit)" << std::endl;
  }
  wal_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);   // releases the flock
}

namespace {

// PostgreSQL's display of a duration: the largest unit that divides it.
std::string show_duration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + "min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::string show_bytes(uint64_t b) {
  if (b % (uint64_t{1} << 30) == 0) return std::to_string(b >> 30) + "GB";
  return std::to_string(b >> 20) + "MB";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> Engine::server_settings() const {
  return {{"fsync", options_.fsync ? "on" : "off"},
          {"checkpoint_timeout", show_duration(options_.checkpoint_timeout)},
          {"max_wal_size", show_bytes(options_.max_wal_size)},
          {"wal_writer_delay", show_duration(options_.wal_writer_delay)}};
}

void Engine::log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << "LOG:  " << line << std::endl;
  }
}

}  // namespace upsertdb
