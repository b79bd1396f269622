// The server side of SCRAM-SHA-256: RFC 7677's example exchange message by
// message, a client computing its proof from a password against a verifier
// PostgreSQL 15 made, mock exchanges, channel binding and malformed input.
#include "server/scram_exchange.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace upsertdb::server {
namespace {

using roles::base64_decode;
using roles::base64_encode;
using roles::hmac_sha256;

std::string xor_bytes(const std::string& a, const std::string& b) {
  std::string out(a.size(), '\0');
  for (size_t i = 0; i < a.size(); ++i) out[i] = static_cast<char>(a[i] ^ b[i]);
  return out;
}

// A minimal SCRAM client: the final message for `password`.
std::string client_final_for(const std::string& password, const std::string& client_first_bare,
                             const std::string& server_first, const std::string& channel_binding = "biws") {
  std::string nonce = server_first.substr(2, server_first.find(',') - 2);
  size_t s_at = server_first.find(",s=") + 3;
  std::string salt = *base64_decode(server_first.substr(s_at, server_first.find(",i=") - s_at));
  int iterations = std::stoi(server_first.substr(server_first.find(",i=") + 3));
  std::string without_proof = "c=" + channel_binding + ",r=" + nonce;
  std::string auth_message = client_first_bare + "," + server_first + "," + without_proof;
  std::string client_key = hmac_sha256(roles::salted_password(password, salt, iterations), "Client Key");
  std::string proof = xor_bytes(client_key, hmac_sha256(roles::sha256(client_key), auth_message));
  return without_proof + ",p=" + base64_encode(proof);
}

std::string sqlstate_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DbError& e) {
    return e.sqlstate() + ": " + e.fields().message;
  }
  return "ok";
}

