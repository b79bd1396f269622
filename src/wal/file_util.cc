// POSIX file helpers (contract in file_util.h).
#include "wal/file_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/error.h"

namespace upsertdb::wal {

std::string join_path(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / name).string();
}

void throw_io_error(const std::string& what, const std::string& file, int err) {
  // PostgreSQL's errcode_for_file_access: a full disk is 53100 disk_full, the rest 58030.
  throw DbError(err == ENOSPC ? "53100" : "58030", "could not " + what + " \"" + file + "\": " + std::strerror(err));
}

bool read_whole_file(const std::string& file, std::string& out) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return false;
    throw_io_error("open file", file, errno);
  }
  off_t size = ::lseek(fd, 0, SEEK_END);
  if (size > 0) out.reserve(out.size() + static_cast<size_t>(size));
  ::lseek(fd, 0, SEEK_SET);
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      throw_io_error("read file", file, err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

std::vector<std::string> list_directory(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    if (errno == ENOENT) return names;
    throw_io_error("open directory", dir, errno);
  }
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

void fsync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_io_error("open directory", dir, errno);
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    throw_io_error("fsync directory", dir, err);
  }
  ::close(fd);
}

void truncate_file(const std::string& file, uint64_t size) {
  if (::truncate(file.c_str(), static_cast<off_t>(size)) != 0) throw_io_error("truncate file", file, errno);
}

void remove_file(const std::string& file) {
  if (::unlink(file.c_str()) != 0 && errno != ENOENT) throw_io_error("remove file", file, errno);
}

void write_file_atomically(const std::string& dir, const std::string& name, const std::string& bytes, bool sync) {
  AtomicFileWriter out(dir, name, sync);
  out.append(bytes);
  out.commit();
}

AtomicFileWriter::AtomicFileWriter(const std::string& dir, const std::string& name, bool sync)
    : dir_(dir), temp_(join_path(dir, name + ".tmp")), target_(join_path(dir, name)), sync_(sync) {
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) throw_io_error("create file", temp_, errno);
  buffer_.reserve(kBufferSize);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
}

void AtomicFileWriter::fail(const std::string& what, int err) {
  ::close(fd_);
  fd_ = -1;
  ::unlink(temp_.c_str());
  throw_io_error(what, temp_, err);
}

void AtomicFileWriter::append(std::string_view bytes) {
  if (buffer_.size() + bytes.size() > kBufferSize) write_buffer();
  if (bytes.size() >= kBufferSize) {   // large pieces skip the buffer
    buffer_ = bytes;
    write_buffer();
    buffer_.shrink_to_fit();
    buffer_.reserve(kBufferSize);
    return;
  }
  buffer_.append(bytes);
}

void AtomicFileWriter::write_buffer() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write to file", errno);
    }
    done += static_cast<size_t>(n);
  }
  written_ += buffer_.size();
  buffer_.clear();
}

void AtomicFileWriter::patch(uint64_t offset, std::string_view bytes) {
  if (offset >= written_) {   // still in the buffer
    buffer_.replace(static_cast<size_t>(offset - written_), bytes.size(), bytes);
    return;
  }
  write_buffer();
  if (::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset)) != static_cast<ssize_t>(bytes.size())) {
    fail("write to file", errno ? errno : EIO);
  }
}

void AtomicFileWriter::commit() {
  write_buffer();
  if (sync_ && ::fsync(fd_) != 0) fail("fsync file", errno);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    ::unlink(temp_.c_str());
    throw_io_error("close file", temp_, errno);
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    int err = errno;
    ::unlink(temp_.c_str());
    throw_io_error("rename file", temp_, err);
  }
  if (sync_) fsync_directory(dir_);
}

}  // namespace upsertdb::wal
