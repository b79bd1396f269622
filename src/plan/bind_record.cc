// Field selection, (x).field, over records whose layout the binder knows
// (types/record.h). Other types get PostgreSQL's 42809; `*` stays unsupported.
#include "common/error.h"
#include "plan/binder.h"
#include "plan/record_exprs.h"
#include "types/record.h"

namespace upsertdb {

BExpr Binder::bind_field_selection(BExpr record, const std::string& field, int location) {
  if (field == "*") fail_at(sqlstate::kFeatureNotSupported, "field selection .* is not supported", location);
  if (record->type.id != TypeId::kRecord)
    fail_at(sqlstate::kWrongObjectType,
            "column notation ." + field + " applied to type " + type_display_name(record->type) +
                ", which is not a composite type",
            location);
  const std::vector<RecordField>* layout = record_layout(record->type.typmod);
  if (!layout)
    fail_at(sqlstate::kFeatureNotSupported, "field selection from a record of unknown layout is not supported",
            location);
  for (size_t i = 0; i < layout->size(); ++i) {
    if ((*layout)[i].name != field) continue;
    auto f = std::make_shared<RecordFieldExpr>();
    f->record = std::move(record);
    f->index = i;
    f->type = (*layout)[i].type;
    return f;
  }
  fail_at(sqlstate::kUndefinedColumn, "could not identify column \"" + field + "\" in record data type", location);
}

}  // namespace upsertdb
