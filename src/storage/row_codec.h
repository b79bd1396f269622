// Row codec: the packed byte form in which storage keeps a row version.
//
//   [u16 column count][null bitmap: ceil(n/8) bytes][column payloads...]
//
// Fixed-width types take their natural width (bool 1, int2 2, int4/date/oid 4,
// int8/float8/time/timestamps 8, float4 4, interval 16, uuid 16); variable
// types (text, varchar, bpchar, name, bytea, numeric, json, jsonb) take a u32
// length then the bytes. Nulls take no payload. A row shorter than the table's
// column list (written before ADD COLUMN) decodes the missing tail as the
// column's missing value (see catalog ColumnInfo::missing).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "types/value.h"

namespace upsertdb {

using Row = std::vector<Value>;

// Appends the encoding of `row` to `out`; `types` gives each column's type.
void encode_row(const Row& row, const std::vector<TypeId>& types, std::string& out);
// Decodes a row into `out` (resized to types.size()); columns absent from the
// encoding are left to the caller (decode returns the number decoded).
size_t decode_row(std::string_view data, const std::vector<TypeId>& types, Row& out);
// Decodes one column only (for index key extraction without a full decode).
Value decode_column(std::string_view data, const std::vector<TypeId>& types, size_t col);

}  // namespace upsertdb
