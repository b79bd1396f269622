// Role passwords as PostgreSQL stores them, and the hashing behind them.
//
// A role's password is stored as a SCRAM-SHA-256 verifier in PostgreSQL's
// exact text form
//   SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
// (RFC 5802/7677: SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, i),
// ClientKey = HMAC(SaltedPassword, "Client Key"), StoredKey = SHA-256(ClientKey),
// ServerKey = HMAC(SaltedPassword, "Server Key")), or, when a client supplied
// one, as an md5 hash "md5" + md5hex(password || username). A PASSWORD that
// already has either form is stored as given, as PostgreSQL does. Plain text
// is never stored.
//
// All of this is pure computation with OpenSSL's libcrypto; the wire server's
// SCRAM exchange (server/scram_exchange.h) builds on it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace upsertdb::roles {

inline constexpr int kScramIterations = 4096;   // PostgreSQL's scram_iterations default
inline constexpr size_t kScramSaltLength = 16;  // PostgreSQL's SCRAM_DEFAULT_SALT_LEN
inline constexpr size_t kScramKeyLength = 32;   // SHA-256 output

struct ScramSecret {
  int iterations = kScramIterations;
  std::string salt;         // raw bytes
  std::string stored_key;   // raw, 32 bytes
  std::string server_key;   // raw, 32 bytes
};

enum class PasswordKind { kPlain, kMd5, kScram };

// Which form a stored (or supplied) password has. "md5" + 32 lower-case hex
// digits is md5; a text that parses as a SCRAM verifier is SCRAM.
PasswordKind password_kind(std::string_view stored);

// Parses PostgreSQL's verifier text; nullopt when malformed.
std::optional<ScramSecret> parse_scram_secret(std::string_view text);
std::string scram_secret_text(const ScramSecret& s);
// Computes a verifier for `password` with the given salt (raw bytes).
ScramSecret make_scram_secret(std::string_view password, std::string_view salt, int iterations = kScramIterations);
// What CREATE/ALTER ROLE ... PASSWORD stores: the value as given when it is
// already a SCRAM verifier or an md5 hash, otherwise a new SCRAM verifier
// with a random salt.
std::string encrypt_password(std::string_view password);
// "md5" + md5hex(password || user).
std::string md5_password_hash(std::string_view password, std::string_view user);
// Whether a cleartext password matches what is stored for `user`.
bool check_plain_password(std::string_view stored, std::string_view user, std::string_view password);

// SASLprep (RFC 4013) of a password, as far as it goes without Unicode
// tables: ASCII is used as is, invalid UTF-8 as its raw bytes (both as
// PostgreSQL and libpq do); otherwise non-ASCII spaces become U+0020 and the
// characters "commonly mapped to nothing" are dropped. NFKC normalisation and
// the prohibited / unassigned checks are not done (docs/auth.md).
std::string prepare_password(std::string_view password);

// ---- primitives
std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string salted_password(std::string_view password, std::string_view salt, int iterations);
std::string md5_hex(std::string_view data);
std::string base64_encode(std::string_view raw);
// Strict (padding required, no whitespace); nullopt when invalid.
std::optional<std::string> base64_decode(std::string_view text);
// Cryptographically strong random bytes (RAND_bytes); throws when unavailable.
std::string random_bytes(size_t n);
// Compares without an early exit (lengths are not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace upsertdb::roles
