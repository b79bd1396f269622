#include "server/cancel_registry.h"

#include "engine/session.h"

namespace upsertdb::server {

void CancelRegistry::add(int32_t pid, int32_t secret, Session* session) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_[pid] = {secret, session};
}

void CancelRegistry::remove(int32_t pid) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(pid);
}

bool CancelRegistry::cancel(int32_t pid, int32_t secret) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(pid);
  if (it == sessions_.end() || it->second.first != secret) return false;
  it->second.second->cancel();   // an atomic store: safe while the session runs
  return true;
}

}  // namespace upsertdb::server
