#include "server/hba_rules.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace upsertdb::server {

namespace {

// Splits a line into fields: whitespace separates, double quotes group (and
// keep a quoted `all` from being the keyword: PostgreSQL's rule). `quoted`
// tells, per field, whether any part of it was quoted.
std::vector<std::string> fields_of(const std::string& line, std::vector<bool>& quoted) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= line.size() || line[i] == '#') break;
    std::string f;
    bool q = false, in_quotes = false;
    while (i < line.size() && (in_quotes || (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '#'))) {
      if (line[i] == '"') {
        in_quotes = !in_quotes;
        q = true;
      } else {
        f.push_back(line[i]);
      }
      ++i;
    }
    if (in_quotes) throw std::runtime_error("unterminated quoted string");
    out.push_back(f);
    quoted.push_back(q);
  }
  return out;
}

std::vector<std::string> name_list(const std::string& field, bool quoted) {
  if (field == "all" && !quoted) return {};
  std::vector<std::string> names;
  std::stringstream ss(field);
  std::string n;
  while (std::getline(ss, n, ',')) {
    if (n.empty()) throw std::runtime_error("empty name in list \"" + field + "\"");
    if (!quoted && n[0] == '+') throw std::runtime_error("role groups (\"+" + n.substr(1) + "\") are not supported");
    if (!quoted && n[0] == '@') throw std::runtime_error("file inclusion (\"" + n + "\") is not supported");
    names.push_back(n);
  }
  return names;
}

bool parse_method(const std::string& s, AuthMethod& m) {
  if (s == "trust") m = AuthMethod::kTrust;
  else if (s == "reject") m = AuthMethod::kReject;
  else if (s == "password") m = AuthMethod::kPassword;
  else if (s == "md5") m = AuthMethod::kMd5;
  else if (s == "scram-sha-256") m = AuthMethod::kScramSha256;
  else return false;
  return true;
}

void set_prefix_mask(HbaRule& r, int bits) {
  int total = r.family == AF_INET ? 32 : 128;
  if (bits < 0 || bits > total) throw std::runtime_error("invalid CIDR mask length " + std::to_string(bits));
  std::memset(r.mask, 0, sizeof r.mask);
  for (int i = 0; i < bits; ++i) r.mask[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
}

bool contains(const std::vector<std::string>& list, const std::string& name) {
  for (const auto& n : list)
    if (n == name) return true;
  return false;
}

HbaRule builtin(const char* cidr, AuthMethod m) {
  HbaRules r = HbaRules::parse(std::string("host all all ") + cidr + " " + auth_method_name(m));
  return r.rules()[0];
}

}  // namespace

const char* auth_method_name(AuthMethod m) {
  switch (m) {
    case AuthMethod::kTrust: return "trust";
    case AuthMethod::kReject: return "reject";
    case AuthMethod::kPassword: return "password";
    case AuthMethod::kMd5: return "md5";
    case AuthMethod::kScramSha256: return "scram-sha-256";
  }
  return "?";
}

std::optional<ClientAddress> parse_client_address(const std::string& text) {
  ClientAddress a;
  a.text = text;
  if (inet_pton(AF_INET, text.c_str(), a.bytes) == 1) {
    a.family = AF_INET;
    return a;
  }
  if (inet_pton(AF_INET6, text.c_str(), a.bytes) == 1) {
    a.family = AF_INET6;
    return a;
  }
  return std::nullopt;
}

ClientAddress client_address_of_socket(int fd) {
  ClientAddress a;
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return a;
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&ss);
    a.family = AF_INET;
    std::memcpy(a.bytes, &in->sin_addr, 4);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
  } else if (ss.ss_family == AF_INET6) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&ss);
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      a.family = AF_INET;
      std::memcpy(a.bytes, in6->sin6_addr.s6_addr + 12, 4);
      inet_ntop(AF_INET, a.bytes, buf, sizeof buf);
    } else {
      a.family = AF_INET6;
      std::memcpy(a.bytes, &in6->sin6_addr, 16);
      inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    }
  }
  a.text = buf;
  return a;
}

