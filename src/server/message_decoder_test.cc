#include "server/message_decoder.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "server/message_reader.h"
#include "server/message_writer.h"

namespace upsertdb::server {
namespace {

std::string be32(uint32_t v) {
  std::string s;
  for (int i = 3; i >= 0; --i) s.push_back(static_cast<char>(v >> (8 * i)));
  return s;
}

std::string message(char type, const std::string& body) {
  return std::string(1, type) + be32(static_cast<uint32_t>(body.size() + 4)) + body;
}

// Expects a FATAL 08P01 with this message from the callable.
template <typename F>
void expect_fatal(F f, const std::string& text) {
  try {
    f();
    FAIL() << "no error, expected: " << text;
  } catch (const DbError& e) {
    EXPECT_EQ(e.fields().severity, "FATAL");
    EXPECT_EQ(e.sqlstate(), "08P01");
    EXPECT_EQ(e.fields().message, text);
  }
}

TEST(MessageDecoder, SplitsMessagesFedByteByByte) {
  std::string stream = message('Q', std::string("select 1", 9)) + message('S', "") + message('X', "");
  MessageDecoder d;
  std::vector<Frame> frames;
  for (char c : stream) {
    d.feed(std::string_view(&c, 1));
    Frame f;
    while (d.next(f)) frames.push_back(f);
  }
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0].type, 'Q');
  EXPECT_EQ(frames[0].body, std::string("select 1", 9));
  EXPECT_EQ(frames[1].type, 'S');
  EXPECT_EQ(frames[1].body, "");
  EXPECT_EQ(frames[2].type, 'X');
  EXPECT_EQ(d.buffered(), 0u);
}

TEST(MessageDecoder, WaitsForTheWholeBody) {
  MessageDecoder d;
  std::string m = message('Q', std::string("select 42;\0", 11));
  d.feed(m.substr(0, m.size() - 1));
  Frame f;
  EXPECT_FALSE(d.next(f));
  d.feed(m.substr(m.size() - 1));
  ASSERT_TRUE(d.next(f));
  EXPECT_EQ(f.body.size(), 11u);
}

TEST(MessageDecoder, RejectsUnknownTypeAsSoonAsItArrives) {
  MessageDecoder d;
  d.feed("G");
  Frame f;
  expect_fatal([&] { d.next(f); }, "invalid frontend message type 71");
}

TEST(MessageDecoder, RejectsLengthsBelowFour) {
  MessageDecoder d;
  d.feed("Q" + be32(3));
  Frame f;
  expect_fatal([&] { d.next(f); }, "invalid message length");
}

TEST(MessageDecoder, RejectsLengthsOverOneGigabyteBeforeBuffering) {
  MessageDecoder d;
  d.feed("Q" + be32(0xFFFFFFF0u));
  Frame f;
  expect_fatal([&] { d.next(f); }, "invalid message length");
  MessageDecoder d2;
  d2.feed("Q" + be32(1u << 30));
  expect_fatal([&] { d2.next(f); }, "invalid message length");
}

TEST(MessageDecoder, SmallControlMessagesHaveASmallLimit) {
  MessageDecoder d;
  d.feed("S" + be32(20000));
  Frame f;
  expect_fatal([&] { d.next(f); }, "invalid message length");
  MessageDecoder d2;
  d2.feed("Q" + be32(20000));
  EXPECT_FALSE(d2.next(f));   // legal: waits for the body
}

TEST(MessageDecoder, StartupPacketLengths) {
  Frame f;
  MessageDecoder tiny;
  tiny.feed(be32(7) + "abc");
  expect_fatal([&] { tiny.next_startup(f); }, "invalid length of startup packet");
  MessageDecoder huge;
  huge.feed(be32(10001));
  expect_fatal([&] { huge.next_startup(f); }, "invalid length of startup packet");
  MessageDecoder garbage;
  garbage.feed("GET / HTTP/1.1\r\n\r\n");   // "GET " read as a length
  expect_fatal([&] { garbage.next_startup(f); }, "invalid length of startup packet");
  MessageDecoder ok;
  ok.feed(be32(8) + be32(80877103));
  ASSERT_TRUE(ok.next_startup(f));
  EXPECT_EQ(f.body, be32(80877103));
}

TEST(MessageReader, ReadsFieldsAndChecksBounds) {
  std::string body = std::string("name\0", 5) + be32(7) + std::string("\x00\x02", 2) + "xy";
  MessageReader r(body);
  EXPECT_EQ(r.cstring(), "name");
  EXPECT_EQ(r.int32(), 7);
  EXPECT_EQ(r.int16(), 2);
  EXPECT_EQ(r.bytes(2), "xy");
  r.expect_end();
  EXPECT_THROW(r.byte(), DbError);
}

TEST(MessageReader, MalformedBodiesRaiseProtocolErrors) {
  auto message_of = [](auto f) -> std::string {
    try {
      f();
    } catch (const DbError& e) {
      EXPECT_EQ(e.sqlstate(), "08P01");
      EXPECT_EQ(e.fields().severity, "ERROR");
      return e.fields().message;
    }
    return "no error";
  };
  EXPECT_EQ(message_of([] { MessageReader r("abc"); r.cstring(); }), "invalid string in message");
  EXPECT_EQ(message_of([] { MessageReader r("ab"); r.int32(); }), "insufficient data left in message");
  EXPECT_EQ(message_of([] { MessageReader r("abcd"); r.bytes(5); }), "insufficient data left in message");
  EXPECT_EQ(message_of([] { MessageReader r("ab"); r.int16(); r.expect_end(); r.byte(); }),
            "insufficient data left in message");
  EXPECT_EQ(message_of([] { MessageReader r("abc"); r.int16(); r.expect_end(); }), "invalid message format");
}

TEST(MessageWriter, FramesMessagesWithTheirLength) {
  MessageWriter w;
  w.begin('C');
  w.cstring("SELECT 1");
  w.end();
  w.begin('Z');
  w.int8('I');
  w.end();
  EXPECT_EQ(w.data(), message('C', std::string("SELECT 1\0", 9)) + message('Z', "I"));
  // Round trip through the decoder (backend messages share the framing).
  MessageDecoder d;
  d.feed(std::string("Q") + w.data().substr(1));
  Frame f;
  ASSERT_TRUE(d.next(f));
  EXPECT_EQ(f.body, std::string("SELECT 1\0", 9));
}

}  // namespace
}  // namespace upsertdb::server
