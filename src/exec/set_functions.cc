#include "exec/set_functions.h"
#include "types/record.h"

#include "common/error.h"
#include "types/array.h"

namespace upsertdb {

bool is_set_returning_function(const std::string& name) {
  return name == "generate_series" || name == "unnest" || name == "pg_partition_ancestors" ||
         name == "_pg_expandarray" ||
         name == "generate_subscripts";
}

std::vector<Value> expand_set_function(const std::string& name, const std::vector<Value>& args) {
  if (name == "unnest") {
    if (args.empty() || args[0].is_null()) return {};
    return array_contents(args[0]).elements;
  }
  if (name == "pg_partition_ancestors") return {};
  if (name == "_pg_expandarray") {
    // information_schema._pg_expandarray(anyarray): (x, n) = (element, 1-based
    // position) for each element, whatever the array's lower bound.
    if (args.empty() || args[0].is_null()) return {};
    std::vector<Value> out;
    const auto elements = array_contents(args[0]).elements;
    for (size_t i = 0; i < elements.size(); ++i)
      out.push_back(make_record({elements[i], Value::int4(static_cast<int32_t>(i + 1))}));
    return out;
  }
  if (name == "generate_subscripts") {
    if (args.size() < 2 || args[0].is_null() || args[1].is_null()) return {};
    int32_t lo, hi;
    if (!array_dimension_bounds(args[0], args[1].as_int(), &lo, &hi)) return {};
    std::vector<Value> out;
    for (int64_t i = lo; i <= hi; ++i) out.push_back(Value::int4(static_cast<int32_t>(i)));
    return out;
  }
  throw DbError(sqlstate::kInternalError, "unknown set-returning function " + name);
}

}  // namespace upsertdb
