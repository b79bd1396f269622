#include "server/socket_channel.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace upsertdb::server {

SocketChannel::~SocketChannel() {
  if (ssl_) {
    // A close_notify, best effort: the client may be gone already.
    SSL_shutdown(ssl_);
    SSL_free(ssl_);
  }
}

SocketChannel::WaitResult SocketChannel::wait(bool for_write, int timeout_ms) {
  for (;;) {
    pollfd fds[2] = {{fd_, static_cast<short>(for_write ? POLLOUT : POLLIN), 0}, {stop_fd_, POLLIN, 0}};
    // An EINTR restarts the full timeout: the limit is a lower bound, which is all callers need.
    int n = ::poll(fds, stop_fd_ >= 0 ? 2 : 1, timeout_ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      return WaitResult::kClosed;
    }
    if (n == 0) return WaitResult::kTimeout;
    if (stop_fd_ >= 0 && (fds[1].revents & POLLIN)) return WaitResult::kStopping;
    if (fds[0].revents != 0) return WaitResult::kReady;
  }
}

bool SocketChannel::stopping() const {
  if (stop_fd_ < 0) return false;
  pollfd p{stop_fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

SocketChannel::ReadStatus SocketChannel::read_some(std::string& out, int timeout_ms) {
  char buf[16384];
  for (;;) {
    // Without a timeout a plain socket is read straight away: recv() blocks
    // as poll() would, one system call per message instead of two. The
    // server shuts the read side of every socket down once it stops
    // (Server::run), which ends that wait; the stop pipe then tells a stop
    // from a client that left.
    bool direct = !ssl_ && timeout_ms < 0;
    // Bytes OpenSSL already decrypted are not visible to poll().
    if (!direct && !(ssl_ && SSL_pending(ssl_) > 0)) {
      switch (wait(false, timeout_ms)) {
        case WaitResult::kReady: break;
        case WaitResult::kClosed: return ReadStatus::kClosed;
        case WaitResult::kStopping: return ReadStatus::kStopping;
        case WaitResult::kTimeout: return ReadStatus::kTimeout;
      }
    }
    if (ssl_) {
      ERR_clear_error();
      int got = SSL_read(ssl_, buf, sizeof buf);
      if (got > 0) {
        out.append(buf, static_cast<size_t>(got));
        return ReadStatus::kData;
      }
      int err = SSL_get_error(ssl_, got);
      if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) continue;
      if (err == SSL_ERROR_SYSCALL && errno == EINTR) continue;
      return ReadStatus::kClosed;
    }
    ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) return stopping() ? ReadStatus::kStopping : ReadStatus::kClosed;
    out.append(buf, static_cast<size_t>(got));
    return ReadStatus::kData;
  }
}

bool SocketChannel::write_all(std::string_view data) {
  while (!data.empty()) {
    if (ssl_) {
      ERR_clear_error();
      int sent = SSL_write(ssl_, data.data(), static_cast<int>(data.size() > (1u << 30) ? (1u << 30) : data.size()));
      if (sent > 0) {
        data.remove_prefix(static_cast<size_t>(sent));
        continue;
      }
      int err = SSL_get_error(ssl_, sent);
      if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) continue;
      if (err == SSL_ERROR_SYSCALL && errno == EINTR) continue;
      return false;
    }
    ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

bool SocketChannel::start_tls(SSL_CTX* ctx, std::string& error) {
  ssl_ = SSL_new(ctx);
  if (!ssl_ || SSL_set_fd(ssl_, fd_) != 1) {
    error = "could not initialize SSL connection";
    return false;
  }
  for (;;) {
    ERR_clear_error();
    int rc = SSL_accept(ssl_);
    if (rc == 1) return true;
    int err = SSL_get_error(ssl_, rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      if (wait(err == SSL_ERROR_WANT_WRITE) != WaitResult::kReady) break;
      continue;
    }
    if (err == SSL_ERROR_SYSCALL && errno == EINTR) continue;
    unsigned long e = ERR_peek_error();
    char buf[256] = "EOF detected";
    if (e) ERR_error_string_n(e, buf, sizeof buf);
    error = std::string("could not accept SSL connection: ") + buf;
    break;
  }
  // The handshake failed: no TLS alert or shutdown worth sending now.
  SSL_free(ssl_);
  ssl_ = nullptr;
  if (error.empty()) error = "could not accept SSL connection";
  return false;
}

std::string SocketChannel::tls_version() const { return ssl_ ? SSL_get_version(ssl_) : ""; }

}  // namespace upsertdb::server
