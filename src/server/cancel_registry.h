// CancelRegistry: which session a CancelRequest's (process id, secret key)
// names. Connections register their session after startup and remove it when
// they end; a CancelRequest arriving on a fresh connection looks the pair up
// and cancels that session's running statement (57014), as PostgreSQL does.
// A wrong secret is ignored silently, also as PostgreSQL does.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

namespace upsertdb {
class Session;
}

namespace upsertdb::server {

class CancelRegistry {
 public:
  void add(int32_t pid, int32_t secret, Session* session);
  void remove(int32_t pid);
  // True when a session matched and was asked to cancel.
  bool cancel(int32_t pid, int32_t secret);

 private:
  std::mutex mu_;
  std::map<int32_t, std::pair<int32_t, Session*>> sessions_;
};

}  // namespace upsertdb::server
