// AggContext: the state of binding expressions that are evaluated after
// aggregation. The aggregate operator's output row is the GROUP BY values
// followed by the aggregate results; expressions above it may only use
// those (PostgreSQL's 42803 rule), so the binder maps each GROUP BY
// expression and each aggregate call to a position in that row.
#pragma once

#include <string>
#include <vector>

#include "exec/operator.h"
#include "plan/binder.h"

namespace upsertdb {

struct AggContext {
  Scope* input = nullptr;                 // the scope aggregate arguments are bound in
  std::vector<BExpr> group_exprs;
  std::vector<std::string> group_fps;     // fingerprints of group_exprs
  std::vector<AggregateSpec> aggs;
  std::vector<std::string> agg_fps;
  bool in_agg_args = false;

  int find_group(const std::string& fp) const {
    for (size_t i = 0; i < group_fps.size(); ++i)
      if (group_fps[i] == fp) return static_cast<int>(i);
    return -1;
  }
};

}  // namespace upsertdb
