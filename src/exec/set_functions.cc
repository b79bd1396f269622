#include "exec/set_functions.h"

#include "common/error.h"
#include "types/array.h"

namespace upsertdb {

bool is_set_returning_function(const std::string& name) {
  return name == "generate_series" || name == "unnest" || name == "pg_partition_ancestors";
}

std::vector<Value> expand_set_function(const std::string& name, const std::vector<Value>& args) {
  if (name == "unnest") {
    if (args.empty() || args[0].is_null()) return {};
    return array_contents(args[0]).elements;
  }
  if (name == "pg_partition_ancestors") return {};
  throw DbError(sqlstate::kInternalError, "unknown set-returning function " + name);
}

}  // namespace upsertdb
