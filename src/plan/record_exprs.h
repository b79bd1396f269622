// (record).field: one field of a record with a known layout (types/record.h),
// e.g. (information_schema._pg_expandarray(indkey)).n in PgJDBC's metadata
// queries. A NULL record gives a NULL field.
#pragma once

#include <string>

#include "plan/bound_expr.h"
#include "types/record.h"

namespace upsertdb {

struct RecordFieldExpr : BoundExpr {
  BExpr record;
  size_t index = 0;
  Value eval(const Row& row, ExecContext& ctx) const override {
    Value r = record->eval(row, ctx);
    if (r.is_null()) return Value::null(type.id);
    return record_field(r, record->type.typmod, index);
  }
  std::string fingerprint() const override { return "fld(" + record->fingerprint() + "." + std::to_string(index) + ")"; }
  bool is_constant() const override { return record->is_constant(); }
};

}  // namespace upsertdb
