// Display widths of UTF-8 text as psql measures them (its ucs_wcwidth classes):
// non-printable characters, zero-width combining marks, East Asian wide
// characters (2 columns) and everything else (1 column).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace upsertdb::format {

// Decodes the UTF-8 character at s[i] into `cp`; returns its byte length. An
// invalid byte decodes as itself with length 1.
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp);

// -1 non-printable (C0/C1 controls, DEL), 0 combining, 2 wide, else 1.
int codepoint_width(uint32_t cp);

}  // namespace upsertdb::format
