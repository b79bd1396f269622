// POSIX LogStorage (contract in log_file.h).
#include "wal/log_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "wal/file_util.h"

namespace upsertdb::wal {

namespace {

class PosixLogFile : public LogFile {
 public:
  PosixLogFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixLogFile() override { ::close(fd_); }

  void append(std::string_view bytes) override {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw_io_error("write to file", path_, errno);
      }
      done += static_cast<size_t>(n);
    }
  }
  void sync() override {
    if (::fdatasync(fd_) != 0) throw_io_error("fdatasync file", path_, errno);
  }

 private:
  std::string path_;
  int fd_;
};

class PosixLogStorage : public LogStorage {
 public:
  std::unique_ptr<LogFile> open_for_append(const std::string& path) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) throw_io_error("open file", path, errno);
    return std::make_unique<PosixLogFile>(path, fd);
  }
  void sync_directory(const std::string& dir) override { fsync_directory(dir); }
};

}  // namespace

std::unique_ptr<LogStorage> posix_log_storage() { return std::make_unique<PosixLogStorage>(); }

}  // namespace upsertdb::wal
