// SocketChannel: blocking byte I/O on one client socket that also wakes up when
// the server shuts down. Writes use MSG_NOSIGNAL so a client that vanished
// gives an error return, never SIGPIPE.
#pragma once

#include <string>
#include <string_view>

namespace upsertdb::server {

class SocketChannel {
 public:
  // `stop_fd` becomes readable (and stays so) once the server is stopping; -1 = never.
  SocketChannel(int fd, int stop_fd) : fd_(fd), stop_fd_(stop_fd) {}

  enum class ReadStatus { kData, kClosed, kStopping };
  // Waits for bytes and appends what arrived to `out`.
  ReadStatus read_some(std::string& out);
  // Sends everything; false when the peer is gone (the connection must end).
  bool write_all(std::string_view data);
  int fd() const { return fd_; }

 private:
  int fd_;
  int stop_fd_;
};

}  // namespace upsertdb::server
