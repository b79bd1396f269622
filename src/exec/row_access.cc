#include "exec/row_access.h"

namespace upsertdb {

void decode_version(const TableInfo& table, const Version& v, Row& out) {
  auto types = table.physical_types();
  size_t n = decode_row(v.row(), types, out);
  out.resize(table.columns.size());
  for (size_t i = n; i < table.columns.size(); ++i) out[i] = table.columns[i].missing;
}

}  // namespace upsertdb
