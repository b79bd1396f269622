#include "server/scram_exchange.h"

#include <mutex>

#include "common/error.h"

namespace upsertdb::server {

namespace {

constexpr const char* kScram = "SCRAM-SHA-256";
constexpr const char* kScramPlus = "SCRAM-SHA-256-PLUS";
constexpr size_t kNonceBytes = 18;   // PostgreSQL's SCRAM_RAW_NONCE_LEN

[[noreturn]] void malformed(const std::string& detail) {
  DbError e(sqlstate::kProtocolViolation, "malformed SCRAM message");
  e.detail(detail);
  throw e;
}

// Reads "<attr>=<value>" up to the next ',' (or the end) from `in`.
std::string read_attribute(std::string_view& in, char attr) {
  if (in.empty() || in[0] != attr)
    malformed(std::string("Expected attribute \"") + attr + "\" but found \"" +
              (in.empty() ? std::string() : std::string(1, in[0])) + "\".");
  if (in.size() < 2 || in[1] != '=') malformed(std::string("Expected character \"=\" for attribute \"") + attr + "\".");
  in.remove_prefix(2);
  size_t comma = in.find(',');
  std::string value(in.substr(0, comma));
  in.remove_prefix(comma == std::string_view::npos ? in.size() : comma + 1);
  return value;
}

// A per-process secret mixed into mock salts, so they cannot be precomputed.
const std::string& mock_nonce() {
  static std::once_flag once;
  static std::string nonce;
  std::call_once(once, [] { nonce = roles::random_bytes(32); });
  return nonce;
}

// Printable ASCII except ',' (RFC 5802's "printable").
bool printable_nonce(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c < 0x21 || c > 0x7e || c == ',') return false;
  return true;
}

}  // namespace

ScramExchange::ScramExchange(std::optional<roles::ScramSecret> secret, std::string user_name,
                             std::string tls_end_point)
    : secret_(std::move(secret)), user_(std::move(user_name)), tls_end_point_(std::move(tls_end_point)) {}

std::vector<std::string> ScramExchange::mechanisms() const {
  if (!tls_end_point_.empty()) return {kScramPlus, kScram};
  return {kScram};
}

void ScramExchange::select_mechanism(const std::string& mechanism) {
  if (mechanism == kScram) return;
  if (mechanism == kScramPlus && !tls_end_point_.empty()) {
    plus_ = true;
    return;
  }
  throw DbError(sqlstate::kProtocolViolation, "client selected an invalid SASL authentication mechanism");
}

std::string ScramExchange::client_first(std::string_view message) {
  std::string_view in = message;
  if (in.empty()) malformed("The message is empty.");
  cbind_flag_ = in[0];
  switch (cbind_flag_) {
    case 'n':
      if (plus_)
        malformed("The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data.");
      in.remove_prefix(1);
      break;
    case 'y':
      if (plus_)
        malformed("The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data.");
      if (!tls_end_point_.empty()) {
        DbError e(sqlstate::kProtocolViolation, "SCRAM channel binding negotiation error");
        e.detail("The client supports SCRAM channel binding but thinks the server does not.  However, this server does support channel binding.");
        throw e;
      }
      in.remove_prefix(1);
      break;
    case 'p': {
      if (!plus_)
        malformed("The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.");
      std::string type = read_attribute(in, 'p');
      if (type != "tls-server-end-point")
        throw DbError(sqlstate::kFeatureNotSupported, "unsupported SCRAM channel-binding type \"" + type + "\"");
      // read_attribute consumed the ',' after the type; put the cursor back on it.
      in = std::string_view(in.data() - 1, in.size() + 1);
      break;
    }
    default:
      malformed("Unexpected channel-binding flag \"" + std::string(1, cbind_flag_) + "\".");
  }
  if (in.empty() || in[0] != ',') malformed("Comma expected, but found character \"" + std::string(in.substr(0, 1)) + "\".");
  in.remove_prefix(1);
  if (!in.empty() && in[0] == 'a')
    throw DbError(sqlstate::kFeatureNotSupported, "client uses authorization identity, but it is not supported");
  if (in.empty() || in[0] != ',') malformed("Comma expected, but found character \"" + std::string(in.substr(0, 1)) + "\".");
  in.remove_prefix(1);
  gs2_header_ = std::string(message.substr(0, message.size() - in.size()));
  client_first_bare_ = std::string(in);
  if (!in.empty() && in[0] == 'm')
    throw DbError(sqlstate::kFeatureNotSupported, "client requires an unsupported SCRAM extension");
  read_attribute(in, 'n');   // ignored: the startup packet names the user
  client_nonce_ = read_attribute(in, 'r');
  if (!printable_nonce(client_nonce_)) malformed("Nonce contains invalid characters.");
  // Optional extensions after the nonce are ignored, as PostgreSQL does.

  if (server_nonce_.empty()) server_nonce_ = roles::base64_encode(roles::random_bytes(kNonceBytes));
  std::string salt;
  int iterations = roles::kScramIterations;
  if (secret_) {
    salt = secret_->salt;
    iterations = secret_->iterations;
  } else {
    salt = roles::sha256(user_ + mock_nonce()).substr(0, roles::kScramSaltLength);
  }
  server_first_ = "r=" + client_nonce_ + server_nonce_ + ",s=" + roles::base64_encode(salt) +
                  ",i=" + std::to_string(iterations);
  return server_first_;
}

bool ScramExchange::client_final(std::string_view message, std::string& server_final) {
  std::string_view in = message;
  std::string cbind_b64 = read_attribute(in, 'c');
  auto cbind = roles::base64_decode(cbind_b64);
  if (!cbind) malformed("Invalid channel binding data.");
  std::string expected = gs2_header_;
  if (cbind_flag_ == 'p') expected += tls_end_point_;
  if (!roles::constant_time_equal(*cbind, expected)) {
    if (cbind_flag_ == 'p') throw DbError(sqlstate::kProtocolViolation, "SCRAM channel binding check failed");
    malformed("Unexpected SCRAM channel-binding attribute in client-final-message.");
  }
  std::string nonce = read_attribute(in, 'r');
  // Extensions until the proof, which must come last.
  while (!in.empty() && in[0] != 'p') read_attribute(in, in[0]);
  size_t proof_at = message.size() - in.size();
  std::string proof_b64 = read_attribute(in, 'p');
  if (!in.empty()) malformed("Garbage found at the end of client-final-message.");
  auto proof = roles::base64_decode(proof_b64);
  if (!proof || proof->size() != roles::kScramKeyLength) malformed("Malformed proof in client-final-message.");
  if (nonce != client_nonce_ + server_nonce_) {
    DbError e(sqlstate::kProtocolViolation, "invalid SCRAM response");
    e.detail("Nonce does not match.");
    throw e;
  }
  if (!secret_) return false;
  // client-final-message-without-proof ends before ",p=".
  std::string without_proof(message.substr(0, proof_at - 1));
  std::string auth_message = client_first_bare_ + "," + server_first_ + "," + without_proof;
  std::string client_signature = roles::hmac_sha256(secret_->stored_key, auth_message);
  std::string client_key(roles::kScramKeyLength, '\0');
  for (size_t i = 0; i < client_key.size(); ++i) client_key[i] = static_cast<char>((*proof)[i] ^ client_signature[i]);
  if (!roles::constant_time_equal(roles::sha256(client_key), secret_->stored_key)) return false;
  server_final = "v=" + roles::base64_encode(roles::hmac_sha256(secret_->server_key, auth_message));
  return true;
}

}  // namespace upsertdb::server
