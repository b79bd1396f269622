// Small text helpers shared by the type I/O code: PostgreSQL's float output
// (shortest round-trip digits, exponent form outside 1e-4 .. 1e15 for float8
// and 1e-4 .. 1e6 for float4), UTF-8 character counting, bpchar padding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace upsertdb {

std::string format_float8(double v);
std::string format_float4(float v);

// Number of UTF-8 characters (PostgreSQL's length() for text in UTF8 databases).
size_t utf8_length(std::string_view s);
// Appends the UTF-8 encoding of code point `cp`.
void append_utf8(std::string& out, uint32_t cp);
// Byte offset of the first `chars` characters.
size_t utf8_prefix_bytes(std::string_view s, size_t chars);
// bpchar semantics: trailing spaces are insignificant.
std::string_view rtrim_spaces(std::string_view s);

}  // namespace upsertdb
