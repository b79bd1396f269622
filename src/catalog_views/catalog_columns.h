// Column lists (names and types) of the system relations in pg_catalog and
// information_schema, as PostgreSQL 15 defines them (catalog_columns.cc).
#pragma once

#include <string>
#include <vector>

#include "engine/query_result.h"

namespace upsertdb::catalog_views {

struct ColumnSpec {
  const char* schema;
  const char* view;
  const char* name;
  TypeId type;
  int32_t typmod;
};

// Empty when the relation is not one of ours.
std::vector<ColumnDesc> view_columns(const std::string& schema, const std::string& view);

}  // namespace upsertdb::catalog_views