TEST(ScramExchange, Rfc7677Example) {
  roles::ScramSecret secret = roles::make_scram_secret("pencil", *base64_decode("W22ZaJ0SNY7soEsUEjb6gQ=="));
  ScramExchange ex(secret, "user");
  EXPECT_EQ(ex.mechanisms(), std::vector<std::string>{"SCRAM-SHA-256"});
  ex.select_mechanism("SCRAM-SHA-256");
  ex.set_server_nonce_for_test("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
  EXPECT_EQ(ex.client_first("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"),
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
  std::string server_final;
  EXPECT_TRUE(ex.client_final("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                              "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                              server_final));
  EXPECT_EQ(server_final, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
}

TEST(ScramExchange, Rfc7677ProofWithOneBitFlippedFails) {
  roles::ScramSecret secret = roles::make_scram_secret("pencil", *base64_decode("W22ZaJ0SNY7soEsUEjb6gQ=="));
  ScramExchange ex(secret, "user");
  ex.select_mechanism("SCRAM-SHA-256");
  ex.set_server_nonce_for_test("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
  ex.client_first("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  std::string server_final;
  EXPECT_FALSE(ex.client_final("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                               "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVU=",
                               server_final));
  EXPECT_EQ(server_final, "");
}

constexpr const char* kPostgresVerifier =
    "SCRAM-SHA-256$4096:sr1felQOSWMDS839nhHpNg==$bK+7zxBCo/03flHILSNM+nq+f4xVpUzGL0Fm3HfZgh8=:"
    "eTXCZl6gdzZjorIDI57gUqiYGHG+QTKAtVRAxJl8ldQ=";

TEST(ScramExchange, PasswordAgainstPostgresVerifier) {
  for (const char* password : {"secret", "wrong"}) {
    ScramExchange ex(roles::parse_scram_secret(kPostgresVerifier), "alice");
    ex.select_mechanism("SCRAM-SHA-256");
    std::string first = ex.client_first("n,,n=,r=clientnonce123");   // libpq sends an empty n=
    EXPECT_EQ(first.substr(0, 16), "r=clientnonce123");
    EXPECT_NE(first.find(",s=sr1felQOSWMDS839nhHpNg==,i=4096"), std::string::npos);
    std::string server_final;
    bool ok = ex.client_final(client_final_for(password, "n=,r=clientnonce123", first), server_final);
    EXPECT_EQ(ok, std::string(password) == "secret");
  }
}

TEST(ScramExchange, MockExchangeLooksRealAndFails) {
  ScramExchange a(std::nullopt, "nosuch");
  ScramExchange b(std::nullopt, "nosuch");
  a.select_mechanism("SCRAM-SHA-256");
  b.select_mechanism("SCRAM-SHA-256");
  std::string fa = a.client_first("n,,n=,r=xyz");
  std::string fb = b.client_first("n,,n=,r=xyz");
  // The same role name gets the same salt each time, like a real role would.
  EXPECT_EQ(fa.substr(fa.find(",s=")), fb.substr(fb.find(",s=")));
  std::string server_final;
  EXPECT_FALSE(a.client_final(client_final_for("anything", "n=,r=xyz", fa), server_final));
}

TEST(ScramExchange, ChannelBinding) {
  std::string hash(32, '\x42');
  auto secret = roles::make_scram_secret("pw", "saltsaltsaltsalt");
  {
    ScramExchange ex(secret, "u", hash);
    EXPECT_EQ(ex.mechanisms(), (std::vector<std::string>{"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"}));
    ex.select_mechanism("SCRAM-SHA-256-PLUS");
    std::string first = ex.client_first("p=tls-server-end-point,,n=,r=abc");
    std::string cb = base64_encode("p=tls-server-end-point,," + hash);
    std::string server_final;
    EXPECT_TRUE(ex.client_final(client_final_for("pw", "n=,r=abc", first, cb), server_final));
  }
  {
    ScramExchange ex(secret, "u", hash);
    ex.select_mechanism("SCRAM-SHA-256-PLUS");
    std::string first = ex.client_first("p=tls-server-end-point,,n=,r=abc");
    std::string cb = base64_encode("p=tls-server-end-point,," + std::string(32, '\x43'));
    std::string server_final;
    EXPECT_EQ(sqlstate_of([&] { ex.client_final(client_final_for("pw", "n=,r=abc", first, cb), server_final); }),
              "08P01: SCRAM channel binding check failed");
  }
  {
    // 'y' (client could bind but thinks we cannot) is a downgrade when we offer -PLUS.
    ScramExchange ex(secret, "u", hash);
    ex.select_mechanism("SCRAM-SHA-256");
    EXPECT_EQ(sqlstate_of([&] { ex.client_first("y,,n=,r=abc"); }), "08P01: SCRAM channel binding negotiation error");
  }
  {
    // Without TLS 'y' is fine, and -PLUS is not on offer.
    ScramExchange ex(secret, "u");
    EXPECT_EQ(sqlstate_of([&] { ex.select_mechanism("SCRAM-SHA-256-PLUS"); }),
              "08P01: client selected an invalid SASL authentication mechanism");
    ex.select_mechanism("SCRAM-SHA-256");
    std::string first = ex.client_first("y,,n=,r=abc");
    std::string server_final;
    EXPECT_TRUE(ex.client_final(client_final_for("pw", "n=,r=abc", first, "eSws"), server_final));
  }
}

TEST(ScramExchange, MalformedMessages) {
  auto secret = roles::make_scram_secret("pw", "saltsaltsaltsalt");
  auto first_error = [&](const std::string& msg) {
    ScramExchange ex(secret, "u");
    ex.select_mechanism("SCRAM-SHA-256");
    return sqlstate_of([&] { ex.client_first(msg); });
  };
  EXPECT_EQ(first_error(""), "08P01: malformed SCRAM message");
  EXPECT_EQ(first_error("x,,n=,r=a"), "08P01: malformed SCRAM message");
  EXPECT_EQ(first_error("n,a=bob,n=,r=a"), "0A000: client uses authorization identity, but it is not supported");
  EXPECT_EQ(first_error("n,,m=ext,n=,r=a"), "0A000: client requires an unsupported SCRAM extension");
  EXPECT_EQ(first_error("n,,n=,x=a"), "08P01: malformed SCRAM message");
  EXPECT_EQ(first_error("n,,n=,r="), "08P01: malformed SCRAM message");

  ScramExchange ex(secret, "u");
  ex.select_mechanism("SCRAM-SHA-256");
  std::string first = ex.client_first("n,,n=,r=abc");
  std::string good = client_final_for("pw", "n=,r=abc", first);
  std::string server_final;
  EXPECT_EQ(sqlstate_of([&] { ex.client_final(good + ",x=1", server_final); }), "08P01: malformed SCRAM message");
  EXPECT_EQ(sqlstate_of([&] { ex.client_final("c=biws,r=abcWRONG,p=" + base64_encode(std::string(32, 'a')), server_final); }),
            "08P01: invalid SCRAM response");
  EXPECT_EQ(sqlstate_of([&] { ex.client_final("c=biws,r=x,p=AAAA", server_final); }), "08P01: malformed SCRAM message");
  EXPECT_TRUE(ex.client_final(good, server_final));
}

TEST(ScramExchange, MutatedMessagesFailCleanly) {
  // Every byte of valid messages replaced, dropped or duplicated: the exchange
  // must answer with false or a DbError, never crash or throw anything else.
  auto secret = roles::make_scram_secret("pw", "saltsaltsaltsalt");
  std::string first_msg = "n,,n=,r=abcdef";
  ScramExchange probe(secret, "u");
  probe.select_mechanism("SCRAM-SHA-256");
  probe.set_server_nonce_for_test("SERVERNONCE");
  std::string server_first = probe.client_first(first_msg);
  std::string final_msg = client_final_for("pw", "n=,r=abcdef", server_first);
  auto mutations = [](const std::string& m) {
    std::vector<std::string> out;
    for (size_t i = 0; i < m.size(); ++i) {
      for (char c : {'\0', ',', '=', 'p', 'r', 'x', '\xff'}) {
        std::string a = m;
        a[i] = c;
        if (a != m) out.push_back(a);
      }
      out.push_back(m.substr(0, i) + m.substr(i + 1));
      out.push_back(m.substr(0, i));
      out.push_back(m.substr(0, i) + m[i] + m.substr(i));
    }
    return out;
  };
  int accepted = 0;
  for (const std::string& bad : mutations(first_msg)) {
    ScramExchange ex(secret, "u");
    ex.select_mechanism("SCRAM-SHA-256");
    try {
      ex.client_first(bad);
    } catch (const DbError&) {
    }
  }
  for (const std::string& bad : mutations(final_msg)) {
    ScramExchange ex(secret, "u");
    ex.select_mechanism("SCRAM-SHA-256");
    ex.set_server_nonce_for_test("SERVERNONCE");
    ex.client_first(first_msg);
    std::string server_final;
    try {
      if (ex.client_final(bad, server_final)) ++accepted;
    } catch (const DbError&) {
    }
  }
  EXPECT_EQ(accepted, 0);   // no mutation of the final message passes
}

}  // namespace
}  // namespace upsertdb::server
