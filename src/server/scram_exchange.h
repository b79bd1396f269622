// ScramExchange: the server side of one SCRAM-SHA-256 authentication
// (RFC 5802 / RFC 7677), as PostgreSQL runs it inside SASL messages:
//
//   client-first  "n,,n=,r=<cnonce>"          -> server-first "r=<cnonce><snonce>,s=<salt>,i=<iter>"
//   client-final  "c=biws,r=<nonce>,p=<proof>" -> server-final "v=<server signature>"
//
// The user name inside the messages is ignored (PostgreSQL uses the startup
// packet's). Channel binding: with `tls_end_point` set (the TLS certificate
// hash, tls-server-end-point) SCRAM-SHA-256-PLUS is offered and a client that
// picks it must bind to that hash; without, only SCRAM-SHA-256 is offered and
// gs2 flags 'n' and 'y' are accepted. A role with no usable SCRAM secret gets a
// mock exchange (a salt derived from its name) that fails at the end, so a
// client cannot probe which roles exist.
//
// Malformed messages raise DbError 08P01 "malformed SCRAM message" (with a
// DETAIL), as PostgreSQL does; a wrong proof is a plain `false`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/roles_secret.h"

namespace upsertdb::server {

class ScramExchange {
 public:
  // `secret` nullopt: mock exchange (always fails). `mock_seed` makes the
  // mock salt stable per role name within the process.
  ScramExchange(std::optional<roles::ScramSecret> secret, std::string user_name, std::string tls_end_point = "");

  // Mechanisms to advertise in AuthenticationSASL, preferred first.
  std::vector<std::string> mechanisms() const;
  // Checks the SASLInitialResponse's mechanism; throws 08P01 for an unknown one.
  void select_mechanism(const std::string& mechanism);
  // Returns the server-first-message.
  std::string client_first(std::string_view message);
  // Verifies the client proof; on success fills `server_final`.
  bool client_final(std::string_view message, std::string& server_final);

  // Test hook: a fixed server nonce instead of a random one.
  void set_server_nonce_for_test(std::string nonce) { server_nonce_ = std::move(nonce); }

 private:
  std::optional<roles::ScramSecret> secret_;
  std::string user_;
  std::string tls_end_point_;
  bool plus_ = false;                // client chose SCRAM-SHA-256-PLUS
  char cbind_flag_ = 0;
  std::string gs2_header_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string client_nonce_;
  std::string server_nonce_;
};

}  // namespace upsertdb::server
