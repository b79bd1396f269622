// SocketChannel: blocking byte I/O on one client socket that also wakes up when
// the server shuts down (its stop pipe, and for a read without a timeout the
// read side of the socket shut down by the server). Writes use MSG_NOSIGNAL so a client that vanished
// gives an error return, never SIGPIPE. After start_tls() every byte goes
// through OpenSSL instead (the same calls, the same wake-up at shutdown).
#pragma once

#include <string>
#include <string_view>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace upsertdb::server {

class SocketChannel {
 public:
  // `stop_fd` becomes readable (and stays so) once the server is stopping; -1 = never.
  SocketChannel(int fd, int stop_fd) : fd_(fd), stop_fd_(stop_fd) {}
  ~SocketChannel();
  SocketChannel(const SocketChannel&) = delete;
  SocketChannel& operator=(const SocketChannel&) = delete;

  enum class ReadStatus { kData, kClosed, kStopping, kTimeout };
  // Waits for bytes and appends what arrived to `out`; kTimeout when none came
  // within `timeout_ms` (-1: wait as long as it takes).
  ReadStatus read_some(std::string& out, int timeout_ms = -1);
  // Sends everything; false when the peer is gone (the connection must end).
  bool write_all(std::string_view data);
  int fd() const { return fd_; }

  // Runs the TLS server handshake on the socket; false (with `error` set to
  // OpenSSL's reason) when it fails, after which the connection must end.
  bool start_tls(SSL_CTX* ctx, std::string& error);
  bool tls() const { return ssl_ != nullptr; }
  // "TLSv1.3" etc.; "" without TLS.
  std::string tls_version() const;

 private:
  enum class WaitResult { kReady, kClosed, kStopping, kTimeout };
  // Waits until the socket is readable (or writable).
  WaitResult wait(bool for_write, int timeout_ms = -1);
  // The stop pipe is readable: the server is stopping.
  bool stopping() const;
  int fd_;
  int stop_fd_;
  SSL* ssl_ = nullptr;
};

}  // namespace upsertdb::server
