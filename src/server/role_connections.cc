#include "server/role_connections.h"

namespace upsertdb::server {

bool RoleConnections::acquire(const std::string& role, int32_t limit, bool superuser) {
  std::lock_guard<std::mutex> lock(mu_);
  int32_t& n = open_[role];
  if (!superuser && limit >= 0 && n + 1 > limit) {
    if (n == 0) open_.erase(role);
    return false;
  }
  ++n;
  return true;
}

void RoleConnections::release(const std::string& role) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(role);
  if (it != open_.end() && --it->second <= 0) open_.erase(it);
}

}  // namespace upsertdb::server
