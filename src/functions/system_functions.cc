// Session and system functions: sequences (forwarded to the session through
// FunctionContext), settings, identity, pg_typeof, num_nulls, gen_random_uuid.
#include <random>

#include "functions/fn_util.h"

namespace upsertdb::fn {

namespace {

using T = TypeId;

Value nextval(FunctionContext& ctx, const Value* a, size_t) { return ctx.nextval(a[0]); }
Value currval(FunctionContext& ctx, const Value* a, size_t) { return ctx.currval(a[0]); }
Value stat_reset(FunctionContext& ctx, const Value*, size_t) {
  ctx.reset_conflict_stats();
  return Value::text("", TypeId::kVoid);
}
Value setval2(FunctionContext& ctx, const Value* a, size_t) { return ctx.setval(a[0], a[1], true); }
Value setval3(FunctionContext& ctx, const Value* a, size_t) { return ctx.setval(a[0], a[1], a[2].as_bool()); }
Value lastval(FunctionContext& ctx, const Value*, size_t) { return ctx.lastval(); }

Value current_setting(FunctionContext& ctx, const Value* a, size_t) { return text(ctx.setting(str(a[0]))); }
// current_setting(name, missing_ok): NULL instead of 42704 for unknown settings.
Value current_setting_missing_ok(FunctionContext& ctx, const Value* a, size_t) {
  try {
    return text(ctx.setting(str(a[0])));
  } catch (const DbError& e) {
    if (a[1].as_bool() && e.sqlstate() == sqlstate::kUndefinedObject) return Value::null(T::kText);
    throw;
  }
}

Value version(FunctionContext&, const Value*, size_t) { return text(kVersionString); }
Value current_database(FunctionContext& ctx, const Value*, size_t) { return Value::text(ctx.current_database(), T::kName); }
Value current_schema(FunctionContext&, const Value*, size_t) { return Value::text("public", T::kName); }
Value current_user(FunctionContext& ctx, const Value*, size_t) { return Value::text(ctx.current_user(), T::kName); }
Value dump_script(FunctionContext& ctx, const Value*, size_t) { return text(ctx.dump_script()); }
Value backend_pid(FunctionContext& ctx, const Value*, size_t) { return Value::int4(ctx.backend_pid()); }

Value gen_random_uuid(FunctionContext&, const Value*, size_t) {
  static thread_local std::random_device device;
  uint8_t bytes[16];
  for (int i = 0; i < 16; i += 4) {
    uint32_t r = device();
    for (int j = 0; j < 4; ++j) bytes[i + j] = static_cast<uint8_t>(r >> (8 * j));
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | 0x40);   // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);   // RFC 4122 variant
  return Value::uuid(bytes);
}

// pg_typeof returns regtype in PostgreSQL; we return its text (format_type without typmod).
Value pg_typeof(FunctionContext&, const Value* a, size_t) {
  return Value::text(type_display_name(Type(a[0].type())), TypeId::kRegtype);
}

Value num_nulls(FunctionContext&, const Value* a, size_t n) {
  int32_t count = 0;
  for (size_t i = 0; i < n; ++i) count += a[i].is_null();
  return Value::int4(count);
}
Value num_nonnulls(FunctionContext&, const Value* a, size_t n) {
  int32_t count = 0;
  for (size_t i = 0; i < n; ++i) count += !a[i].is_null();
  return Value::int4(count);
}

}  // namespace

void register_system_functions(Registry& r) {
  const Volatility S = Volatility::kStable, V = Volatility::kVolatile;
  r.add("nextval", {T::kRegclass}, T::kInt8, nextval, V);
  r.add("currval", {T::kRegclass}, T::kInt8, currval, V);
  r.add("setval", {T::kRegclass, T::kInt8}, T::kInt8, setval2, V);
  r.add("setval", {T::kRegclass, T::kInt8, T::kBool}, T::kInt8, setval3, V);
  r.add("lastval", {}, T::kInt8, lastval, V);
  r.add("upsertdb_stat_reset", {}, T::kVoid, stat_reset, V);
  r.add("upsertdb_dump_script", {}, T::kText, dump_script, V);
  r.add("current_setting", {T::kText}, T::kText, current_setting, S);
  r.add("current_setting", {T::kText, T::kBool}, T::kText, current_setting_missing_ok, S);
  r.add("version", {}, T::kText, version, S);
  r.add("current_database", {}, T::kName, current_database, S);
  r.add("current_schema", {}, T::kName, current_schema, S);
  // Not callable with parentheses in SQL (they are keywords); registered so the
  // binder can resolve the CURRENT_USER / SESSION_USER value functions here.
  r.add("current_user", {}, T::kName, current_user, S);
  r.add("session_user", {}, T::kName, current_user, S);
  r.add("pg_backend_pid", {}, T::kInt4, backend_pid, S);
  r.add("gen_random_uuid", {}, T::kUuid, gen_random_uuid, V);
  r.add("pg_typeof", {kAnyParam}, T::kRegtype, pg_typeof, S, false);
  r.add_variadic("num_nulls", {kAnyParam}, T::kInt4, num_nulls, Volatility::kImmutable);
  r.add_variadic("num_nonnulls", {kAnyParam}, T::kInt4, num_nonnulls, Volatility::kImmutable);
}

}  // namespace upsertdb::fn
