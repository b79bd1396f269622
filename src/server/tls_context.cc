#include "server/tls_context.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <stdexcept>

namespace upsertdb::server {

namespace {

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "unknown error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

std::string end_point_hash_of(X509* cert) {
  int algo = NID_undef;
  if (!OBJ_find_sigid_algs(X509_get_signature_nid(cert), &algo, nullptr)) return "";
  const EVP_MD* md = nullptr;
  if (algo == NID_md5 || algo == NID_sha1) md = EVP_sha256();
  else md = EVP_get_digestbynid(algo);
  if (!md) return "";   // e.g. Ed25519: no hash to bind to, so no -PLUS
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!X509_digest(cert, md, out, &len)) return "";
  return std::string(reinterpret_cast<char*>(out), len);
}

}  // namespace

TlsContext::TlsContext(const std::string& cert_file, const std::string& key_file) {
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (!ctx_) throw std::runtime_error("could not create SSL context: " + openssl_error());
  try {
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx_, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
    SSL_CTX_set_mode(ctx_, SSL_MODE_AUTO_RETRY);
    if (SSL_CTX_use_certificate_chain_file(ctx_, cert_file.c_str()) != 1)
      throw std::runtime_error("could not load server certificate file \"" + cert_file + "\": " + openssl_error());
    if (SSL_CTX_use_PrivateKey_file(ctx_, key_file.c_str(), SSL_FILETYPE_PEM) != 1)
      throw std::runtime_error("could not load private key file \"" + key_file + "\": " + openssl_error());
    if (SSL_CTX_check_private_key(ctx_) != 1)
      throw std::runtime_error("check of private key failed: " + openssl_error());
    if (X509* cert = SSL_CTX_get0_certificate(ctx_)) end_point_hash_ = end_point_hash_of(cert);
  } catch (...) {
    SSL_CTX_free(ctx_);
    throw;
  }
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

}  // namespace upsertdb::server
