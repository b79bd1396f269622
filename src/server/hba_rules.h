// HbaRules: who may connect how, in the spirit of pg_hba.conf. The first
// rule whose connection type, database, user and address match decides the
// authentication method; no match refuses the connection.
//
// The file (`serve --hba FILE`) takes a subset of pg_hba.conf's syntax, one
// rule per line, '#' comments, whitespace-separated fields:
//   host|hostssl|hostnossl  DATABASE  USER  ADDRESS[/BITS] | ADDRESS MASK  METHOD
//   local                   DATABASE  USER  METHOD       (never matches: no Unix socket)
// DATABASE and USER are `all` or a comma-separated list of names (double
// quotes allowed); ADDRESS is an IPv4/IPv6 CIDR, `all`, or a mask pair;
// METHOD is trust, reject, password, md5 or scram-sha-256. Options after the
// method are refused, as are unknown keywords, with the line number.
//
// Without a file: trust from loopback (127.0.0.0/8, ::1), scram-sha-256 from
// anywhere else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace upsertdb::server {

enum class AuthMethod { kTrust, kReject, kPassword, kMd5, kScramSha256 };
const char* auth_method_name(AuthMethod m);

struct HbaRule {
  enum class Type { kLocal, kHost, kHostSsl, kHostNoSsl } type = Type::kHost;
  std::vector<std::string> databases;   // empty = all
  std::vector<std::string> users;       // empty = all
  bool any_address = false;
  int family = 0;                       // AF_INET / AF_INET6
  uint8_t address[16] = {};
  uint8_t mask[16] = {};
  AuthMethod method = AuthMethod::kTrust;
  int line = 0;                         // 1-based line in the file; 0 = built in
  std::string text;                     // the line as written, for logs
};

// A client's address in network byte order (IPv4-mapped IPv6 is read as IPv4).
struct ClientAddress {
  int family = 0;                       // AF_INET / AF_INET6; 0 = unknown
  uint8_t bytes[16] = {};
  std::string text;                     // "127.0.0.1", "::1"
};
ClientAddress client_address_of_socket(int fd);
// Parses a numeric address; nullopt if it is not one.
std::optional<ClientAddress> parse_client_address(const std::string& text);

class HbaRules {
 public:
  // Parses the text of a file; throws std::runtime_error("line N: why").
  static HbaRules parse(const std::string& text);
  static HbaRules load(const std::string& path);
  static HbaRules defaults();

  const HbaRule* match(const ClientAddress& addr, bool ssl, const std::string& database,
                       const std::string& user) const;
  const std::vector<HbaRule>& rules() const { return rules_; }

 private:
  std::vector<HbaRule> rules_;
};

}  // namespace upsertdb::server
