// TlsContext: the server's TLS configuration (OpenSSL SSL_CTX) built once from
// a certificate chain and a private key (PEM files), shared by every
// connection. TLS 1.2 or newer, as PostgreSQL 15's ssl_min_protocol_version.
#pragma once

#include <string>

typedef struct ssl_ctx_st SSL_CTX;

namespace upsertdb::server {

class TlsContext {
 public:
  // Throws std::runtime_error with OpenSSL's reason when a file is unusable
  // or the key does not match the certificate.
  TlsContext(const std::string& cert_file, const std::string& key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* ctx() const { return ctx_; }
  // The tls-server-end-point channel binding data (RFC 5929): the server
  // certificate's hash with its signature's digest (SHA-256 for MD5/SHA-1).
  const std::string& end_point_hash() const { return end_point_hash_; }

 private:
  SSL_CTX* ctx_ = nullptr;
  std::string end_point_hash_;
};

}  // namespace upsertdb::server
