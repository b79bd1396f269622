// Set-returning functions other than generate_series (series_op.cc), which
// produce all their rows at once: unnest(anyarray) and
// pg_partition_ancestors(regclass). Both run in FROM (GenerateSeriesOp with
// `function` set) and in a select list (ProjectSetOp).
#pragma once

#include <string>
#include <vector>

#include "types/value.h"

namespace upsertdb {

// generate_series, unnest, generate_subscripts, pg_partition_ancestors,
// information_schema._pg_expandarray (a record per element, types/record.h).
bool is_set_returning_function(const std::string& name);

// The rows of `name` (not generate_series) for these argument values.
// unnest: the elements in order (NULL elements included; a NULL array gives
// none). generate_subscripts: lower..upper of dimension 1 (no rows for an
// empty array or another dimension). pg_partition_ancestors: PostgreSQL returns no rows for a relation
// that is not a partition, and UpsertDB has no partitions, so none.
std::vector<Value> expand_set_function(const std::string& name, const std::vector<Value>& args);

}  // namespace upsertdb
