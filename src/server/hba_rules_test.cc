// Access rules: pg_hba.conf-style parsing, first-match order, CIDR and mask
// matching, hostssl/hostnossl, and the built-in defaults.
#include "server/hba_rules.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace upsertdb::server {
namespace {

ClientAddress addr(const std::string& text) { return *parse_client_address(text); }

std::string method_for(const HbaRules& rules, const std::string& ip, bool ssl, const std::string& db,
                       const std::string& user) {
  const HbaRule* r = rules.match(addr(ip), ssl, db, user);
  return r ? auth_method_name(r->method) : "none";
}

std::string parse_error(const std::string& text) {
  try {
    HbaRules::parse(text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "ok";
}

TEST(HbaRules, FirstMatchingLineDecides) {
  HbaRules rules = HbaRules::parse(
      "# comment line\n"
      "\n"
      "host    all      postgres   127.0.0.1/32     trust   # trailing comment\n"
      "host    all      alice,bob  10.0.0.0/8       md5\n"
      "hostssl all      all        10.0.0.0/8       scram-sha-256\n"
      "host    all      all        10.1.0.0 255.255.0.0   password\n"
      "host    \"all\"  all        192.168.1.5/32   reject\n"
      "host    postgres all        ::1/128          trust\n"
      "host    all      all        all              reject\n");
  EXPECT_EQ(rules.rules().size(), 7u);
  EXPECT_EQ(method_for(rules, "127.0.0.1", false, "postgres", "postgres"), "trust");
  EXPECT_EQ(method_for(rules, "127.0.0.2", false, "postgres", "postgres"), "reject");
  EXPECT_EQ(method_for(rules, "10.9.9.9", false, "postgres", "bob"), "md5");
  EXPECT_EQ(method_for(rules, "10.9.9.9", true, "postgres", "carol"), "scram-sha-256");
  EXPECT_EQ(method_for(rules, "10.1.2.3", false, "postgres", "carol"), "password");
  EXPECT_EQ(method_for(rules, "10.2.2.3", false, "postgres", "carol"), "reject");
  // A quoted "all" is a database named all, not the keyword.
  EXPECT_EQ(method_for(rules, "192.168.1.5", false, "postgres", "x"), "reject");
  EXPECT_EQ(method_for(rules, "::1", false, "postgres", "x"), "trust");
  EXPECT_EQ(method_for(rules, "::1", false, "other", "x"), "reject");
  EXPECT_EQ(rules.rules()[1].line, 4);
}

TEST(HbaRules, HostNoSslAndNoMatch) {
  HbaRules rules = HbaRules::parse("hostnossl all all 0.0.0.0/0 password\nlocal all all trust\n");
  EXPECT_EQ(method_for(rules, "1.2.3.4", false, "postgres", "u"), "password");
  EXPECT_EQ(method_for(rules, "1.2.3.4", true, "postgres", "u"), "none");
  EXPECT_EQ(method_for(rules, "::1", false, "postgres", "u"), "none");   // family differs
}

TEST(HbaRules, DefaultsTrustLoopbackOnly) {
  HbaRules rules = HbaRules::defaults();
  EXPECT_EQ(method_for(rules, "127.0.0.1", false, "postgres", "u"), "trust");
  EXPECT_EQ(method_for(rules, "127.8.0.1", false, "postgres", "u"), "trust");
  EXPECT_EQ(method_for(rules, "::1", false, "postgres", "u"), "trust");
  EXPECT_EQ(method_for(rules, "192.168.0.10", false, "postgres", "u"), "scram-sha-256");
  EXPECT_EQ(method_for(rules, "2001:db8::1", true, "postgres", "u"), "scram-sha-256");
}

TEST(HbaRules, BadLinesNameTheLine) {
  EXPECT_EQ(parse_error("host all all 127.0.0.1/32 trust\nhots all all 1.2.3.4/32 md5\n"),
            "line 2: invalid connection type \"hots\"");
  EXPECT_EQ(parse_error("host all all 127.0.0.1/32 ident"), "line 1: invalid authentication method \"ident\"");
  EXPECT_EQ(parse_error("host all all 127.0.0.1/33 trust"), "line 1: invalid CIDR mask length 33");
  EXPECT_EQ(parse_error("host all all 300.0.0.1/8 trust"), "line 1: invalid IP address \"300.0.0.1/8\"");
  EXPECT_EQ(parse_error("host all all"), "line 1: end-of-line before authentication method");
  EXPECT_EQ(parse_error("host all all 1.2.3.4/32 md5 foo=bar"),
            "line 1: authentication options are not supported (\"foo=bar\")");
  EXPECT_EQ(parse_error("host all +admins 1.2.3.4/32 md5"),
            "line 1: role groups (\"+admins\") are not supported");
}

}  // namespace
}  // namespace upsertdb::server
