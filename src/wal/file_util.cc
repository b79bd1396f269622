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
  throw DbError("58030", "could not " + what + " \"" + file + "\": " + std::strerror(err));
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
  std::string temp = join_path(dir, name + ".tmp");
  std::string target = join_path(dir, name);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw_io_error("create file", temp, errno);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      throw_io_error("write file", temp, err);
    }
    done += static_cast<size_t>(n);
  }
  if (sync && ::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    throw_io_error("fsync file", temp, err);
  }
  if (::close(fd) != 0) throw_io_error("close file", temp, errno);
  if (::rename(temp.c_str(), target.c_str()) != 0) throw_io_error("rename file", temp, errno);
  if (sync) fsync_directory(dir);
}

}  // namespace upsertdb::wal
