// Small helpers shared by the function families: argument access, UTF-8
// character handling (the database encoding is UTF8, collation C, so case
// mapping is ASCII-only as in PostgreSQL's C locale), numeric round trips.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "functions/registry.h"
#include "types/numeric.h"
#include "types/value.h"

namespace upsertdb::fn {

inline const std::string& str(const Value& v) { return v.as_str(); }
inline Value text(std::string s) { return Value::text(std::move(s)); }
inline Numeric num(const Value& v) { return Numeric::parse(v.as_str()); }
inline Value num_value(const Numeric& n) { return Value::numeric(n.to_string()); }

// Byte length of the UTF-8 sequence starting with `lead` (1 for stray bytes).
inline size_t utf8_char_bytes(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// The string split into characters (each a view into `s`).
std::vector<std::string_view> utf8_chars(std::string_view s);
// Code point of the character starting at s[0] (s non-empty).
uint32_t utf8_decode(std::string_view s);
void utf8_append(std::string& out, uint32_t cp);

// quote_ident(): double-quotes unless a plain lower-case identifier that is not a keyword.
std::string quote_identifier(std::string_view id);
// quote_literal(): single quotes doubled; backslashes doubled with an E prefix.
std::string quote_literal_text(std::string_view s);

// similar_to_escape(): the anchored regular expression for an SQL SIMILAR TO
// pattern. `escape` null means the default escape (backslash); an empty one means
// none; longer than one character raises 22025 "invalid escape string".
std::string similar_to_escape_regex(std::string_view pattern, const std::string* escape);

// A value printed as its type's output function would (NULL must be handled by the caller).
std::string output_text(const Value& v);

}  // namespace upsertdb::fn
