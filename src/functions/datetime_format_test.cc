// to_char / to_date / to_timestamp(text, text); expected results were taken from PostgreSQL 15.
#include <gtest/gtest.h>

#include "functions/test_support.h"

namespace upsertdb {
namespace {

using fn_test::error_of;
using fn_test::eval;
using fn_test::lit;

class DatetimeFormat : public ::testing::Test {
 protected:
  fn_test::FakeContext ctx;
  std::string e(const std::string& name, std::vector<Value> args) { return eval(ctx, name, std::move(args)); }
  std::string err(const std::string& name, std::vector<Value> args) { return error_of(ctx, name, std::move(args)); }
  static Value ts(const char* s) { return value_from_text(s, Type(TypeId::kTimestamp)); }
  static Value tstz(const char* s) { return value_from_text(s, Type(TypeId::kTimestampTz)); }
};

TEST_F(DatetimeFormat, ToCharTimestamp) {
  EXPECT_EQ(e("to_char", {ts("2020-02-09 13:05:02.123456"),
                          lit("YYYY-MM-DD HH24:MI:SS.MS US HH HH12 AM pm Mon MON mon Month| Dy DY Day| D DDD IW WW Q J")}),
            "2020-02-09 13:05:02.123 123456 01 01 PM pm Feb FEB feb February | Sun SUN Sunday   | 1 040 06 06 1 2458889");
  EXPECT_EQ(e("to_char", {ts("2020-02-09 03:05:02"),
                          lit("FMMonth FMDD FMHH12 YY Y YYY DDth FMDDth HH24TH \"text\" IYYY ID CC FF3 SSSS TZ OF")}),
            "February 9 3 20 0 020 09th 9th 03RD text 2020 7 21 000 11102  +00");
  EXPECT_EQ(e("to_char", {tstz("2020-02-09 03:05:02"), lit("TZ tz OF TZH:TZM")}), "UTC utc +00 +00:00");
  EXPECT_EQ(e("to_char", {ts("0044-03-15 BC"), lit("YYYY BC AD B.C.")}), "0044 BC BC B.C.");
  EXPECT_EQ(e("to_char", {ts("infinity"), lit("YYYY")}), "NULL");
  EXPECT_EQ(e("to_char", {value_from_text("2020-02-09", Type(TypeId::kDate)), lit("YYYY-MM-DD")}), "2020-02-09");
}

TEST_F(DatetimeFormat, ToCharInterval) {
  EXPECT_EQ(e("to_char", {value_from_text("1 day 03:04:05", Type(TypeId::kInterval)), lit("HH24:MI:SS DD")}), "03:04:05 01");
}

TEST_F(DatetimeFormat, Parsing) {
  EXPECT_EQ(e("to_date", {lit("2020-02-09"), lit("YYYY-MM-DD")}), "2020-02-09");
  EXPECT_EQ(e("to_date", {lit("09 Feb 2020"), lit("DD Mon YYYY")}), "2020-02-09");
  EXPECT_EQ(e("to_timestamp", {lit("2020-02-09 13:05:02"), lit("YYYY-MM-DD HH24:MI:SS")}), "2020-02-09 13:05:02+00");
  EXPECT_EQ(e("to_timestamp", {lit("2020-02-09 01:05:02 PM"), lit("YYYY-MM-DD HH:MI:SS AM")}), "2020-02-09 13:05:02+00");
  EXPECT_EQ(err("to_date", {lit("2020-13-09"), lit("YYYY-MM-DD")}), "22008: date/time field value out of range: \"2020-13-09\"");
  EXPECT_EQ(err("to_date", {lit("20x0-02-09"), lit("YYYY-MM-DD")}), "22007: invalid value \"x0\" for \"MM\"");
}

}  // namespace
}  // namespace upsertdb
