// Session/system functions; expected results were taken from PostgreSQL 15
// where the function does not depend on the session (pg_typeof, num_nulls ...).
#include <gtest/gtest.h>

#include "functions/test_support.h"

namespace upsertdb {
namespace {

using fn_test::error_of;
using fn_test::eval;
using fn_test::lit;

class SystemFunctions : public ::testing::Test {
 protected:
  fn_test::FakeContext ctx;
  std::string e(const std::string& name, std::vector<Value> args) { return eval(ctx, name, std::move(args)); }
  std::string err(const std::string& name, std::vector<Value> args) { return error_of(ctx, name, std::move(args)); }
};

TEST_F(SystemFunctions, SequencesForwardToTheSession) {
  ResolvedFunction f = resolve_function("nextval", {Type(TypeId::kUnknown)});
  EXPECT_EQ(f.arg_types[0], Type(TypeId::kRegclass));
  EXPECT_TRUE(f.is_volatile);
  EXPECT_EQ(e("nextval", {Value::oid(16384, TypeId::kRegclass)}), "42");
  EXPECT_EQ(ctx.last_sequence, "oid:16384");
  EXPECT_EQ(e("currval", {Value::oid(16384, TypeId::kRegclass)}), "42");
  EXPECT_EQ(e("setval", {Value::oid(16384, TypeId::kRegclass), Value::int4(7)}), "7");
  EXPECT_EQ(e("setval", {Value::oid(16384, TypeId::kRegclass), Value::int8(9), Value::boolean(false)}), "-9");
  EXPECT_EQ(e("lastval", {}), "9");
  EXPECT_EQ(e("nextval", {Value::null(TypeId::kRegclass)}), "NULL");   // strict
}

TEST_F(SystemFunctions, SettingsAndIdentity) {
  EXPECT_EQ(e("current_setting", {lit("timezone")}), "UTC");
  EXPECT_EQ(err("current_setting", {lit("nope")}), "42704: unrecognized configuration parameter \"nope\"");
  EXPECT_EQ(e("current_setting", {lit("nope"), Value::boolean(true)}), "NULL");
  EXPECT_EQ(err("current_setting", {lit("nope"), Value::boolean(false)}), "42704: unrecognized configuration parameter \"nope\"");
  EXPECT_EQ(e("version", {}), "PostgreSQL 15.18 (UpsertDB 0.1.0) on x86_64-pc-linux-gnu, compiled by g++, 64-bit");
  EXPECT_EQ(e("current_database", {}), "postgres");
  EXPECT_EQ(type_display_name(resolve_function("current_database", {}).result), "name");
  EXPECT_EQ(e("current_schema", {}), "public");
  EXPECT_EQ(e("pg_backend_pid", {}), "4242");
}

TEST_F(SystemFunctions, GenRandomUuidIsVersion4) {
  std::string a = e("gen_random_uuid", {}), b = e("gen_random_uuid", {});
  ASSERT_EQ(a.size(), 36u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
  EXPECT_TRUE(resolve_function("gen_random_uuid", {}).is_volatile);
}

TEST_F(SystemFunctions, PgTypeofAndNullCounts) {
  EXPECT_EQ(e("pg_typeof", {Value::int4(1)}), "integer");
  EXPECT_EQ(e("pg_typeof", {lit("a")}), "unknown");
  EXPECT_EQ(e("pg_typeof", {Value::numeric("1.5")}), "numeric");
  EXPECT_EQ(e("pg_typeof", {Value::null(TypeId::kUnknown)}), "unknown");
  EXPECT_EQ(e("pg_typeof", {Value::text("a", TypeId::kVarchar)}), "character varying");
  EXPECT_EQ(e("pg_typeof", {Value::timestamptz(0)}), "timestamp with time zone");
  Value null = Value::null(TypeId::kUnknown);
  EXPECT_EQ(e("num_nulls", {Value::int4(1), null, lit("a"), null}), "2");
  EXPECT_EQ(e("num_nonnulls", {Value::int4(1), null, lit("a")}), "2");
}

}  // namespace
}  // namespace upsertdb
