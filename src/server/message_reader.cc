#include "server/message_reader.h"

#include "common/error.h"

namespace upsertdb::server {

void MessageReader::need(size_t n) const {
  if (n > body_.size() - pos_) throw DbError(sqlstate::kProtocolViolation, "insufficient data left in message");
}

uint8_t MessageReader::byte() {
  need(1);
  return static_cast<uint8_t>(body_[pos_++]);
}

int16_t MessageReader::int16() {
  need(2);
  uint16_t v = static_cast<uint16_t>((static_cast<uint8_t>(body_[pos_]) << 8) | static_cast<uint8_t>(body_[pos_ + 1]));
  pos_ += 2;
  return static_cast<int16_t>(v);
}

int32_t MessageReader::int32() {
  need(4);
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(body_[pos_ + i]);
  pos_ += 4;
  return static_cast<int32_t>(v);
}

std::string MessageReader::cstring() {
  size_t nul = body_.find('\0', pos_);
  if (nul == std::string_view::npos) throw DbError(sqlstate::kProtocolViolation, "invalid string in message");
  std::string s(body_.substr(pos_, nul - pos_));
  pos_ = nul + 1;
  return s;
}

std::string_view MessageReader::bytes(size_t n) {
  need(n);
  std::string_view v = body_.substr(pos_, n);
  pos_ += n;
  return v;
}

void MessageReader::expect_end() const {
  if (pos_ != body_.size()) throw DbError(sqlstate::kProtocolViolation, "invalid message format");
}

}  // namespace upsertdb::server
