// POSIX LogStorage (contract in log_file.h).
#include "wal/log_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "wal/file_util.h"

namespace upsertdb::wal {

namespace {

class PosixLogFile : public LogFile {
 public:
  PosixLogFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixLogFile() override { ::close(fd_); }

  void write_at(uint64_t offset, std::string_view bytes) override {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
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
  uint64_t size() override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) throw_io_error("stat file", path_, errno);
    return static_cast<uint64_t>(st.st_size);
  }
  void zero_fill(uint64_t offset, uint64_t length) override {
    static const std::string zeros(size_t{256} << 10, '\0');
    for (uint64_t done = 0; done < length;) {
      uint64_t n = std::min<uint64_t>(zeros.size(), length - done);
      write_at(offset + done, std::string_view(zeros.data(), n));
      done += n;
    }
    sync();
  }

 private:
  std::string path_;
  int fd_;
};

class PosixLogStorage : public LogStorage {
 public:
  std::unique_ptr<LogFile> open(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw_io_error("open file", path, errno);
    return std::make_unique<PosixLogFile>(path, fd);
  }
  void sync_directory(const std::string& dir) override { fsync_directory(dir); }
};

}  // namespace

std::unique_ptr<LogStorage> posix_log_storage() { return std::make_unique<PosixLogStorage>(); }

}  // namespace upsertdb::wal
