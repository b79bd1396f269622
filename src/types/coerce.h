// Building blocks shared by value_from_text, casts and operators: PostgreSQL's
// scalar input routines and typmod application.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/value.h"

namespace upsertdb {

// int2in/int4in/int8in: surrounding whitespace allowed, optional sign.
int64_t parse_integer(std::string_view text, TypeId t);
double parse_float8(std::string_view text);
float parse_float4(std::string_view text);
bool parse_bool(std::string_view text);
std::string parse_bytea(std::string_view text);
std::string format_bytea(std::string_view bytes);
void parse_uuid(std::string_view text, uint8_t out[16]);
std::string format_uuid(const uint8_t bytes[16]);
uint32_t parse_oid(std::string_view text);

// varchar(n)/char(n) length rules: an assignment raises 22001 unless the
// excess is all spaces; an explicit cast truncates. char(n) pads to n.
std::string apply_char_length(std::string s, const Type& t, bool explicit_cast);
// Applies `t`'s typmod to a value already of t.id (char length, numeric(p,s),
// time/timestamp precision). Values without typmod come back unchanged.
Value apply_typmod(const Value& v, const Type& t, bool explicit_cast);

// The integer range for int2/int4/int8 and the word PostgreSQL's errors use.
void integer_range(TypeId t, int64_t* lo, int64_t* hi);
const char* integer_word(TypeId t);   // "smallint", "integer", "bigint"
// Raises 22003 "<word> out of range" unless lo <= v <= hi.
int64_t check_integer_range(__int128 v, TypeId t);

}  // namespace upsertdb
