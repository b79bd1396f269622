// MessageReader: reads the fields of one frontend message body with bounds
// checks. Running past the end, a string without its NUL terminator or bytes
// left over raise PostgreSQL's 08P01 errors ("insufficient data left in
// message", "invalid string in message", "invalid message format") at ERROR
// level: the framing is intact, so the connection survives.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace upsertdb::server {

class MessageReader {
 public:
  explicit MessageReader(std::string_view body) : body_(body) {}

  int16_t int16();
  int32_t int32();
  uint8_t byte();
  std::string cstring();
  std::string_view bytes(size_t n);
  // Raises "invalid message format" unless every byte was consumed.
  void expect_end() const;
  size_t remaining() const { return body_.size() - pos_; }

 private:
  void need(size_t n) const;
  std::string_view body_;
  size_t pos_ = 0;
};

}  // namespace upsertdb::server
