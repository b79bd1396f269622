// Wire values: how one datum travels in a DataRow or a Bind parameter.
// Format 0 is PostgreSQL's text output/input (value_to_text/value_from_text);
// format 1 is PostgreSQL's binary send/recv layout, supported for bool, the
// integers, float4/8, numeric, the string types, bytea, uuid, date, time,
// timestamp(tz), interval, json(b), oid and the one-dimensional arrays of those
// (array_send/array_recv layout, int2vector/oidvector too). Anything else in binary raises
// 0A000 rather than sending bytes a client would misread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/type.h"
#include "types/value.h"

namespace upsertdb::server {

bool binary_format_supported(TypeId id);
// Raises 22023 "unsupported format code: N" unless code is 0 or 1, and 0A000
// when binary is asked for a type without a binary form.
void check_format(int16_t code, const Type& t);

// The bytes of a non-null value in the given format.
std::string encode_value(const Value& v, int16_t format);

// A Bind parameter of type `t` (null handled by the caller). Errors are
// PostgreSQL's: 22P02 etc. for bad text, 22P03 "incorrect binary data format
// in bind parameter N" for bad binary.
Value decode_param(std::string_view data, const Type& t, int16_t format, int param_number);

// PostgreSQL's pg_type.typlen and the atttypmod RowDescription carries.
int16_t wire_type_length(TypeId id);
int32_t wire_typmod(const Type& t);

}  // namespace upsertdb::server
