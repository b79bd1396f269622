// libFuzzer target: arbitrary bytes through the server's message decoding
// (framing, startup packets, startup options and the field readers the
// extended protocol uses). Any crash, sanitizer report or exception other
// than DbError is a bug; DbError is how bad input must be reported.
//
// Built and run for a fixed time by tests/server/psql_test.sh:
//   clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -Isrc \
//     tests/server/fuzz/message_decoder_fuzz.cc src/server/message_decoder.cc \
//     src/server/message_reader.cc src/server/startup_packet.cc
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"
#include "server/message_decoder.h"
#include "server/message_reader.h"
#include "server/startup_packet.h"

using namespace upsertdb;
using namespace upsertdb::server;

namespace {

// Reads a message body the way Connection does for its type.
void read_fields(const Frame& f) {
  MessageReader r(f.body);
  switch (f.type) {
    case 'Q': r.cstring(); break;
    case 'P': {
      r.cstring();
      r.cstring();
      int16_t n = r.int16();
      for (int i = 0; i < n; ++i) r.int32();
      break;
    }
    case 'B': {
      r.cstring();
      r.cstring();
      int16_t nf = r.int16();
      for (int i = 0; i < nf; ++i) r.int16();
      int16_t np = r.int16();
      for (int i = 0; i < np; ++i) {
        int32_t len = r.int32();
        if (len >= 0) r.bytes(static_cast<size_t>(len));
      }
      int16_t nr = r.int16();
      for (int i = 0; i < nr; ++i) r.int16();
      break;
    }
    case 'D': case 'C': r.byte(); r.cstring(); break;
    case 'E': r.cstring(); r.int32(); break;
    default: break;
  }
  r.expect_end();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Split the input in two feeds at a point chosen by the first byte, so
  // partial reads are exercised too.
  size_t cut = size ? data[0] % (size + 1) : 0;
  MessageDecoder d;
  try {
    d.feed(input.substr(0, cut));
    Frame f;
    bool started = false;
    while (!started && d.next_startup(f)) {
      StartupPacket p = parse_startup_packet(f.body);
      if (const std::string* o = p.param("options")) parse_startup_options(*o);
      started = p.kind == StartupKind::kStartup;
    }
    d.feed(input.substr(cut));
    while (!started && d.next_startup(f)) {
      StartupPacket p = parse_startup_packet(f.body);
      started = p.kind == StartupKind::kStartup;
    }
    while (started && d.next(f)) {
      try {
        read_fields(f);
      } catch (const DbError&) {
        // A malformed body is an ERROR; the framing stays in sync.
      }
    }
  } catch (const DbError&) {
  }
  return 0;
}
