// Server: the listening socket and one thread per client connection, all on
// one shared Engine. stop() is async-signal-safe (it writes one byte to a
// pipe), so a SIGTERM/SIGINT handler can call it; every connection sees the
// same pipe and ends with FATAL 57P01, and run() returns once all are gone,
// leaving the Engine to be destroyed (which saves the snapshot).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "server/cancel_registry.h"
#include "server/hba_rules.h"
#include "server/role_connections.h"
#include "server/tls_context.h"

namespace upsertdb {
class Engine;
}

namespace upsertdb::server {

struct ServerOptions {
  int max_connections = 100;   // PostgreSQL's default
  // Session settings every connection starts with (PostgreSQL names).
  std::vector<std::pair<std::string, std::string>> session_defaults;
  // Who may connect how (hba_rules.h); the default trusts loopback only.
  HbaRules hba = HbaRules::defaults();
  // TLS for clients that send SSLRequest; null = answer 'N'.
  std::shared_ptr<TlsContext> tls;
};

class Server {
 public:
  explicit Server(Engine& engine, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens ("*" = every IPv4 address). Throws std::runtime_error
  // with a message for the user, e.g. when the port is already taken.
  void listen(const std::string& address, int port);
  int port() const { return port_; }   // the bound port (useful with port 0)

  // Accepts clients until stop(), then waits for every connection to end.
  void run();
  // Safe to call from a signal handler or any thread.
  void stop();

 private:
  void serve_client(int fd, bool over_limit);

  Engine& engine_;
  ServerOptions options_;
  int listen_fd_ = -1;
  int port_ = 0;
  int stop_pipe_[2] = {-1, -1};   // [0] readable once stopping
  std::mutex mu_;
  std::condition_variable all_gone_;
  int active_ = 0;
  std::set<int> client_fds_;      // open client sockets, to unblock them at shutdown
  std::atomic<int32_t> next_pid_;
  CancelRegistry cancels_;
  RoleConnections role_connections_;
};

}  // namespace upsertdb::server
