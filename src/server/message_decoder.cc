#include "server/message_decoder.h"

#include "common/error.h"

namespace upsertdb::server {

namespace {

[[noreturn]] void fatal(std::string message) {
  ErrorFields f;
  f.severity = "FATAL";
  f.sqlstate = sqlstate::kProtocolViolation;
  f.message = std::move(message);
  throw DbError(std::move(f));
}

}  // namespace

uint32_t MessageDecoder::max_length(char type) {
  switch (type) {
    case 'Q': case 'P': case 'B': case 'E': case 'F': case 'd': case 'c': case 'f': case 'p':
      return kLargeMessageLimit;
    case 'C': case 'D': case 'H': case 'S': case 'X':
      return kSmallMessageLimit;
    default:
      return 0;
  }
}

void MessageDecoder::feed(std::string_view bytes) {
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(bytes);
}

uint32_t MessageDecoder::peek_u32(size_t at) const {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(buf_[at + i]);
  return v;
}

void MessageDecoder::consume(size_t n) {
  pos_ += n;
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
}

bool MessageDecoder::next_startup(Frame& out) {
  if (buffered() < 4) return false;
  uint32_t len = peek_u32(pos_);
  if (len < 8 || len > kMaxStartupLength) fatal("invalid length of startup packet");
  if (buffered() < len) return false;
  out.type = 0;
  out.body.assign(buf_, pos_ + 4, len - 4);
  consume(len);
  return true;
}

bool MessageDecoder::next(Frame& out) {
  if (buffered() < 1) return false;
  char type = buf_[pos_];
  uint32_t limit = max_length(type);
  if (limit == 0) fatal("invalid frontend message type " + std::to_string(static_cast<int>(static_cast<uint8_t>(type))));
  if (buffered() < 5) return false;
  uint32_t len = peek_u32(pos_ + 1);
  if (len < 4 || len > limit) fatal("invalid message length");
  if (buffered() < 1 + static_cast<size_t>(len)) return false;
  out.type = type;
  out.body.assign(buf_, pos_ + 5, len - 4);
  consume(1 + static_cast<size_t>(len));
  return true;
}

}  // namespace upsertdb::server
