// SCRAM-SHA-256 math against RFC 7677's test vector and against verifiers
// PostgreSQL 15 generated; md5 hashes and password forms as PostgreSQL 15
// classifies them.
#include "engine/roles_secret.h"

#include <gtest/gtest.h>

#include <vector>

namespace upsertdb::roles {
namespace {

// RFC 7677 section 3: user "user", password "pencil".
constexpr const char* kRfcSalt = "W22ZaJ0SNY7soEsUEjb6gQ==";
constexpr const char* kRfcAuthMessage =
    "n=user,r=rOprNGfwEbeRWgbNEkqO,"
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

std::string xor_bytes(const std::string& a, const std::string& b) {
  std::string out(a.size(), '\0');
  for (size_t i = 0; i < a.size(); ++i) out[i] = static_cast<char>(a[i] ^ b[i]);
  return out;
}

TEST(ScramMath, Rfc7677ClientProofAndServerSignature) {
  std::string salt = *base64_decode(kRfcSalt);
  std::string salted = salted_password("pencil", salt, 4096);
  std::string client_key = hmac_sha256(salted, "Client Key");
  std::string stored_key = sha256(client_key);
  std::string client_signature = hmac_sha256(stored_key, kRfcAuthMessage);
  EXPECT_EQ(base64_encode(xor_bytes(client_key, client_signature)), "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  std::string server_key = hmac_sha256(salted, "Server Key");
  EXPECT_EQ(base64_encode(hmac_sha256(server_key, kRfcAuthMessage)), "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  // The verifier we build holds exactly these keys.
  ScramSecret s = make_scram_secret("pencil", salt);
  EXPECT_EQ(s.stored_key, stored_key);
  EXPECT_EQ(s.server_key, server_key);
}

// `CREATE ROLE alice PASSWORD 'secret'` on PostgreSQL 15 stored this.
constexpr const char* kPostgresVerifier =
    "SCRAM-SHA-256$4096:sr1felQOSWMDS839nhHpNg==$bK+7zxBCo/03flHILSNM+nq+f4xVpUzGL0Fm3HfZgh8=:"
    "eTXCZl6gdzZjorIDI57gUqiYGHG+QTKAtVRAxJl8ldQ=";

TEST(ScramMath, RebuildsPostgresVerifierFromPasswordAndSalt) {
  auto parsed = parse_scram_secret(kPostgresVerifier);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->iterations, 4096);
  EXPECT_EQ(parsed->salt.size(), 16u);
  EXPECT_EQ(scram_secret_text(make_scram_secret("secret", parsed->salt)), kPostgresVerifier);
  EXPECT_EQ(scram_secret_text(*parsed), kPostgresVerifier);
  EXPECT_TRUE(check_plain_password(kPostgresVerifier, "alice", "secret"));
  EXPECT_FALSE(check_plain_password(kPostgresVerifier, "alice", "Secret"));
  EXPECT_FALSE(check_plain_password(kPostgresVerifier, "alice", ""));
}

TEST(ScramMath, SaslPrepAsPostgresForSpacesAndIgnorables) {
  // PostgreSQL 15: CREATE ROLE ... PASSWORD U&'pass\00A0wo\00ADrd' (no-break space, soft hyphen)
  // and U&'p\00E4ss'. SASLprep makes the first "pass word".
  const char* nbsp = "SCRAM-SHA-256$4096:vndd/v8lxRK/2HtNKhVuyQ==$TAprCvCMKsrgJfKeivb385S+hS5M+JcmhikXkxEeNas=:"
                     "P1JpblKlDEjcJKIClXu6wEMNdqETQE7AWZDqrWQ9nps=";
  const char* umlaut = "SCRAM-SHA-256$4096:Ts7gTP+tcoA8z7WBpQ9Pfw==$qw4V6wXAX2fMbESFNu530MTfswHtsKR4+TOZZjNTUTg=:"
                       "TepP6oWZitmOOKkDeMQoleNZRyb7IrMz1qhVxPNPXuM=";
  EXPECT_EQ(prepare_password("pass\xc2\xa0wo\xc2\xadrd"), "pass word");
  EXPECT_EQ(scram_secret_text(make_scram_secret("pass\xc2\xa0wo\xc2\xadrd", parse_scram_secret(nbsp)->salt)), nbsp);
  EXPECT_TRUE(check_plain_password(nbsp, "x", "pass word"));
  EXPECT_EQ(scram_secret_text(make_scram_secret("p\xc3\xa4ss", parse_scram_secret(umlaut)->salt)), umlaut);
  EXPECT_EQ(prepare_password("a\xe2\x80\x8b\xe2\x80\x8c" "b"), "a b");   // U+200B space, U+200C nothing
  // Control characters in ASCII and invalid UTF-8 are used as they are.
  EXPECT_EQ(prepare_password("a\tb"), "a\tb");
  EXPECT_EQ(prepare_password("a\xff\xa0"), "a\xff\xa0");
}

TEST(ScramMath, ClientProofComputedFromPostgresVerifierChecksOut) {
  // What a server holding only the verifier can check: H(proof XOR HMAC(StoredKey, msg)) == StoredKey.
  ScramSecret s = *parse_scram_secret(kPostgresVerifier);
  std::string auth_message = "n=,r=abc,r=abcdef,s=sr1felQOSWMDS839nhHpNg==,i=4096,c=biws,r=abcdef";
  std::string client_key = hmac_sha256(salted_password("secret", s.salt, 4096), "Client Key");
  std::string proof = xor_bytes(client_key, hmac_sha256(s.stored_key, auth_message));
  EXPECT_EQ(sha256(xor_bytes(proof, hmac_sha256(s.stored_key, auth_message))), s.stored_key);
  std::string wrong_key = hmac_sha256(salted_password("secreT", s.salt, 4096), "Client Key");
  std::string wrong = xor_bytes(wrong_key, hmac_sha256(s.stored_key, auth_message));
  EXPECT_NE(sha256(xor_bytes(wrong, hmac_sha256(s.stored_key, auth_message))), s.stored_key);
}

TEST(PasswordForms, Md5HashAsPostgresComputesIt) {
  // SET password_encryption = 'md5'; CREATE ROLE md5old PASSWORD 'x' on PostgreSQL 15.
  EXPECT_EQ(md5_password_hash("x", "md5old"), "md51e9244426166da9499e0dbab0806a0c3");
  EXPECT_TRUE(check_plain_password("md51e9244426166da9499e0dbab0806a0c3", "md5old", "x"));
  EXPECT_FALSE(check_plain_password("md51e9244426166da9499e0dbab0806a0c3", "other", "x"));
}

TEST(PasswordForms, ClassifiedAsPostgresDoes) {
  EXPECT_EQ(password_kind(kPostgresVerifier), PasswordKind::kScram);
  EXPECT_EQ(password_kind("md51e9244426166da9499e0dbab0806a0c3"), PasswordKind::kMd5);
  // PostgreSQL 15 hashed both of these as plain passwords (keys too short / not hex).
  EXPECT_EQ(password_kind("SCRAM-SHA-256$4096:AAAAAAAAAAAAAAAAAAAAAA==$abc:def"), PasswordKind::kPlain);
  EXPECT_EQ(password_kind("md5abc"), PasswordKind::kPlain);
  EXPECT_EQ(password_kind("md51E9244426166DA9499E0DBAB0806A0C3"), PasswordKind::kPlain);
  EXPECT_EQ(encrypt_password(kPostgresVerifier), kPostgresVerifier);
  EXPECT_EQ(encrypt_password("md51e9244426166da9499e0dbab0806a0c3"), "md51e9244426166da9499e0dbab0806a0c3");
  std::string fresh = encrypt_password("pw");
  ASSERT_EQ(password_kind(fresh), PasswordKind::kScram);
  EXPECT_TRUE(check_plain_password(fresh, "u", "pw"));
  EXPECT_NE(fresh, encrypt_password("pw"));   // a new random salt each time
}

TEST(Base64, RoundTripAndStrictness) {
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)})
    EXPECT_EQ(*base64_decode(base64_encode(s)), s);
  EXPECT_EQ(base64_encode("n,,"), "biws");
  EXPECT_FALSE(base64_decode("abc"));
  EXPECT_FALSE(base64_decode("ab=c"));
  EXPECT_FALSE(base64_decode("a==="));
  EXPECT_FALSE(base64_decode("ab!d"));
  EXPECT_TRUE(base64_decode("YQ=="));    // "a"
  EXPECT_FALSE(base64_decode("YR=="));   // same byte, non-zero spare bits
  EXPECT_TRUE(base64_decode("YWI="));    // "ab"
  EXPECT_FALSE(base64_decode("YWJ="));
}

TEST(ConstantTime, Equal) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

}  // namespace
}  // namespace upsertdb::roles
