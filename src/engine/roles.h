// RoleStore: the roles of one database (PostgreSQL's pg_authid), global to
// the data directory. A fresh store holds the bootstrap superuser `postgres`
// (oid 10, no password), as initdb creates it.
//
// Persistence (docs/auth.md): roles live in their own small file <dir>/roles,
// outside the checkpoint and the WAL, rewritten whole whenever a role DDL
// commits (temporary file, fsync, rename, directory fsync). The file is text,
// versioned, with a CRC-32C over everything before its last line; a file that
// fails the check refuses to open (the engine will not start on it rather than
// silently losing roles or passwords). An in-memory engine keeps roles in memory.
//
// Thread safety: every member may be called from any thread (the wire
// server authenticates outside the engine latch); a mutex guards the map.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace upsertdb {

struct RoleInfo {
  uint32_t oid = 0;
  std::string name;
  bool superuser = false;
  bool inherit = true;
  bool createrole = false;
  bool createdb = false;
  bool login = false;
  bool replication = false;
  bool bypassrls = false;
  int32_t connection_limit = -1;
  std::string password;      // "" = none; else a SCRAM verifier or an md5 hash (roles_secret.h)
  std::string valid_until;   // "" = no limit; else the timestamptz text as given
};

// One role DDL's effect, applied at commit (see RoleStore::commit).
struct RoleChange {
  enum class Kind { kCreate, kAlter, kDrop } kind = Kind::kCreate;
  RoleInfo role;             // kCreate / kAlter: the role's complete new state (oid assigned at commit for kCreate;
                             // a kAlter whose role.name differs from `name` renames)
  std::string name;          // kAlter / kDrop: the role it applies to
};

class RoleStore {
 public:
  RoleStore();
  // Loads <dir>/roles, or creates it with the bootstrap superuser when the
  // directory has none. Throws DbError (XX001 data_corrupted) on a damaged file.
  void open(const std::string& dir, bool fsync = true);

  std::optional<RoleInfo> find(const std::string& name) const;
  // Every role in oid order: the list pg_roles / pg_authid are built from.
  std::vector<RoleInfo> list() const;

  // Applies `changes` atomically: checks each against the committed roles
  // (a role created meanwhile by another session raises 42710, one dropped
  // raises 42704), writes the file, then publishes the new set. Throws and
  // changes nothing on failure.
  void commit(const std::vector<RoleChange>& changes);

  // File format, exposed for tests.
  static std::string serialize(const std::map<std::string, RoleInfo>& roles, uint32_t next_oid);
  // Throws DbError XX001 naming `file` when the text is damaged.
  static void parse(const std::string& text, const std::string& file, std::map<std::string, RoleInfo>& roles,
                    uint32_t& next_oid);

  static constexpr const char* kFileName = "roles";
  static constexpr uint32_t kBootstrapOid = 10;       // PostgreSQL's BOOTSTRAP_SUPERUSERID
  static constexpr uint32_t kFirstUserOid = 16384;    // PostgreSQL's FirstNormalObjectId

 private:
  mutable std::mutex mu_;
  std::map<std::string, RoleInfo> roles_;   // by name
  uint32_t next_oid_ = kFirstUserOid;
  std::string dir_;                         // "" = in memory
  bool fsync_ = true;
};

}  // namespace upsertdb
