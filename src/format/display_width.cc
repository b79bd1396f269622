#include "format/display_width.h"

namespace upsertdb::format {

// Decodes one UTF-8 character at s[i]; returns its byte length (1 for an
// invalid byte, which is then shown as-is with width 1).
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    cp = c;
    return 1;
  }
  if (len == 1) {
    cp = c;
    return 1;
  }
  cp = c & (0x7f >> len);
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) {
      cp = c;
      return 1;
    }
    cp = (cp << 6) | (cc & 0x3f);
  }
  return len;
}

namespace {
bool in_ranges(uint32_t cp, const uint32_t (*ranges)[2], size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (cp >= ranges[i][0] && cp <= ranges[i][1]) return true;
  return false;
}

}  // namespace

// Screen width of a code point: -1 non-printable, 0 combining, 2 wide, else 1
// (the same classes psql's ucs_wcwidth distinguishes).
int codepoint_width(uint32_t cp) {
  if (cp == 0) return 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return -1;
  static const uint32_t kZero[][2] = {
      {0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a}, {0x064b, 0x065f},
      {0x0e31, 0x0e31}, {0x0e34, 0x0e3a}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x200b, 0x200f},
      {0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}};
  if (in_ranges(cp, kZero, sizeof kZero / sizeof kZero[0])) return 0;
  static const uint32_t kWide[][2] = {
      {0x1100, 0x115f}, {0x2329, 0x232a}, {0x2e80, 0x303e}, {0x3040, 0xa4cf}, {0xac00, 0xd7a3},
      {0xf900, 0xfaff}, {0xfe10, 0xfe19}, {0xfe30, 0xfe6f}, {0xff00, 0xff60}, {0xffe0, 0xffe6},
      {0x1f300, 0x1f64f}, {0x1f900, 0x1f9ff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd}};
  if (in_ranges(cp, kWide, sizeof kWide / sizeof kWide[0])) return 2;
  return 1;
}

}  // namespace upsertdb::format
