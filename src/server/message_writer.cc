#include "server/message_writer.h"

#include <cassert>

namespace upsertdb::server {

void MessageWriter::begin(char type) {
  assert(open_ == std::string::npos);
  out_.push_back(type);
  open_ = out_.size();
  out_.append(4, '\0');
}

void MessageWriter::int16(int16_t v) {
  uint16_t u = static_cast<uint16_t>(v);
  out_.push_back(static_cast<char>(u >> 8));
  out_.push_back(static_cast<char>(u));
}

void MessageWriter::int32(int32_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<char>(u >> shift));
}

void MessageWriter::cstring(std::string_view s) {
  out_.append(s);
  out_.push_back('\0');
}

void MessageWriter::end() {
  assert(open_ != std::string::npos);
  uint32_t len = static_cast<uint32_t>(out_.size() - open_);
  for (int i = 0; i < 4; ++i) out_[open_ + i] = static_cast<char>(len >> (24 - 8 * i));
  open_ = std::string::npos;
}

}  // namespace upsertdb::server
