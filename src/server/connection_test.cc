// Drives a Connection over a socketpair with an in-memory Engine: a normal
// conversation, then seeded random (but well-framed) message sequences that
// must never crash, hang or desynchronise the connection.
#include "server/connection.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <random>
#include <thread>
#include <vector>

#include "engine/engine.h"
#include "server/message_writer.h"

namespace upsertdb::server {
namespace {

std::string startup_packet(uint16_t minor = 0, std::vector<std::string> extra = {}) {
  std::string body;
  for (char c : std::string("\x00\x03", 2)) body.push_back(c);
  body.push_back(static_cast<char>(minor >> 8));
  body.push_back(static_cast<char>(minor));
  std::vector<std::string> params = {"user", "postgres", "database", "postgres"};
  params.insert(params.end(), extra.begin(), extra.end());
  params.push_back("");
  for (const std::string& s : params) {
    body += s;
    body.push_back('\0');
  }
  std::string len;
  uint32_t n = static_cast<uint32_t>(body.size() + 4);
  for (int i = 3; i >= 0; --i) len.push_back(static_cast<char>(n >> (8 * i)));
  return len + body;
}

// Runs a Connection on one end of a socketpair, sends `input` from the other,
// and returns everything the server wrote until it closed.
std::string converse(Engine& engine, const std::string& input) {
  int fds[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  std::thread server([&] {
    Connection c(engine, fds[0], -1, ConnectionInfo{1, 2});
    c.run();
    ::shutdown(fds[0], SHUT_RDWR);
  });
  auto reader = std::async(std::launch::async, [&] {
    std::string out;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fds[1], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
  });
  size_t off = 0;
  while (off < input.size()) {
    ssize_t n = ::send(fds[1], input.data() + off, input.size() - off, MSG_NOSIGNAL);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  ::shutdown(fds[1], SHUT_WR);   // end of input, as a client closing its side
  EXPECT_EQ(reader.wait_for(std::chrono::seconds(60)), std::future_status::ready) << "connection hung";
  std::string out = reader.get();
  server.join();
  ::close(fds[0]);
  ::close(fds[1]);
  return out;
}

void query(MessageWriter& w, const std::string& sql) {
  w.begin('Q');
  w.cstring(sql);
  w.end();
}

TEST(Connection, SimpleConversation) {
  Engine engine("");
  MessageWriter w;
  query(w, "create table t (id int primary key); insert into t values (1), (2); select count(*) from t");
  w.begin('X');
  w.end();
  std::string out = converse(engine, startup_packet() + w.data());
  EXPECT_NE(out.find("CREATE TABLE"), std::string::npos);
  EXPECT_NE(out.find("INSERT 0 2"), std::string::npos);
  EXPECT_NE(out.find("SELECT 1"), std::string::npos);
  EXPECT_EQ(out.back(), 'I');   // last message: ReadyForQuery 'I'
}

TEST(Connection, NegotiatesDownToProtocol30) {
  Engine engine("");
  MessageWriter w;
  w.begin('X');
  w.end();
  std::string out = converse(engine, startup_packet(2, {"_pq_.future", "x"}) + w.data());
  // NegotiateProtocolVersion first: newest minor 0, one unrecognised option.
  MessageWriter want;
  want.begin('v');
  want.int32(0);
  want.int32(1);
  want.cstring("_pq_.future");
  want.end();
  EXPECT_EQ(out.substr(0, want.size()), want.data());
  EXPECT_EQ(out.back(), 'I');
}

TEST(Connection, ClientVanishingMidStreamEndsQuietly) {
  Engine engine("");
  MessageWriter w;
  query(w, "select 1");
  std::string in = startup_packet() + w.data();
  std::string out = converse(engine, in.substr(0, in.size() - 3));   // truncated Query, then EOF
  EXPECT_EQ(out.back(), 'I');   // only the startup's ReadyForQuery
}

// Random sequences of well-framed messages with plausible or random bodies.
TEST(Connection, RandomMessageSequencesKeepTheConnectionInSync) {
  Engine engine("");
  const char* sqls[] = {"select $1::int + 1", "select 1", "", "insert into r values ($1, $2)",
                        "select * from r where id = $1", "begin", "commit", "rollback", "selec",
                        "select 1/0", "create table r (id int primary key, v text)", "select $1, $2"};
  const char types[] = {'P', 'B', 'D', 'E', 'C', 'S', 'H', 'Q', 'd', 'c', 'f'};
  // UPSERTDB_CONNECTION_ROUNDS raises the default 40 rounds for a longer hunt.
  const char* env_rounds = std::getenv("UPSERTDB_CONNECTION_ROUNDS");
  int rounds = env_rounds ? std::atoi(env_rounds) : 40;
  std::mt19937 rng(12345);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto random_bytes = [&](int max) {
    std::string s(static_cast<size_t>(pick(max)), '\0');
    for (char& c : s) c = static_cast<char>(pick(256));
    return s;
  };
  auto name = [&] { return std::string(pick(3) == 0 ? "" : pick(2) ? "a" : "b"); };
  for (int round = 0; round < rounds; ++round) {
    MessageWriter w;
    for (int i = 0; i < 60; ++i) {
      char type = types[pick(sizeof types)];
      w.begin(type);
      if (pick(8) == 0) {
        w.bytes(random_bytes(40));   // garbage body
      } else if (type == 'P') {
        w.cstring(name());
        w.cstring(sqls[pick(std::size(sqls))]);
        int n = pick(3);
        w.int16(static_cast<int16_t>(n));
        for (int k = 0; k < n; ++k) w.int32(pick(2) ? 23 : pick(5000));
      } else if (type == 'B') {
        w.cstring(name());
        w.cstring(name());
        int nf = pick(3);
        w.int16(static_cast<int16_t>(nf));
        for (int k = 0; k < nf; ++k) w.int16(static_cast<int16_t>(pick(3)));
        int np = pick(3);
        w.int16(static_cast<int16_t>(np));
        for (int k = 0; k < np; ++k) {
          if (pick(4) == 0) {
            w.int32(-1);
          } else {
            std::string v = pick(2) ? std::to_string(pick(100)) : random_bytes(9);
            w.int32(static_cast<int32_t>(v.size()));
            w.bytes(v);
          }
        }
        int nr = pick(3);
        w.int16(static_cast<int16_t>(nr));
        for (int k = 0; k < nr; ++k) w.int16(static_cast<int16_t>(pick(3)));
      } else if (type == 'D' || type == 'C') {
        w.int8(pick(3) == 0 ? 'X' : pick(2) ? 'S' : 'P');
        w.cstring(name());
      } else if (type == 'E') {
        w.cstring(name());
        w.int32(pick(3) - 1);
      } else if (type == 'Q') {
        w.cstring(sqls[pick(std::size(sqls))]);
      }
      w.end();
    }
    w.begin('S');
    w.end();
    query(w, "rollback; select 'still in sync'");
    w.begin('X');
    w.end();
    std::string out = converse(engine, startup_packet() + w.data());
    ASSERT_NE(out.find("still in sync"), std::string::npos) << "round " << round;
    EXPECT_EQ(out.back(), 'I') << "round " << round;
  }
}

}  // namespace
}  // namespace upsertdb::server
