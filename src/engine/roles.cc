// The roles file, version 1 (docs/auth.md), tab-separated lines:
//   upsertdb-roles  1
//   next_oid        16386
//   role  <oid>  <name>  <flags>  <connection limit>  <password>  <valid until>
//   ...
//   crc32c  <8 hex digits: CRC-32C of every byte before this line>
// Names and texts escape '%', tab, CR and LF as %XX. <flags> is seven 0/1
// digits: superuser, inherit, createrole, createdb, login, replication, bypassrls.
#include "engine/roles.h"

#include <cstdio>
#include <set>

#include "common/error.h"
#include "wal/crc32c.h"
#include "wal/file_util.h"

namespace upsertdb {

namespace {

constexpr const char* kMagic = "upsertdb-roles";
constexpr int kVersion = 1;

std::string escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '%' || c == '\t' || c == '\n' || c == '\r') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool unescape(const std::string& s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return false;
    int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t p = line.find(sep, start);
    out.push_back(line.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

bool parse_u32(const std::string& s, uint32_t& out) {
  if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  unsigned long long v = std::stoull(s);
  if (v > 0xffffffffULL) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

[[noreturn]] void corrupted(const std::string& file, const std::string& why) {
  throw DbError("XX001", "invalid roles file \"" + file + "\": " + why);
}

RoleInfo bootstrap_superuser() {
  RoleInfo r;
  r.oid = RoleStore::kBootstrapOid;
  r.name = "postgres";
  r.superuser = r.inherit = r.createrole = r.createdb = r.login = r.replication = r.bypassrls = true;
  return r;
}

}  // namespace

RoleStore::RoleStore() {
  RoleInfo b = bootstrap_superuser();
  roles_[b.name] = b;
}

std::string RoleStore::serialize(const std::map<std::string, RoleInfo>& roles, uint32_t next_oid) {
  std::string out = std::string(kMagic) + "\t" + std::to_string(kVersion) + "\n";
  out += "next_oid\t" + std::to_string(next_oid) + "\n";
  std::map<uint32_t, const RoleInfo*> by_oid;
  for (const auto& [_, r] : roles) by_oid[r.oid] = &r;
  for (const auto& [_, r] : by_oid) {
    std::string flags;
    for (bool b : {r->superuser, r->inherit, r->createrole, r->createdb, r->login, r->replication, r->bypassrls})
      flags.push_back(b ? '1' : '0');
    out += "role\t" + std::to_string(r->oid) + "\t" + escape(r->name) + "\t" + flags + "\t" +
           std::to_string(r->connection_limit) + "\t" + escape(r->password) + "\t" + escape(r->valid_until) + "\n";
  }
  char crc[32];
  std::snprintf(crc, sizeof crc, "crc32c\t%08x\n", wal::crc32c(out));
  return out + crc;
}

void RoleStore::parse(const std::string& text, const std::string& file, std::map<std::string, RoleInfo>& roles,
                      uint32_t& next_oid) {
  // The last line carries the checksum of everything before it.
  if (text.empty() || text.back() != '\n') corrupted(file, "truncated");
  size_t last = text.rfind('\n', text.size() - 2);
  size_t body_end = last == std::string::npos ? 0 : last + 1;
  std::string crc_line = text.substr(body_end, text.size() - body_end - 1);
  auto crc_fields = split(crc_line, '\t');
  char expected[16];
  std::snprintf(expected, sizeof expected, "%08x", wal::crc32c(std::string_view(text).substr(0, body_end)));
  if (crc_fields.size() != 2 || crc_fields[0] != "crc32c" || crc_fields[1] != expected)
    corrupted(file, "checksum mismatch");
  roles.clear();
  next_oid = kFirstUserOid;
  auto lines = split(text.substr(0, body_end), '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty() || lines[0] != std::string(kMagic) + "\t" + std::to_string(kVersion))
    corrupted(file, "unknown format or version");
  std::set<uint32_t> oids;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto f = split(lines[i], '\t');
    if (f[0] == "next_oid" && f.size() == 2) {
      if (!parse_u32(f[1], next_oid)) corrupted(file, "bad next_oid");
      continue;
    }
    if (f[0] != "role" || f.size() != 7) corrupted(file, "bad line " + std::to_string(i + 1));
    RoleInfo r;
    const std::string& flags = f[3];
    if (!parse_u32(f[1], r.oid) || !unescape(f[2], r.name) || r.name.empty() || flags.size() != 7 ||
        flags.find_first_not_of("01") != std::string::npos || !unescape(f[5], r.password) ||
        !unescape(f[6], r.valid_until))
      corrupted(file, "bad role on line " + std::to_string(i + 1));
    bool* dst[] = {&r.superuser, &r.inherit, &r.createrole, &r.createdb, &r.login, &r.replication, &r.bypassrls};
    for (size_t k = 0; k < 7; ++k) *dst[k] = flags[k] == '1';
    try {
      r.connection_limit = std::stoi(f[4]);
    } catch (...) {
      corrupted(file, "bad connection limit on line " + std::to_string(i + 1));
    }
    if (roles.count(r.name) || !oids.insert(r.oid).second) corrupted(file, "duplicate role " + r.name);
    roles[r.name] = r;
  }
}

void RoleStore::open(const std::string& dir, bool fsync) {
  std::lock_guard<std::mutex> lock(mu_);
  dir_ = dir;
  fsync_ = fsync;
  std::string file = wal::join_path(dir, kFileName);
  std::string text;
  if (wal::read_whole_file(file, text)) {
    parse(text, file, roles_, next_oid_);
    return;
  }
  roles_.clear();
  RoleInfo b = bootstrap_superuser();
  roles_[b.name] = b;
  next_oid_ = kFirstUserOid;
  wal::write_file_atomically(dir_, kFileName, serialize(roles_, next_oid_), fsync_);
}

std::optional<RoleInfo> RoleStore::find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = roles_.find(name);
  if (it == roles_.end()) return std::nullopt;
  return it->second;
}

std::vector<RoleInfo> RoleStore::list() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<uint32_t, RoleInfo> by_oid;
  for (const auto& [_, r] : roles_) by_oid[r.oid] = r;
  std::vector<RoleInfo> out;
  for (auto& [_, r] : by_oid) out.push_back(std::move(r));
  return out;
}

void RoleStore::commit(const std::vector<RoleChange>& changes) {
  if (changes.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  auto next = roles_;
  uint32_t next_oid = next_oid_;
  for (const RoleChange& c : changes) {
    switch (c.kind) {
      case RoleChange::Kind::kCreate: {
        if (next.count(c.role.name))
          throw DbError("42710", "role \"" + c.role.name + "\" already exists");
        RoleInfo r = c.role;
        r.oid = next_oid++;
        next[r.name] = r;
        break;
      }
      case RoleChange::Kind::kAlter: {
        auto it = next.find(c.name);
        if (it == next.end()) throw DbError("42704", "role \"" + c.name + "\" does not exist");
        RoleInfo r = c.role;
        if (r.name != c.name && next.count(r.name))   // renamed onto a role committed meanwhile
          throw DbError("42710", "role \"" + r.name + "\" already exists");
        r.oid = it->second.oid;
        next.erase(it);
        next[r.name] = r;
        break;
      }
      case RoleChange::Kind::kDrop:
        if (!next.erase(c.name)) throw DbError("42704", "role \"" + c.name + "\" does not exist");
        break;
    }
  }
  if (!dir_.empty()) wal::write_file_atomically(dir_, kFileName, serialize(next, next_oid), fsync_);
  roles_ = std::move(next);
  next_oid_ = next_oid;
}

}  // namespace upsertdb
