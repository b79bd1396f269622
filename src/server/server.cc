#include "server/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <thread>

#include "server/connection.h"

namespace upsertdb::server {

Server::Server(Engine& engine, ServerOptions options)
    : engine_(engine), options_(std::move(options)), next_pid_(static_cast<int32_t>(::getpid() % 100000) + 1) {
  if (::pipe(stop_pipe_) != 0) throw std::runtime_error(std::string("could not create pipe: ") + std::strerror(errno));
  ::fcntl(stop_pipe_[1], F_SETFL, O_NONBLOCK);
}

Server::~Server() {
  if (listen_fd_ >= 0) ::close(listen_fd_);
  ::close(stop_pipe_[0]);
  ::close(stop_pipe_[1]);
}

void Server::listen(const std::string& address, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string port_text = std::to_string(port);
  const char* host = address == "*" ? nullptr : address.c_str();
  if (host == nullptr) hints.ai_family = AF_INET;
  int rc = ::getaddrinfo(host, port_text.c_str(), &hints, &res);
  if (rc != 0) throw std::runtime_error("could not resolve listen address \"" + address + "\": " + gai_strerror(rc));
  std::string last_error;
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, 128) != 0) {
      int err = errno;
      last_error = std::strerror(err);
      if (err == EADDRINUSE)
        last_error += " (is another server already running on port " + port_text + "?)";
      ::close(fd);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
    port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                              : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    listen_fd_ = fd;
    break;
  }
  ::freeaddrinfo(res);
  if (listen_fd_ < 0)
    throw std::runtime_error("could not listen on " + address + ":" + port_text + ": " + last_error);
}

void Server::stop() {
  char b = 1;
  ssize_t ignored = ::write(stop_pipe_[1], &b, 1);
  (void)ignored;
}

void Server::run() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    int n = ::poll(fds, 2, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents & POLLIN) break;
    if (!(fds[0].revents & POLLIN)) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;   // EINTR, ECONNABORTED, EMFILE...: keep serving the others
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    bool over_limit;
    {
      std::lock_guard<std::mutex> lock(mu_);
      over_limit = ++active_ > options_.max_connections;
      client_fds_.insert(fd);
    }
    try {
      std::thread([this, fd, over_limit] { serve_client(fd, over_limit); }).detach();
    } catch (const std::exception&) {
      std::lock_guard<std::mutex> lock(mu_);
      client_fds_.erase(fd);
      ::close(fd);
      --active_;
    }
  }
  ::close(listen_fd_);
  listen_fd_ = -1;
  // Idle clients leave at once: a connection waiting in recv() wakes up when
  // its socket's read side is shut down, sees the stop pipe and says goodbye
  // (writing still works); one waiting in poll() sees the pipe itself. One
  // stuck writing to a client that stopped reading gets its socket shut down
  // whole after a grace period.
  std::unique_lock<std::mutex> lock(mu_);
  for (int fd : client_fds_) ::shutdown(fd, SHUT_RD);
  if (!all_gone_.wait_for(lock, std::chrono::seconds(5), [this] { return active_ == 0; })) {
    for (int fd : client_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  all_gone_.wait(lock, [this] { return active_ == 0; });
}

void Server::serve_client(int fd, bool over_limit) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  ConnectionInfo info;
  info.backend_pid = next_pid_++;
  info.secret_key = static_cast<int32_t>(rng());
  info.over_limit = over_limit;
  info.session_defaults = &options_.session_defaults;
  info.cancels = &cancels_;
  info.hba = &options_.hba;
  info.tls = options_.tls.get();
  info.role_connections = &role_connections_;
  try {
    Connection conn(engine_, fd, stop_pipe_[0], info);
    conn.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "LOG:  connection ended by an internal error: %s\n", e.what());
  }
  std::lock_guard<std::mutex> lock(mu_);
  client_fds_.erase(fd);
  ::close(fd);
  if (--active_ == 0) all_gone_.notify_all();
}

}  // namespace upsertdb::server
