// MessageWriter: builds backend protocol-v3 messages ('T', 'D', 'C', ...) in one
// output buffer: begin(type), append fields in network byte order, end() patches
// the length word. The connection flushes the buffer to the socket when it
// must (ReadyForQuery, Flush, a full buffer) so small messages share one write.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace upsertdb::server {

class MessageWriter {
 public:
  void begin(char type);
  void int8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void int16(int16_t v);
  void int32(int32_t v);
  void cstring(std::string_view s);        // bytes then a NUL terminator
  void bytes(std::string_view b) { out_.append(b); }
  void end();                              // fills in the length of the open message

  const std::string& data() const { return out_; }
  size_t size() const { return out_.size(); }
  void clear() { out_.clear(); }
  // Appends a raw byte with no framing (the 'N' answer to SSLRequest).
  void raw(char c) { out_.push_back(c); }

 private:
  std::string out_;
  size_t open_ = std::string::npos;        // offset of the open message's length word
};

}  // namespace upsertdb::server
