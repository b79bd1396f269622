// OIDs, names and type-name resolution, as PostgreSQL 15's pg_type / format_type.
#include "types/type.h"

#include <gtest/gtest.h>

#include "types/operators.h"
#include "types/test_util.h"

namespace upsertdb {
namespace {

using testing::error_of;

TEST(TypeTest, OidsRoundTrip) {
  EXPECT_EQ(type_oid(TypeId::kInt4), 23u);
  EXPECT_EQ(type_oid(TypeId::kTimestampTz), 1184u);
  EXPECT_EQ(type_oid(TypeId::kJsonb), 3802u);
  EXPECT_EQ(type_oid(TypeId::kUnknown), 705u);
  for (int i = 0; i <= static_cast<int>(TypeId::kRecord); ++i) {
    TypeId t = static_cast<TypeId>(i);
    EXPECT_EQ(type_from_oid(type_oid(t)), t) << type_internal_name(t);
  }
  EXPECT_EQ(type_from_oid(999999), TypeId::kUnknown);
}

TEST(TypeTest, DisplayNames) {
  EXPECT_EQ(type_display_name(Type(TypeId::kInt4)), "integer");
  EXPECT_EQ(type_display_name(Type(TypeId::kVarchar, 10)), "character varying(10)");
  EXPECT_EQ(type_display_name(Type(TypeId::kVarchar)), "character varying");
  EXPECT_EQ(type_display_name(Type(TypeId::kBpchar, 1)), "character(1)");
  EXPECT_EQ(type_display_name(Type(TypeId::kNumeric, Type::numeric_typmod(10, 2))), "numeric(10,2)");
  EXPECT_EQ(type_display_name(Type(TypeId::kTimestamp)), "timestamp without time zone");
  EXPECT_EQ(type_display_name(Type(TypeId::kTimestampTz, 3)), "timestamp(3) with time zone");
  EXPECT_EQ(type_display_name(Type(TypeId::kFloat8)), "double precision");
}

TEST(TypeTest, ResolveNames) {
  EXPECT_EQ(resolve_type_name({"pg_catalog", "int4"}, {}), Type(TypeId::kInt4));
  EXPECT_EQ(resolve_type_name({"int"}, {}), Type(TypeId::kInt4));
  EXPECT_EQ(resolve_type_name({"pg_catalog", "varchar"}, {10}), Type(TypeId::kVarchar, 10));
  EXPECT_EQ(resolve_type_name({"pg_catalog", "bpchar"}, {}), Type(TypeId::kBpchar, 1));
  EXPECT_EQ(resolve_type_name({"pg_catalog", "bpchar"}, {5}), Type(TypeId::kBpchar, 5));
  EXPECT_EQ(resolve_type_name({"pg_catalog", "numeric"}, {10, 2}), Type(TypeId::kNumeric, Type::numeric_typmod(10, 2)));
  EXPECT_EQ(resolve_type_name({"pg_catalog", "numeric"}, {5}), Type(TypeId::kNumeric, Type::numeric_typmod(5, 0)));
  EXPECT_EQ(resolve_type_name({"pg_catalog", "timestamptz"}, {}), Type(TypeId::kTimestampTz));
  EXPECT_EQ(resolve_type_name({"pg_catalog", "float4"}, {}), Type(TypeId::kFloat4));
  EXPECT_EQ(resolve_type_name({"pg_catalog", "float8"}, {10}), Type(TypeId::kFloat4));
  EXPECT_EQ(resolve_type_name({"jsonb"}, {}), Type(TypeId::kJsonb));
  EXPECT_EQ(resolve_type_name({"uuid"}, {}), Type(TypeId::kUuid));
  EXPECT_EQ(error_of([] { resolve_type_name({"foo"}, {}); }), "42704 type \"foo\" does not exist");
  EXPECT_EQ(error_of([] { resolve_type_name({"serial"}, {}); }), "42704 type \"serial\" does not exist");
  EXPECT_EQ(error_of([] { resolve_type_name({"pg_catalog", "varchar"}, {0}); }),
            "22023 length for type varchar must be at least 1");
}

TEST(TypeTest, CommonType) {
  EXPECT_EQ(common_type({Type(TypeId::kInt4), Type(TypeId::kNumeric)}, "UNION"), Type(TypeId::kNumeric));
  EXPECT_EQ(common_type({Type(TypeId::kInt8), Type(TypeId::kInt4)}, "UNION"), Type(TypeId::kInt8));
  // text and varchar coerce both ways, so the first input's type stays (psql: pg_typeof).
  EXPECT_EQ(common_type({Type(TypeId::kVarchar, 3), Type(TypeId::kText)}, "UNION"), Type(TypeId::kVarchar));
  EXPECT_EQ(common_type({Type(TypeId::kText), Type(TypeId::kVarchar, 3)}, "UNION"), Type(TypeId::kText));
  EXPECT_EQ(common_type({Type(TypeId::kVarchar, 3), Type(TypeId::kBpchar, 2)}, "COALESCE"), Type(TypeId::kVarchar));
  EXPECT_EQ(common_type({Type(TypeId::kVarchar, 3), Type(TypeId::kVarchar, 3)}, "UNION"), Type(TypeId::kVarchar, 3));
  EXPECT_EQ(common_type({Type(TypeId::kUnknown), Type(TypeId::kUnknown)}, "VALUES"), Type(TypeId::kText));
  EXPECT_EQ(common_type({Type(TypeId::kUnknown), Type(TypeId::kDate)}, "CASE"), Type(TypeId::kDate));
  EXPECT_EQ(error_of([] { common_type({Type(TypeId::kInt4), Type(TypeId::kText)}, "UNION"); }),
            "42804 UNION types integer and text cannot be matched");
  EXPECT_EQ(error_of([] { common_type({Type(TypeId::kInt4), Type(TypeId::kTimestampTz)}, "UNION"); }),
            "42804 UNION types integer and timestamp with time zone cannot be matched");
}

}  // namespace
}  // namespace upsertdb
