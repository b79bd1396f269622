// Connection authentication: the access rule for the client picks the method,
// then trust, password (cleartext), md5 or SCRAM-SHA-256 runs, as PostgreSQL
// 15's ClientAuthentication does. What a client learns is PostgreSQL's: an
// unknown role, a role without a password and a wrong password all end in the
// same 28P01 "password authentication failed" (the server log says which);
// md5 falls back to SCRAM when the stored password is a SCRAM verifier (or
// there is none); trust and SCRAM mock exchanges take the same steps whether
// or not the role exists.
#include <cstdio>

#include "engine/engine.h"
#include "engine/roles_secret.h"
#include "server/connection.h"
#include "server/hba_rules.h"
#include "server/scram_exchange.h"
#include "server/tls_context.h"
#include "types/datetime.h"
#include "types/type.h"
#include "types/value.h"

namespace upsertdb::server {

namespace {

// PostgreSQL's PG_MAX_AUTH_TOKEN_LENGTH: no authentication message is longer.
constexpr size_t kMaxAuthMessage = 65535;

// Authentication request codes (AuthenticationXXX messages).
constexpr int32_t kAuthOk = 0;
constexpr int32_t kAuthCleartext = 3;
constexpr int32_t kAuthMd5 = 5;
constexpr int32_t kAuthSasl = 10;
constexpr int32_t kAuthSaslContinue = 11;
constexpr int32_t kAuthSaslFinal = 12;

DbError fatal(const char* state, std::string message) {
  ErrorFields f;
  f.severity = "FATAL";
  f.sqlstate = state;
  f.message = std::move(message);
  return DbError(f);
}

// The client sees only this; the reason goes to the server log.
[[noreturn]] void auth_failed(const std::string& user, const std::string& log_detail) {
  if (!log_detail.empty())
    std::fprintf(stderr, "LOG:  password authentication failed for user \"%s\": %s\n", user.c_str(), log_detail.c_str());
  throw fatal("28P01", "password authentication failed for user \"" + user + "\"");
}

// VALID UNTIL in the past: the password no longer counts (PostgreSQL's rule).
bool password_expired(const RoleInfo& role) {
  if (role.valid_until.empty()) return false;
  try {
    Value v = value_from_text(role.valid_until, Type(TypeId::kTimestampTz));
    return v.as_int() < datetime::now_micros();
  } catch (const std::exception&) {
    return true;   // unreadable: fail closed
  }
}

std::string why_no_secret(const std::string& user, const std::optional<RoleInfo>& role) {
  if (!role) return "Role \"" + user + "\" does not exist.";
  if (role->password.empty()) return "User \"" + user + "\" has no password assigned.";
  return "";
}

}  // namespace

bool Connection::read_auth_message(Frame& f, const char* expected) {
  flush();
  if (!read_frame(f, false)) return false;
  if (f.type != 'p')
    throw fatal("08P01", std::string("expected ") + expected + " response, got message type " +
                             std::to_string(static_cast<int>(static_cast<uint8_t>(f.type))));
  if (f.body.size() > kMaxAuthMessage) throw fatal("08P01", "invalid password packet size");
  return true;
}

bool Connection::authenticate(const std::string& user, const std::string& database) {
  AuthMethod method = AuthMethod::kTrust;
  if (info_.hba) {
    ClientAddress addr = client_address_of_socket(channel_.fd());
    const HbaRule* rule = info_.hba->match(addr, channel_.tls(), database, user);
    std::string who = "host \"" + addr.text + "\", user \"" + user + "\", database \"" + database + "\", " +
                      (channel_.tls() ? "SSL encryption" : "no encryption");
    if (!rule) throw fatal("28000", "no pg_hba.conf entry for " + who);
    if (rule->method == AuthMethod::kReject) throw fatal("28000", "pg_hba.conf rejects connection for " + who);
    method = rule->method;
  }
  std::optional<RoleInfo> role = engine_.roles().find(user);
  if (role && method != AuthMethod::kTrust && password_expired(*role)) {
    std::fprintf(stderr, "LOG:  User \"%s\" has an expired password.\n", user.c_str());
    role->password.clear();
  }
  bool ok = true;
  switch (method) {
    case AuthMethod::kTrust:
    case AuthMethod::kReject:
      break;
    case AuthMethod::kPassword:
      ok = password_exchange(user, role);
      break;
    case AuthMethod::kMd5:
      // md5 only works against an md5 hash; otherwise SCRAM, as PostgreSQL does.
      if (role && roles::password_kind(role->password) == roles::PasswordKind::kMd5) ok = md5_exchange(user, role);
      else ok = scram_exchange(user, role);
      break;
    case AuthMethod::kScramSha256:
      ok = scram_exchange(user, role);
      break;
  }
  if (!ok) return false;
  out_.begin('R');
  out_.int32(kAuthOk);
  out_.end();
  return true;
}

bool Connection::password_exchange(const std::string& user, const std::optional<RoleInfo>& role) {
  out_.begin('R');
  out_.int32(kAuthCleartext);
  out_.end();
  Frame f;
  if (!read_auth_message(f, "password")) return false;
  size_t nul = f.body.find('\0');
  if (nul == std::string::npos || nul + 1 != f.body.size()) throw fatal("08P01", "invalid password packet size");
  std::string password = f.body.substr(0, nul);
  if (password.empty()) return false;   // PostgreSQL ends such a connection without a message
  std::string why = why_no_secret(user, role);
  if (!why.empty()) auth_failed(user, why);
  if (!roles::check_plain_password(role->password, user, password)) auth_failed(user, "");
  return true;
}

bool Connection::md5_exchange(const std::string& user, const std::optional<RoleInfo>& role) {
  std::string salt = roles::random_bytes(4);
  out_.begin('R');
  out_.int32(kAuthMd5);
  out_.bytes(salt);
  out_.end();
  Frame f;
  if (!read_auth_message(f, "password")) return false;
  size_t nul = f.body.find('\0');
  if (nul == std::string::npos || nul + 1 != f.body.size()) throw fatal("08P01", "invalid password packet size");
  std::string response = f.body.substr(0, nul);
  if (response.empty()) return false;
  // The client sends "md5" + md5hex(md5hex(password || user) || salt).
  std::string expected = "md5" + roles::md5_hex(role->password.substr(3) + salt);
  if (!roles::constant_time_equal(response, expected)) auth_failed(user, "");
  return true;
}

bool Connection::scram_exchange(const std::string& user, const std::optional<RoleInfo>& role) {
  std::optional<roles::ScramSecret> secret;
  std::string why = why_no_secret(user, role);
  if (role && why.empty()) {
    secret = roles::parse_scram_secret(role->password);
    if (!secret) why = "User \"" + user + "\" does not have a valid SCRAM secret.";
  }
  ScramExchange ex(secret, user, info_.tls && channel_.tls() ? info_.tls->end_point_hash() : "");
  out_.begin('R');
  out_.int32(kAuthSasl);
  for (const std::string& m : ex.mechanisms()) out_.cstring(m);
  out_.int8(0);
  out_.end();

  Frame f;
  if (!read_auth_message(f, "SASL")) return false;
  MessageReader initial(f.body);
  std::string mechanism = initial.cstring();
  int32_t len = initial.int32();
  std::string_view data = len < 0 ? std::string_view() : initial.bytes(static_cast<size_t>(len));
  initial.expect_end();
  ex.select_mechanism(mechanism);
  std::string server_first = ex.client_first(data);
  out_.begin('R');
  out_.int32(kAuthSaslContinue);
  out_.bytes(server_first);
  out_.end();

  if (!read_auth_message(f, "SASL")) return false;
  std::string server_final;
  if (!ex.client_final(f.body, server_final)) auth_failed(user, why);
  out_.begin('R');
  out_.int32(kAuthSaslFinal);
  out_.bytes(server_final);
  out_.end();
  return true;
}

}  // namespace upsertdb::server
