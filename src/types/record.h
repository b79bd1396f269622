// Anonymous records (TypeId::kRecord) with a known layout: the rows that
// composite-returning functions such as information_schema._pg_expandarray give.
// A record Value carries its text form (PostgreSQL's record output: "(1,2)",
// NULL fields empty, fields with special characters double-quoted), so it prints
// and compares as PostgreSQL prints it; a field is recovered by parsing that
// text with the layout's field type. The layout travels in the Type's typmod as
// an id of this registry (-1: no known layout, no field access); layouts are
// interned process-wide, so equal layouts get equal ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types/value.h"

namespace upsertdb {

struct RecordField {
  std::string name;
  Type type;
};

// The id of this layout (registered on first use).
int32_t record_layout_id(const std::vector<RecordField>& fields);
// The layout of `typmod`; null for -1 or an id never registered.
const std::vector<RecordField>* record_layout(int32_t typmod);

// A record of `fields` (typed as `layout_id`) in PostgreSQL's text form.
Value make_record(const std::vector<Value>& fields);
// Field `index` of a non-NULL record of layout `layout_id`.
Value record_field(const Value& record, int32_t layout_id, size_t index);

}  // namespace upsertdb
