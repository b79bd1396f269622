// Built-in scalar functions: lookup by name and argument types (PostgreSQL's
// function resolution: exact match, then implicit casts, unknown literals
// adapting), and evaluation through a function pointer. Aggregates, set-
// returning functions (generate_series) and the special forms (COALESCE,
// NULLIF, GREATEST, LEAST, CASE) are handled by the binder/executor, not here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "types/value.h"

namespace upsertdb {

// What a function may need from the running session.
class FunctionContext {
 public:
  virtual ~FunctionContext() = default;
  virtual int64_t transaction_timestamp() = 0;    // micros since 2000-01-01 UTC (now(), CURRENT_TIMESTAMP)
  virtual int64_t statement_timestamp() = 0;
  virtual int64_t clock_timestamp() = 0;
  virtual Value nextval(const Value& regclass_or_name) = 0;
  virtual Value currval(const Value& regclass_or_name) = 0;
  virtual Value setval(const Value& seq, const Value& value, bool is_called) = 0;
  virtual Value lastval() = 0;
  virtual std::string current_user() = 0;
  virtual std::string current_database() = 0;
  virtual std::string setting(const std::string& name) = 0;    // current_setting()
  virtual int32_t backend_pid() = 0;
  virtual double random() = 0;                     // random() in [0, 1), per-session seedable
  virtual Value regclass_from_name(const std::string& name) = 0;   // 'tbl'::regclass -> oid (42P01 when missing)
  virtual std::string regclass_name(uint32_t oid) = 0;
  // upsertdb_stat_reset(): clears the conflict statistics (no-op without an engine).
  virtual void reset_conflict_stats() {}
  // upsertdb_dump_script(): the catalog as dump pieces (engine/dump_script.h), as JSON.
  virtual std::string dump_script() { return "{}"; }
};

using ScalarFn = Value (*)(FunctionContext& ctx, const Value* args, size_t nargs);

struct ResolvedFunction {
  std::vector<Type> arg_types;   // what each argument must be cast to before the call
  Type result;
  ScalarFn fn = nullptr;
  bool strict = true;            // NULL in any argument -> NULL out, fn not called
  bool is_volatile = false;      // random(), nextval(), clock_timestamp(): never constant-folded
  // PostgreSQL's provolatile: 'i' immutable (safe to fold at plan time), 's' stable
  // (now(), current_setting(): fixed within a statement, not across executions of
  // a cached plan), 'v' volatile (is_volatile).
  char volatility = 'i';
};

// Resolves `name(args)`. Throws 42883 `function foo(integer) does not exist` with
// PostgreSQL's hint "No function matches the given name and argument types. You
// might need to add explicit type casts." Names are lower case, schema stripped
// (pg_catalog.lower == lower).
ResolvedFunction resolve_function(std::string_view name, const std::vector<Type>& arg_types);

// True for names the executor handles as aggregates (count, sum, avg, min, max,
// bool_and, bool_or, every, string_agg, array_agg ...).
bool is_aggregate_function(std::string_view name);

// What version() returns; drivers parse the leading "PostgreSQL 15.x".
inline constexpr const char* kVersionString =
    "PostgreSQL 15.18 (UpsertDB 0.1.0) on x86_64-pc-linux-gnu, compiled by g++, 64-bit";

// True when some built-in scalar function has this name (any arity), e.g. for
// a binder deciding between a function call and a function-style cast.
bool function_exists(std::string_view name);

}  // namespace upsertdb
