// QueryResult: what one executed statement produced — its columns, rows and
// PostgreSQL's command tag. Rows are materialised (the in-memory engine has
// them at hand anyway); the wire server and the embedded API both read this.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/row_codec.h"
#include "types/value.h"

namespace upsertdb {

struct ColumnDesc {
  std::string name;
  Type type;
  uint32_t table_oid = 0;     // for RowDescription: source table, 0 if none
  int16_t column_number = 0;  // 1-based attribute number in that table, 0 if none
};

struct QueryResult {
  std::vector<ColumnDesc> columns;
  std::vector<Row> rows;
  std::string command_tag;    // "SELECT 2", "INSERT 0 1", "CREATE TABLE", "BEGIN" ...
  uint64_t affected = 0;      // rows inserted/updated/deleted/returned
  bool returns_rows = false;  // true for SELECT and DML with RETURNING (RowDescription is sent)
  std::vector<std::string> notices;   // NOTICE messages raised while executing (e.g. IF EXISTS skips)
};

}  // namespace upsertdb
