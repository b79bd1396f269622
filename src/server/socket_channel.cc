#include "server/socket_channel.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace upsertdb::server {

SocketChannel::ReadStatus SocketChannel::read_some(std::string& out) {
  for (;;) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    int n = ::poll(fds, stop_fd_ >= 0 ? 2 : 1, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ReadStatus::kClosed;
    }
    if (stop_fd_ >= 0 && (fds[1].revents & POLLIN)) return ReadStatus::kStopping;
    if (fds[0].revents == 0) continue;
    char buf[16384];
    ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) return ReadStatus::kClosed;
    out.append(buf, static_cast<size_t>(got));
    return ReadStatus::kData;
  }
}

bool SocketChannel::write_all(std::string_view data) {
  while (!data.empty()) {
    ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

}  // namespace upsertdb::server
