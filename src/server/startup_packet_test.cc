#include "server/startup_packet.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace upsertdb::server {
namespace {

std::string be32(uint32_t v) {
  std::string s;
  for (int i = 3; i >= 0; --i) s.push_back(static_cast<char>(v >> (8 * i)));
  return s;
}

std::string startup_body(const std::vector<std::pair<std::string, std::string>>& params, uint32_t version = 196608) {
  std::string b = be32(version);
  for (const auto& [n, v] : params) {
    b += n;
    b.push_back('\0');
    b += v;
    b.push_back('\0');
  }
  b.push_back('\0');
  return b;
}

std::pair<std::string, std::string> error_of(std::string_view body) {
  try {
    parse_startup_packet(body);
  } catch (const DbError& e) {
    EXPECT_EQ(e.fields().severity, "FATAL");
    return {e.sqlstate(), e.fields().message};
  }
  return {"", "no error"};
}

TEST(StartupPacket, ParsesParameters) {
  StartupPacket p = parse_startup_packet(startup_body({{"user", "postgres"}, {"database", "postgres"}}));
  EXPECT_EQ(p.kind, StartupKind::kStartup);
  EXPECT_EQ(p.major, 3);
  EXPECT_EQ(p.minor, 0);
  ASSERT_NE(p.param("user"), nullptr);
  EXPECT_EQ(*p.param("user"), "postgres");
  EXPECT_EQ(*p.param("database"), "postgres");
  EXPECT_EQ(p.param("options"), nullptr);
}

TEST(StartupPacket, RecognisesSpecialRequests) {
  EXPECT_EQ(parse_startup_packet(be32(80877103)).kind, StartupKind::kSslRequest);
  EXPECT_EQ(parse_startup_packet(be32(80877104)).kind, StartupKind::kGssEncRequest);
  StartupPacket c = parse_startup_packet(be32(80877102) + be32(42) + be32(7));
  EXPECT_EQ(c.kind, StartupKind::kCancelRequest);
  EXPECT_EQ(c.cancel_pid, 42);
  EXPECT_EQ(c.cancel_key, 7);
  EXPECT_EQ(error_of(be32(80877102) + be32(42)).second, "invalid length of startup packet");
}

TEST(StartupPacket, RejectsOtherProtocolVersions) {
  auto [state, message] = error_of(startup_body({{"user", "x"}}, 2 << 16));
  EXPECT_EQ(state, "0A000");
  EXPECT_EQ(message, "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
}

TEST(StartupPacket, RejectsBadLayout) {
  std::string no_terminator = be32(196608) + std::string("user\0postgres", 13);
  EXPECT_EQ(error_of(no_terminator).first, "08P01");
  EXPECT_EQ(error_of(no_terminator).second, "invalid startup packet layout: expected terminator as last byte");
  std::string name_without_value = be32(196608) + std::string("user\0", 5);
  EXPECT_EQ(error_of(name_without_value).second, "invalid startup packet layout: expected terminator as last byte");
}

TEST(StartupOptions, ReadsDashCAndDoubleDash) {
  auto o = parse_startup_options("-c search_path=public --application-name=x  -cstatement_timeout=5 -c a\\ b=c\\ d");
  ASSERT_EQ(o.size(), 4u);
  EXPECT_EQ(o[0], (std::pair<std::string, std::string>{"search_path", "public"}));
  EXPECT_EQ(o[1], (std::pair<std::string, std::string>{"application_name", "x"}));
  EXPECT_EQ(o[2], (std::pair<std::string, std::string>{"statement_timeout", "5"}));
  EXPECT_EQ(o[3], (std::pair<std::string, std::string>{"a b", "c d"}));
  EXPECT_TRUE(parse_startup_options("   ").empty());
}

TEST(StartupOptions, RejectsOtherSwitches) {
  try {
    parse_startup_options("-x");
    FAIL();
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "42601");
    EXPECT_EQ(e.fields().message, "invalid command-line argument for server process: -x");
  }
  EXPECT_THROW(parse_startup_options("-c"), DbError);
  EXPECT_THROW(parse_startup_options("-c novalue"), DbError);
}

}  // namespace
}  // namespace upsertdb::server
