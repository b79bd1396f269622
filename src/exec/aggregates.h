// Aggregate functions: PostgreSQL's signatures (which argument types each
// aggregate accepts and what it returns) and the per-group accumulators the
// AggregateOp feeds. All aggregates here are strict in their first argument
// (NULL inputs are skipped); an aggregate over no rows gives NULL, except
// count, which gives 0.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/operator.h"
#include "types/value.h"

namespace upsertdb {

struct AggregateSignature {
  std::vector<Type> arg_types;   // what each argument must be cast to
  Type result;
};

// Resolves name(arg types) (count(*) when `star`). Throws PostgreSQL's
// 42883 "function sum(text) does not exist" (or 42725 "... is not unique" for
// an unknown literal that fits several overloads). array_agg gives the array
// type of its argument (0A000 when there is none, see types/array.h).
AggregateSignature resolve_aggregate(const std::string& name, const std::vector<Type>& arg_types, bool star);

// One group's running state of one aggregate.
class Accumulator {
 public:
  virtual ~Accumulator() = default;
  // `args` holds spec.args.size() evaluated arguments (none for count(*)).
  virtual void add(const Value* args) = 0;
  virtual Value finish() = 0;
};

// A fresh accumulator for `spec` (DISTINCT and inside-aggregate ORDER BY are
// handled by the caller, which buffers and replays the inputs).
std::unique_ptr<Accumulator> make_accumulator(const AggregateSpec& spec);

}  // namespace upsertdb
