// Cryptographic hash functions: md5(text|bytea) -> hex text, and the SHA-2
// family sha224/sha256/sha384/sha512(bytea) -> bytea, computed with OpenSSL's
// EVP digest API (libcrypto). Text arguments are hashed as their UTF-8 bytes.
#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "functions/fn_util.h"

namespace upsertdb::fn {

namespace {

using T = TypeId;

// Raw digest of `data` with the named algorithm.
std::string digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (md == nullptr || EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) {
    throw_error(sqlstate::kInternalError, "could not compute hash");
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string lower_hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Value md5(FunctionContext&, const Value* a, size_t) { return text(lower_hex(digest(EVP_md5(), str(a[0])))); }

template <const EVP_MD* (*Algorithm)()>
Value sha(FunctionContext&, const Value* a, size_t) {
  return Value::bytea(digest(Algorithm(), str(a[0])));
}

}  // namespace

void register_hash_functions(Registry& r) {
  r.add("md5", {T::kText}, T::kText, md5);
  r.add("md5", {T::kBytea}, T::kText, md5);
  r.add("sha224", {T::kBytea}, T::kBytea, sha<EVP_sha224>);
  r.add("sha256", {T::kBytea}, T::kBytea, sha<EVP_sha256>);
  r.add("sha384", {T::kBytea}, T::kBytea, sha<EVP_sha384>);
  r.add("sha512", {T::kBytea}, T::kBytea, sha<EVP_sha512>);
}

}  // namespace upsertdb::fn