HbaRules HbaRules::parse(const std::string& text) {
  HbaRules out;
  std::stringstream in(text);
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    try {
      std::vector<bool> quoted;
      auto f = fields_of(line, quoted);
      if (f.empty()) continue;
      HbaRule r;
      r.line = lineno;
      r.text = line;
      const std::string& type = f[0];
      if (type == "local") r.type = HbaRule::Type::kLocal;
      else if (type == "host") r.type = HbaRule::Type::kHost;
      else if (type == "hostssl") r.type = HbaRule::Type::kHostSsl;
      else if (type == "hostnossl") r.type = HbaRule::Type::kHostNoSsl;
      else throw std::runtime_error("invalid connection type \"" + type + "\"");
      if (f.size() < 4) throw std::runtime_error("end-of-line before authentication method");
      r.databases = name_list(f[1], quoted[1]);
      r.users = name_list(f[2], quoted[2]);
      size_t method_at = 3;
      if (r.type != HbaRule::Type::kLocal) {
        const std::string& addr = f[3];
        if (addr == "all") {
          r.any_address = true;
          method_at = 4;
        } else {
          size_t slash = addr.find('/');
          auto parsed = parse_client_address(addr.substr(0, slash));
          if (!parsed) throw std::runtime_error("invalid IP address \"" + addr + "\"");
          r.family = parsed->family;
          std::memcpy(r.address, parsed->bytes, 16);
          if (slash != std::string::npos) {
            std::string bits = addr.substr(slash + 1);
            if (bits.empty() || bits.find_first_not_of("0123456789") != std::string::npos || bits.size() > 3)
              throw std::runtime_error("invalid CIDR mask in address \"" + addr + "\"");
            set_prefix_mask(r, std::stoi(bits));
            method_at = 4;
          } else {
            // ADDRESS MASK form.
            if (f.size() < 6) throw std::runtime_error("specifying both host name and CIDR mask is invalid: \"" + addr + "\"");
            auto mask = parse_client_address(f[4]);
            if (!mask || mask->family != r.family) throw std::runtime_error("invalid IP mask \"" + f[4] + "\"");
            std::memcpy(r.mask, mask->bytes, 16);
            method_at = 5;
          }
          for (int i = 0; i < 16; ++i) r.address[i] &= r.mask[i];
        }
      }
      if (f.size() <= method_at) throw std::runtime_error("end-of-line before authentication method");
      if (!parse_method(f[method_at], r.method))
        throw std::runtime_error("invalid authentication method \"" + f[method_at] + "\"");
      if (f.size() > method_at + 1)
        throw std::runtime_error("authentication options are not supported (\"" + f[method_at + 1] + "\")");
      out.rules_.push_back(std::move(r));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("line " + std::to_string(lineno) + ": " + e.what());
    }
  }
  return out;
}

HbaRules HbaRules::load(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("could not open file \"" + path + "\": " + std::strerror(errno));
  std::stringstream ss;
  ss << f.rdbuf();
  try {
    return parse(ss.str());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("invalid hba file \"" + path + "\", " + e.what());
  }
}

HbaRules HbaRules::defaults() {
  HbaRules out;
  for (auto [cidr, m] : {std::pair{"127.0.0.0/8", AuthMethod::kTrust}, std::pair{"::1/128", AuthMethod::kTrust},
                         std::pair{"0.0.0.0/0", AuthMethod::kScramSha256}, std::pair{"::/0", AuthMethod::kScramSha256}}) {
    HbaRule r = builtin(cidr, m);
    r.line = 0;
    out.rules_.push_back(r);
  }
  return out;
}

const HbaRule* HbaRules::match(const ClientAddress& addr, bool ssl, const std::string& database,
                               const std::string& user) const {
  for (const HbaRule& r : rules_) {
    if (r.type == HbaRule::Type::kLocal) continue;   // TCP clients only
    if (r.type == HbaRule::Type::kHostSsl && !ssl) continue;
    if (r.type == HbaRule::Type::kHostNoSsl && ssl) continue;
    if (!r.any_address) {
      if (addr.family != r.family) continue;
      bool in = true;
      for (int i = 0; i < 16 && in; ++i) in = (addr.bytes[i] & r.mask[i]) == r.address[i];
      if (!in) continue;
    }
    if (!r.databases.empty()) {
      bool ok = contains(r.databases, database) || (contains(r.databases, "sameuser") && database == user);
      if (!ok) continue;
    }
    if (!r.users.empty() && !contains(r.users, user)) continue;
    return &r;
  }
  return nullptr;
}

}  // namespace upsertdb::server
