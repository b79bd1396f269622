#include <gtest/gtest.h>

#include "types/record.h"

namespace upsertdb {
namespace {

TEST(Record, LayoutsAreInterned) {
  std::vector<RecordField> a{{"x", Type(TypeId::kInt2)}, {"n", Type(TypeId::kInt4)}};
  std::vector<RecordField> b{{"x", Type(TypeId::kText)}, {"n", Type(TypeId::kInt4)}};
  EXPECT_EQ(record_layout_id(a), record_layout_id(a));
  EXPECT_NE(record_layout_id(a), record_layout_id(b));
  EXPECT_EQ(record_layout(-1), nullptr);
  EXPECT_EQ((*record_layout(record_layout_id(b)))[0].name, "x");
}

TEST(Record, TextFormQuotesLikePostgres) {
  Value r = make_record({Value::text("b c"), Value::text(""), Value::null(TypeId::kText), Value::text("q\"x\\"),
                         Value::int4(7)});
  EXPECT_EQ(r.type(), TypeId::kRecord);
  EXPECT_EQ(r.as_str(), "(\"b c\",\"\",,\"q\"\"x\\\\\",7)");
}

TEST(Record, FieldsRoundTripThroughTheText) {
  int32_t id = record_layout_id({{"s", Type(TypeId::kText)}, {"e", Type(TypeId::kText)}, {"z", Type(TypeId::kText)},
                                 {"q", Type(TypeId::kText)}, {"n", Type(TypeId::kInt4)}});
  Value r = make_record({Value::text("b c"), Value::text(""), Value::null(TypeId::kText), Value::text("q\"x\\"),
                         Value::int4(7)});
  EXPECT_EQ(record_field(r, id, 0).as_str(), "b c");
  EXPECT_FALSE(record_field(r, id, 1).is_null());
  EXPECT_EQ(record_field(r, id, 1).as_str(), "");
  EXPECT_TRUE(record_field(r, id, 2).is_null());
  EXPECT_EQ(record_field(r, id, 3).as_str(), "q\"x\\");
  EXPECT_EQ(record_field(r, id, 4).as_int(), 7);
  EXPECT_EQ(record_field(r, id, 4).type(), TypeId::kInt4);
}

}  // namespace
}  // namespace upsertdb
