// Shared helpers for the function families (see fn_util.h).
#include "functions/fn_util.h"

#include "types/text_format.h"

namespace upsertdb::fn {

std::vector<std::string_view> utf8_chars(std::string_view s) {
  std::vector<std::string_view> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_char_bytes(static_cast<unsigned char>(s[i]));
    if (i + n > s.size()) n = s.size() - i;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

uint32_t utf8_decode(std::string_view s) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i])); };
  size_t n = utf8_char_bytes(static_cast<unsigned char>(s[0]));
  if (n > s.size()) n = 1;
  switch (n) {
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default: return b(0);
  }
}

void utf8_append(std::string& out, uint32_t cp) { append_utf8(out, cp); }

std::string output_text(const Value& v) { return value_to_text(v); }

}  // namespace upsertdb::fn
