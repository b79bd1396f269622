#include "exec/row_access.h"

namespace upsertdb {

void decode_version(const TableInfo& table, const Version& v, Row& out) {
  // Reused per thread: decoding is on every write's path and must not allocate.
  thread_local std::vector<TypeId> types;
  types.clear();
  for (const auto& c : table.columns) types.push_back(c.type.id);
  size_t n = decode_row(v.row(), types, out);
  out.resize(table.columns.size());
  for (size_t i = n; i < table.columns.size(); ++i) out[i] = table.columns[i].missing;
}

}  // namespace upsertdb
