// Date/time functions; expected results were taken from PostgreSQL 15 (TimeZone UTC).
#include <gtest/gtest.h>

#include <cmath>

#include "functions/test_support.h"

namespace upsertdb {
namespace {

using fn_test::error_of;
using fn_test::eval;
using fn_test::lit;

class DatetimeFunctions : public ::testing::Test {
 protected:
  fn_test::FakeContext ctx;
  std::string e(const std::string& name, std::vector<Value> args) { return eval(ctx, name, std::move(args)); }
  std::string err(const std::string& name, std::vector<Value> args) { return error_of(ctx, name, std::move(args)); }
  static Value ts(const char* s) { return value_from_text(s, Type(TypeId::kTimestamp)); }
  static Value tstz(const char* s) { return value_from_text(s, Type(TypeId::kTimestampTz)); }
  static Value date(const char* s) { return value_from_text(s, Type(TypeId::kDate)); }
  static Value time(const char* s) { return value_from_text(s, Type(TypeId::kTime)); }
  static Value iv(const char* s) { return value_from_text(s, Type(TypeId::kInterval)); }
};

TEST_F(DatetimeFunctions, ExtractFromTimestamp) {
  Value t = ts("2020-02-29 13:45:12.5");
  EXPECT_EQ(e("extract", {lit("second"), t}), "12.500000");
  EXPECT_EQ(e("extract", {lit("milliseconds"), t}), "12500.000");
  EXPECT_EQ(e("extract", {lit("microseconds"), t}), "12500000");
  EXPECT_EQ(e("extract", {lit("epoch"), t}), "1582983912.500000");
  EXPECT_EQ(e("extract", {lit("julian"), t}), "2458909.57306134259259259259");
  EXPECT_EQ(e("extract", {lit("julian"), ts("2020-01-01")}), "2458850.0000000000000000000000000000");
  EXPECT_EQ(e("extract", {lit("julian"), tstz("2020-01-01 12:00")}), "2458850.50000000000000000000");
  EXPECT_EQ(e("extract", {lit("YEAR"), t}), "2020");
  EXPECT_EQ(e("extract", {lit("dow"), t}), "6");
  EXPECT_EQ(e("extract", {lit("isodow"), ts("2020-03-01")}), "7");
  EXPECT_EQ(e("extract", {lit("doy"), ts("2020-02-29")}), "60");
  EXPECT_EQ(e("extract", {lit("week"), ts("2021-01-01")}), "53");
  EXPECT_EQ(e("extract", {lit("isoyear"), ts("2021-01-01")}), "2020");
  EXPECT_EQ(e("extract", {lit("quarter"), ts("2020-02-29")}), "1");
  EXPECT_EQ(e("extract", {lit("decade"), ts("2020-02-29")}), "202");
  EXPECT_EQ(e("extract", {lit("century"), ts("2000-02-29")}), "20");
  EXPECT_EQ(e("extract", {lit("millennium"), ts("2001-02-28")}), "3");
  EXPECT_EQ(e("extract", {lit("century"), ts("0001-01-01 BC")}), "-1");
  EXPECT_EQ(e("extract", {lit("year"), ts("0001-01-01 BC")}), "-1");
  EXPECT_EQ(e("extract", {lit("decade"), ts("0005-01-01 BC")}), "-1");
  EXPECT_EQ(e("extract", {lit("timezone"), tstz("2020-01-01")}), "0");
  EXPECT_EQ(e("extract", {lit("year"), ts("infinity")}), "Infinity");
  EXPECT_EQ(e("extract", {lit("epoch"), ts("-infinity")}), "-Infinity");
  EXPECT_EQ(e("extract", {lit("dow"), ts("infinity")}), "NULL");
  EXPECT_EQ(err("extract", {lit("timezone"), ts("2020-01-01")}),
            "0A000: unit \"timezone\" not supported for type timestamp without time zone");
  EXPECT_EQ(err("extract", {lit("foo"), ts("2020-01-01")}),
            "22023: unit \"foo\" not recognized for type timestamp without time zone");
}

TEST_F(DatetimeFunctions, ExtractFromDateTimeAndInterval) {
  EXPECT_EQ(e("extract", {lit("epoch"), date("2020-01-01")}), "1577836800");
  EXPECT_EQ(e("extract", {lit("year"), date("2020-01-01")}), "2020");
  EXPECT_EQ(e("extract", {lit("julian"), date("2020-01-01")}), "2458850");
  EXPECT_EQ(e("extract", {lit("millennium"), date("0001-01-01 BC")}), "-1");
  EXPECT_EQ(err("extract", {lit("hour"), date("2020-01-01")}), "0A000: unit \"hour\" not supported for type date");
  EXPECT_EQ(e("extract", {lit("epoch"), time("01:02:03.5")}), "3723.500000");
  EXPECT_EQ(e("extract", {lit("hour"), time("01:02:03.5")}), "1");
  EXPECT_EQ(e("extract", {lit("second"), time("01:02:03.5")}), "3.500000");
  EXPECT_EQ(err("extract", {lit("day"), time("01:00")}), "0A000: unit \"day\" not supported for type time without time zone");
  EXPECT_EQ(e("extract", {lit("epoch"), iv("1 year 2 months 3 days 04:05:06.5")}), "37015506.500000");
  EXPECT_EQ(e("extract", {lit("year"), iv("1 year 14 months")}), "2");
  EXPECT_EQ(e("extract", {lit("month"), iv("1 year 14 months")}), "2");
  EXPECT_EQ(e("extract", {lit("day"), iv("40 days")}), "40");
  EXPECT_EQ(e("extract", {lit("hour"), iv("25 hours")}), "25");
  EXPECT_EQ(e("extract", {lit("second"), iv("61.5 seconds")}), "1.500000");
  EXPECT_EQ(e("extract", {lit("minute"), iv("-61 minutes")}), "-1");
  EXPECT_EQ(e("extract", {lit("microsecond"), iv("-1.5 seconds")}), "-1500000");
  EXPECT_EQ(e("extract", {lit("epoch"), iv("-1 year -1 day")}), "-31644000.000000");
  EXPECT_EQ(err("extract", {lit("dow"), iv("1 day")}), "0A000: unit \"dow\" not supported for type interval");
}

TEST_F(DatetimeFunctions, DatePartIsFloat8) {
  Value t = ts("2020-02-29 13:45:12.5");
  EXPECT_EQ(e("date_part", {lit("second"), t}), "12.5");
  EXPECT_EQ(e("date_part", {lit("epoch"), t}), "1582983912.5");
  EXPECT_EQ(e("date_part", {lit("julian"), t}), "2458909.573061343");
  EXPECT_EQ(e("date_part", {lit("year"), date("2020-01-01")}), "2020");
  EXPECT_EQ(e("date_part", {lit("hour"), date("2020-01-01")}), "0");
  EXPECT_EQ(e("date_part", {lit("dow"), date("2024-06-02")}), "0");
  EXPECT_EQ(e("date_part", {lit("year"), iv("1 year")}), "1");
  EXPECT_EQ(e("date_part", {lit("epoch"), iv("1 month")}), "2592000");
  EXPECT_EQ(fn_test::error_of(ctx, "date_part", {lit("year"), lit("2020-01-01")}).substr(0, 5), "42725");
}

TEST_F(DatetimeFunctions, DateTrunc) {
  Value t = ts("2020-02-29 13:45:12.5");
  EXPECT_EQ(e("date_trunc", {lit("month"), t}), "2020-02-01 00:00:00");
  EXPECT_EQ(e("date_trunc", {lit("week"), t}), "2020-02-24 00:00:00");
  EXPECT_EQ(e("date_trunc", {lit("quarter"), ts("2020-05-29")}), "2020-04-01 00:00:00");
  EXPECT_EQ(e("date_trunc", {lit("decade"), ts("2021-05-29")}), "2020-01-01 00:00:00");
  EXPECT_EQ(e("date_trunc", {lit("century"), ts("2001-05-29")}), "2001-01-01 00:00:00");
  EXPECT_EQ(e("date_trunc", {lit("century"), ts("2000-01-01")}), "1901-01-01 00:00:00");
  EXPECT_EQ(e("date_trunc", {lit("millennium"), ts("2001-05-29")}), "2001-01-01 00:00:00");
  EXPECT_EQ(e("date_trunc", {lit("milliseconds"), ts("2020-02-29 13:45:12.123456")}), "2020-02-29 13:45:12.123");
  EXPECT_EQ(e("date_trunc", {lit("century"), ts("0050-01-01 BC")}), "0100-01-01 00:00:00 BC");
  EXPECT_EQ(e("date_trunc", {lit("decade"), ts("0005-01-01 BC")}), "0011-01-01 00:00:00 BC");
  EXPECT_EQ(e("date_trunc", {lit("year"), ts("infinity")}), "infinity");
  EXPECT_EQ(e("date_trunc", {lit("day"), date("2020-02-29")}), "2020-02-29 00:00:00+00");   // date -> timestamptz
  EXPECT_EQ(e("date_trunc", {lit("year"), iv("15 months 3 days")}), "1 year");
  EXPECT_EQ(e("date_trunc", {lit("month"), iv("15 months 3 days")}), "1 year 3 mons");
  EXPECT_EQ(err("date_trunc", {lit("week"), iv("1 day")}), "0A000: unit \"week\" not supported for type interval");
  EXPECT_EQ(err("date_trunc", {lit("foo"), ts("2020-01-01")}),
            "22023: unit \"foo\" not recognized for type timestamp without time zone");
}

TEST_F(DatetimeFunctions, Age) {
  EXPECT_EQ(e("age", {ts("2020-03-31"), ts("2020-02-29 12:00")}), "1 mon 1 day 12:00:00");
  EXPECT_EQ(e("age", {ts("2001-04-10"), ts("1957-06-13")}), "43 years 9 mons 27 days");
  EXPECT_EQ(e("age", {ts("2020-01-01"), ts("2020-03-15")}), "-2 mons -14 days");
  EXPECT_EQ(e("age", {tstz("2020-01-31"), tstz("2020-03-01")}), "-1 mons -1 days");
  ctx.txn_ts = value_from_text("2026-11-23 10:00", Type(TypeId::kTimestampTz)).as_int();
  EXPECT_EQ(e("age", {ts("2020-01-01")}), "6 years 10 mons 22 days");
}

TEST_F(DatetimeFunctions, CurrentTimeComesFromTheContext) {
  ctx.txn_ts = 1;
  ctx.stmt_ts = 2;
  ctx.clock_ts = 3;
  EXPECT_EQ(e("now", {}), "2000-01-01 00:00:00.000001+00");
  EXPECT_EQ(e("transaction_timestamp", {}), "2000-01-01 00:00:00.000001+00");
  EXPECT_EQ(e("statement_timestamp", {}), "2000-01-01 00:00:00.000002+00");
  EXPECT_EQ(e("clock_timestamp", {}), "2000-01-01 00:00:00.000003+00");
  EXPECT_EQ(resolve_function("now", {}).volatility, 's');
  EXPECT_TRUE(resolve_function("clock_timestamp", {}).is_volatile);
}

TEST_F(DatetimeFunctions, Constructors) {
  auto i = [](int32_t x) { return Value::int4(x); };
  EXPECT_EQ(e("make_date", {i(2020), i(2), i(29)}), "2020-02-29");
  EXPECT_EQ(e("make_date", {i(-44), i(3), i(15)}), "0044-03-15 BC");
  EXPECT_EQ(err("make_date", {i(2020), i(2), i(30)}), "22008: date field value out of range: 2020-02-30");
  EXPECT_EQ(err("make_date", {i(0), i(1), i(1)}), "22008: date field value out of range: 0-01-01");
  EXPECT_EQ(e("make_timestamp", {i(2020), i(2), i(29), i(13), i(5), Value::numeric("2.5")}), "2020-02-29 13:05:02.5");
  EXPECT_EQ(err("make_timestamp", {i(2020), i(2), i(29), i(25), i(5), Value::numeric("2.5")}),
            "22008: time field value out of range: 25:05:2.5");
  EXPECT_EQ(err("make_timestamp", {i(2020), i(2), i(29), i(23), i(60), i(0)}),
            "22008: time field value out of range: 23:60:00");
  EXPECT_EQ(e("make_interval", {i(1), i(2), i(3), i(4), i(5), i(6), Value::numeric("7.5")}), "1 year 2 mons 25 days 05:06:07.5");
  EXPECT_EQ(e("make_interval", {i(0), i(0), i(0), i(3)}), "3 days");
  EXPECT_EQ(e("justify_days", {iv("35 days")}), "1 mon 5 days");
  EXPECT_EQ(e("justify_hours", {iv("27 hours")}), "1 day 03:00:00");
  EXPECT_EQ(e("justify_interval", {iv("1 mon -1 hour")}), "29 days 23:00:00");
  EXPECT_EQ(e("isfinite", {date("infinity")}), "f");
  EXPECT_EQ(e("isfinite", {ts("2020-01-01")}), "t");
  EXPECT_EQ(e("isfinite", {iv("1 day")}), "t");
  EXPECT_EQ(e("to_timestamp", {Value::numeric("1582983912.5")}), "2020-02-29 13:45:12.5+00");
  EXPECT_EQ(e("to_timestamp", {i(0)}), "1970-01-01 00:00:00+00");
  EXPECT_EQ(e("to_timestamp", {Value::float8(INFINITY)}), "infinity");
  EXPECT_EQ(err("to_timestamp", {Value::float8(NAN)}), "22008: timestamp cannot be NaN");
}

}  // namespace
}  // namespace upsertdb
