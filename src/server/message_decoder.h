// MessageDecoder: splits the bytes a client sends into protocol-v3 frames.
// Feed it whatever recv() returned; take whole frames out. Lengths are checked
// as soon as a header is complete, before any body is buffered, so a client
// claiming a 4 GiB message costs nothing:
//   startup packets: 8 .. 10000 bytes (PostgreSQL's MAX_STARTUP_PACKET_LENGTH);
//   regular messages: a known type byte, length >= 4 and at most 10000 bytes
//   for the small control messages (Close, Describe, Flush, Sync, Terminate)
//   or 1 GiB - 2 for the others, as PostgreSQL's SocketBackend allows.
// Every violation throws a FATAL DbError with SQLSTATE 08P01: the stream
// cannot be resynchronised, so the connection must end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace upsertdb::server {

struct Frame {
  char type = 0;          // 0 for a startup packet
  std::string body;       // without the type byte and the length word
};

class MessageDecoder {
 public:
  static constexpr uint32_t kMaxStartupLength = 10000;
  static constexpr uint32_t kSmallMessageLimit = 10000;
  static constexpr uint32_t kLargeMessageLimit = (1u << 30) - 2;

  void feed(std::string_view bytes);
  // The next startup-phase packet (StartupMessage, SSLRequest, CancelRequest...).
  bool next_startup(Frame& out);
  // The next regular message. False when more bytes are needed.
  bool next(Frame& out);
  // Whether the next frame is a whole, well-formed Sync (so the server knows,
  // before acting on the current message, that Sync comes next).
  bool next_is_sync() const { return buffered() >= 5 && buf_[pos_] == 'S' && peek_u32(pos_ + 1) == 4; }
  // Bytes received but not yet returned as frames.
  size_t buffered() const { return buf_.size() - pos_; }

  // Largest length a message of this type may claim; 0 = unknown type.
  static uint32_t max_length(char type);

 private:
  uint32_t peek_u32(size_t at) const;
  void consume(size_t n);
  std::string buf_;
  size_t pos_ = 0;
};

}  // namespace upsertdb::server
