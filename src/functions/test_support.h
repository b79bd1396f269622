// Test-only helpers for the function tests: a scripted FunctionContext and a
// call() that resolves, casts and invokes a function the way the executor will.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "functions/functions.h"

namespace upsertdb::fn_test {

class FakeContext : public FunctionContext {
 public:
  int64_t txn_ts = 0, stmt_ts = 0, clock_ts = 0;
  double next_random = 0.25;
  int64_t sequence_value = 41;
  std::string last_sequence;
  int64_t transaction_timestamp() override { return txn_ts; }
  int64_t statement_timestamp() override { return stmt_ts; }
  int64_t clock_timestamp() override { return clock_ts; }
  Value nextval(const Value& seq) override {
    last_sequence = seq.type() == TypeId::kRegclass ? "oid:" + std::to_string(seq.as_int()) : seq.as_str();
    return Value::int8(++sequence_value);
  }
  Value currval(const Value& seq) override { return Value::int8(sequence_value); }
  Value setval(const Value& seq, const Value& v, bool is_called) override {
    sequence_value = v.as_int();
    return Value::int8(is_called ? v.as_int() : -v.as_int());
  }
  Value lastval() override { return Value::int8(sequence_value); }
  std::string current_user() override { return "postgres"; }
  std::string current_database() override { return "postgres"; }
  std::string setting(const std::string& name) override {
    if (name == "timezone") return "UTC";
    throw DbError("42704", "unrecognized configuration parameter \"" + name + "\"");
  }
  int32_t backend_pid() override { return 4242; }
  double random() override { return next_random; }
  Value regclass_from_name(const std::string& name) override { return Value::oid(16384, TypeId::kRegclass); }
  std::string regclass_name(uint32_t oid) override { return "seq" + std::to_string(oid); }
};

// An untyped literal, as the parser hands it over.
inline Value lit(std::string s) { return Value::unknown_literal(std::move(s)); }

// Resolves name(arg types), casts the arguments, applies strictness and calls.
inline Value call(FunctionContext& ctx, const std::string& name, std::vector<Value> args) {
  std::vector<Type> types;
  for (const Value& v : args) types.push_back(Type(v.type()));
  ResolvedFunction f = resolve_function(name, types);
  for (size_t i = 0; i < args.size(); ++i) {
    if (f.arg_types[i].id != args[i].type()) args[i] = cast_value(args[i], f.arg_types[i], CastContext::kImplicit);
    if (f.strict && args[i].is_null()) return Value::null(f.result.id);
  }
  Value out = f.fn(ctx, args.data(), args.size());
  EXPECT_TRUE(out.is_null() || out.type() == f.result.id)
      << name << " returned " << type_display_name(Type(out.type())) << ", declared "
      << type_display_name(f.result);
  return out;
}

// call() printed as PostgreSQL would print it ("NULL" for null).
inline std::string eval(FunctionContext& ctx, const std::string& name, std::vector<Value> args) {
  Value v = call(ctx, name, std::move(args));
  return v.is_null() ? "NULL" : value_to_text(v);
}

// The SQLSTATE and message of the error call() raises ("" when none).
inline std::string error_of(FunctionContext& ctx, const std::string& name, std::vector<Value> args) {
  try {
    call(ctx, name, std::move(args));
  } catch (const DbError& e) {
    return e.sqlstate() + ": " + e.fields().message;
  }
  return "";
}

}  // namespace upsertdb::fn_test
