// RoleConnections: how many sessions each role has open, for CONNECTION LIMIT.
// As in PostgreSQL, the check runs once a client has authenticated, counts the
// new session itself, and does not apply to superusers.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace upsertdb::server {

class RoleConnections {
 public:
  // Counts a session of `role`; false (nothing counted) when that would
  // exceed `limit` (-1 = no limit).
  bool acquire(const std::string& role, int32_t limit, bool superuser);
  void release(const std::string& role);

 private:
  std::mutex mu_;
  std::map<std::string, int32_t> open_;
};

}  // namespace upsertdb::server
