#include "engine/roles_secret.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "types/text_format.h"

namespace upsertdb::roles {

namespace {

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) throw std::runtime_error("digest failed");
  return std::string(reinterpret_cast<char*>(out), len);
}

}  // namespace

std::string sha256(std::string_view data) { return digest(EVP_sha256(), data); }

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), out, &len))
    throw std::runtime_error("HMAC failed");
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string salted_password(std::string_view password, std::string_view salt, int iterations) {
  unsigned char out[kScramKeyLength];
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                        EVP_sha256(), sizeof out, out) != 1)
    throw std::runtime_error("PBKDF2 failed");
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string md5_hex(std::string_view data) {
  std::string raw = digest(EVP_md5(), data);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string base64_encode(std::string_view raw) {
  std::string out;
  size_t i = 0;
  for (; i + 3 <= raw.size(); i += 3) {
    uint32_t v = (uint8_t(raw[i]) << 16) | (uint8_t(raw[i + 1]) << 8) | uint8_t(raw[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kBase64Alphabet[(v >> s) & 63]);
  }
  size_t rest = raw.size() - i;
  if (rest > 0) {
    uint32_t v = uint8_t(raw[i]) << 16;
    if (rest == 2) v |= uint8_t(raw[i + 1]) << 8;
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      if (c == '=') {
        // Padding only at the very end, and only in the last two places.
        if (i + 4 != text.size() || k < 2) return std::nullopt;
        ++pad;
        v[k] = 0;
        continue;
      }
      if (pad) return std::nullopt;
      v[k] = base64_value(c);
      if (v[k] < 0) return std::nullopt;
    }
    uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    // Canonical encodings only: the bits beyond the last byte must be zero,
    // so one byte string has one text (no malleable proofs or keys).
    if ((pad == 1 && (n & 0xff)) || (pad == 2 && (n & 0xffff))) return std::nullopt;
    out.push_back(static_cast<char>(n >> 16));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 255));
    if (pad < 1) out.push_back(static_cast<char>(n & 255));
  }
  return out;
}

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (n && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("could not generate random bytes");
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

// Decodes UTF-8; false on any malformed sequence (overlong, surrogate, > U+10FFFF).
bool decode_utf8(std::string_view s, std::vector<uint32_t>& out) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (int k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return true;
}


// RFC 3454 C.1.2: non-ASCII space characters (mapped to U+0020 by SASLprep).
bool non_ascii_space(uint32_t cp) {
  return cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f || cp == 0x205f ||
         cp == 0x3000;
}

// RFC 3454 B.1: characters commonly mapped to nothing.
bool mapped_to_nothing(uint32_t cp) {
  return cp == 0xad || cp == 0x34f || cp == 0x1806 || (cp >= 0x180b && cp <= 0x180d) ||
         (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff;
}

}  // namespace

std::string prepare_password(std::string_view password) {
  // Pure ASCII needs nothing (PostgreSQL's pg_saslprep returns it as is).
  bool ascii = true;
  for (unsigned char c : password) ascii &= c < 0x80;
  if (ascii) return std::string(password);
  // Invalid UTF-8: the raw bytes are used, as PostgreSQL does.
  std::vector<uint32_t> cps;
  if (!decode_utf8(password, cps)) return std::string(password);
  std::string out;
  for (uint32_t cp : cps) {
    // Spaces first: U+200B is in both tables and PostgreSQL makes it a space.
    if (non_ascii_space(cp)) append_utf8(out, 0x20);
    else if (!mapped_to_nothing(cp)) append_utf8(out, cp);
  }
  return out.empty() ? std::string(password) : out;
}

ScramSecret make_scram_secret(std::string_view password, std::string_view salt, int iterations) {
  std::string salted = salted_password(prepare_password(password), salt, iterations);
  ScramSecret s;
  s.iterations = iterations;
  s.salt = std::string(salt);
  s.stored_key = sha256(hmac_sha256(salted, "Client Key"));
  s.server_key = hmac_sha256(salted, "Server Key");
  return s;
}

std::string scram_secret_text(const ScramSecret& s) {
  return "SCRAM-SHA-256$" + std::to_string(s.iterations) + ":" + base64_encode(s.salt) + "$" +
         base64_encode(s.stored_key) + ":" + base64_encode(s.server_key);
}

std::optional<ScramSecret> parse_scram_secret(std::string_view text) {
  constexpr std::string_view kPrefix = "SCRAM-SHA-256$";
  if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  size_t colon = text.find(':');
  size_t dollar = text.find('$');
  if (colon == std::string_view::npos || dollar == std::string_view::npos || colon > dollar) return std::nullopt;
  std::string iterations(text.substr(0, colon));
  char* end = nullptr;
  long it = std::strtol(iterations.c_str(), &end, 10);
  if (iterations.empty() || *end != '\0' || it <= 0 || it > 0x7fffffff) return std::nullopt;
  std::string_view salt = text.substr(colon + 1, dollar - colon - 1);
  std::string_view keys = text.substr(dollar + 1);
  size_t kc = keys.find(':');
  if (kc == std::string_view::npos) return std::nullopt;
  auto salt_raw = base64_decode(salt);
  auto stored = base64_decode(keys.substr(0, kc));
  auto server = base64_decode(keys.substr(kc + 1));
  if (!salt_raw || salt_raw->empty() || !stored || !server || stored->size() != kScramKeyLength ||
      server->size() != kScramKeyLength)
    return std::nullopt;
  ScramSecret s;
  s.iterations = static_cast<int>(it);
  s.salt = *salt_raw;
  s.stored_key = *stored;
  s.server_key = *server;
  return s;
}

PasswordKind password_kind(std::string_view stored) {
  if (stored.size() == 35 && stored.substr(0, 3) == "md5" &&
      stored.find_first_not_of("0123456789abcdef", 3) == std::string_view::npos)
    return PasswordKind::kMd5;
  if (parse_scram_secret(stored)) return PasswordKind::kScram;
  return PasswordKind::kPlain;
}

std::string encrypt_password(std::string_view password) {
  if (password_kind(password) != PasswordKind::kPlain) return std::string(password);
  return scram_secret_text(make_scram_secret(password, random_bytes(kScramSaltLength)));
}

std::string md5_password_hash(std::string_view password, std::string_view user) {
  std::string input(password);
  input.append(user);
  return "md5" + md5_hex(input);
}

bool check_plain_password(std::string_view stored, std::string_view user, std::string_view password) {
  switch (password_kind(stored)) {
    case PasswordKind::kScram: {
      ScramSecret s = *parse_scram_secret(stored);
      ScramSecret computed = make_scram_secret(password, s.salt, s.iterations);
      // Both keys must match, as PostgreSQL's scram_verify_plain_password checks.
      return constant_time_equal(computed.stored_key, s.stored_key) &&
             constant_time_equal(computed.server_key, s.server_key);
    }
    case PasswordKind::kMd5:
      return constant_time_equal(md5_password_hash(password, user), stored);
    case PasswordKind::kPlain:
      return false;   // never stored; nothing to compare with
  }
  return false;
}

}  // namespace upsertdb::roles
