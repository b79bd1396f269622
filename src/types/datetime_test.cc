// Expected outputs and error texts were taken from PostgreSQL 15 (psql, TimeZone UTC).
#include "types/datetime.h"

#include <gtest/gtest.h>

#include "types/test_util.h"

namespace upsertdb {
namespace {

using testing::error_of;
using testing::io;

std::string date(const char* s) { return io(s, Type(TypeId::kDate)); }
std::string ts(const char* s) { return io(s, Type(TypeId::kTimestamp)); }
std::string tstz(const char* s) { return io(s, Type(TypeId::kTimestampTz)); }
std::string tm(const char* s) { return io(s, Type(TypeId::kTime)); }
std::string iv(const char* s) { return io(s, Type(TypeId::kInterval)); }

TEST(DateTimeTest, DateInput) {
  EXPECT_EQ(date("2024-01-02"), "2024-01-02");
  EXPECT_EQ(date("20240102"), "2024-01-02");
  EXPECT_EQ(date("01/02/2024"), "2024-01-02");
  EXPECT_EQ(date("2024/01/02"), "2024-01-02");
  EXPECT_EQ(date("Jan 2 2024"), "2024-01-02");
  EXPECT_EQ(date("January 2, 2024"), "2024-01-02");
  EXPECT_EQ(date("2024-01-02 10:00"), "2024-01-02");
  EXPECT_EQ(date("0044-03-15 BC"), "0044-03-15 BC");
  EXPECT_EQ(date("infinity"), "infinity");
  EXPECT_EQ(date("epoch"), "1970-01-01");
  EXPECT_EQ(date("10000-01-01"), "10000-01-01");
  EXPECT_EQ(date("2024-02-29"), "2024-02-29");
  EXPECT_EQ(error_of([] { date("x"); }), "22007 invalid input syntax for type date: \"x\"");
  std::string hint;
  EXPECT_EQ(error_of([] { date("2024-13-01"); }, nullptr, &hint),
            "22008 date/time field value out of range: \"2024-13-01\"");
  EXPECT_EQ(hint, "Perhaps you need a different \"datestyle\" setting.");
  EXPECT_EQ(error_of([] { date("2024-02-30"); }), "22008 date/time field value out of range: \"2024-02-30\"");
}

TEST(DateTimeTest, CalendarRoundTrip) {
  for (int32_t d = -800000; d < 800000; d += 997) {
    int64_t y;
    int m, day;
    datetime::civil_from_days(d, &y, &m, &day);
    EXPECT_EQ(datetime::days_from_civil(y, m, day), d);
  }
  EXPECT_EQ(datetime::days_from_civil(2000, 1, 1), 0);
  EXPECT_EQ(datetime::days_from_civil(1970, 1, 1), -10957);
}

TEST(DateTimeTest, TimestampInput) {
  EXPECT_EQ(tstz("2024-01-02T03:04:05Z"), "2024-01-02 03:04:05+00");
  EXPECT_EQ(tstz("2024-01-02 03:04:05.123+02"), "2024-01-02 01:04:05.123+00");
  EXPECT_EQ(tstz("2024-01-02 03:04:05+05:30"), "2024-01-01 21:34:05+00");
  EXPECT_EQ(tstz("2024-01-02 03:04:05 UTC"), "2024-01-02 03:04:05+00");
  EXPECT_EQ(ts("2024-01-02 03:04:05+02"), "2024-01-02 03:04:05");
  EXPECT_EQ(ts("2024-01-02"), "2024-01-02 00:00:00");
  EXPECT_EQ(ts("2024-01-02 24:00:00"), "2024-01-03 00:00:00");
  EXPECT_EQ(ts("2024-01-02 03:04:05.5"), "2024-01-02 03:04:05.5");
  EXPECT_EQ(tstz("-infinity"), "-infinity");
  EXPECT_EQ(error_of([] { ts("x"); }), "22007 invalid input syntax for type timestamp: \"x\"");
  EXPECT_EQ(error_of([] { tstz("x"); }), "22007 invalid input syntax for type timestamp with time zone: \"x\"");
  EXPECT_EQ(error_of([] { ts("2024-01-02 03:04:61"); }),
            "22008 date/time field value out of range: \"2024-01-02 03:04:61\"");
  EXPECT_EQ(io("2024-01-02 03:04:05.56", Type(TypeId::kTimestamp, 1)), "2024-01-02 03:04:05.6");
}

TEST(DateTimeTest, TimeInput) {
  EXPECT_EQ(tm("24:00"), "24:00:00");
  EXPECT_EQ(tm("03:04:05.123456789"), "03:04:05.123457");
  EXPECT_EQ(tm("3:04 pm"), "15:04:00");
  EXPECT_EQ(error_of([] { tm("x"); }), "22007 invalid input syntax for type time: \"x\"");
  EXPECT_EQ(error_of([] { tm("25:00"); }), "22008 date/time field value out of range: \"25:00\"");
}

TEST(DateTimeTest, NowProvider) {
  datetime::set_now_provider([]() -> int64_t { return 86400LL * 1000000 + 5; });
  EXPECT_EQ(date("today"), "2000-01-02");
  EXPECT_EQ(date("tomorrow"), "2000-01-03");
  EXPECT_EQ(tstz("now"), "2000-01-02 00:00:00.000005+00");
  datetime::set_now_provider(nullptr);
}

TEST(DateTimeTest, IntervalInputOutput) {
  EXPECT_EQ(iv("1 day"), "1 day");
  EXPECT_EQ(iv("2 hours 30 minutes"), "02:30:00");
  EXPECT_EQ(iv("1:30:00"), "01:30:00");
  EXPECT_EQ(iv("3 days 04:00"), "3 days 04:00:00");
  EXPECT_EQ(iv("1 year 2 months 3 days 4 hours 5 minutes 6 seconds"), "1 year 2 mons 3 days 04:05:06");
  EXPECT_EQ(iv("-1 day 2 hours"), "-1 days +02:00:00");
  EXPECT_EQ(iv("@ 1 day ago"), "-1 days");
  EXPECT_EQ(iv("1.5 days"), "1 day 12:00:00");
  EXPECT_EQ(iv("1.5 months"), "1 mon 15 days");
  EXPECT_EQ(iv("P1Y2M3DT4H5M6S"), "1 year 2 mons 3 days 04:05:06");
  EXPECT_EQ(iv("90 minutes"), "01:30:00");
  EXPECT_EQ(iv("-1:30"), "-01:30:00");
  EXPECT_EQ(iv("1 week"), "7 days");
  EXPECT_EQ(iv("1 mon -1 day"), "1 mon -1 days");
  EXPECT_EQ(iv("0"), "00:00:00");
  EXPECT_EQ(iv("10 secs"), "00:00:10");
  EXPECT_EQ(iv("1.234567891 sec"), "00:00:01.234568");
  EXPECT_EQ(iv("-1 day -02:00:00"), "-1 days -02:00:00");
  EXPECT_EQ(iv("1 day -02:00:00"), "1 day -02:00:00");
  EXPECT_EQ(iv("-2 years +3 mons"), "-1 years -9 mons");
  EXPECT_EQ(iv("100 hours"), "100:00:00");
  EXPECT_EQ(iv("30"), "00:00:30");
  EXPECT_EQ(error_of([] { iv("x"); }), "22007 invalid input syntax for type interval: \"x\"");
  EXPECT_EQ(error_of([] { iv("1 day 1 day"); }), "22007 invalid input syntax for type interval: \"1 day 1 day\"");
  EXPECT_EQ(error_of([] { iv("1 x"); }), "22007 invalid input syntax for type interval: \"1 x\"");
}

TEST(DateTimeTest, IntervalArithmetic) {
  Interval year = datetime::parse_interval("1 year");
  EXPECT_EQ(datetime::format_interval(datetime::interval_div(year, 7)), "1 mon 21 days 10:17:08.5344");
  EXPECT_EQ(datetime::format_interval(datetime::interval_mul(datetime::parse_interval("1 day"), 1.5)), "1 day 12:00:00");
  EXPECT_EQ(datetime::format_interval(datetime::interval_div(datetime::parse_interval("1 mon"), 3)), "10 days");
  EXPECT_EQ(datetime::interval_span(datetime::parse_interval("1 mon")),
            datetime::interval_span(datetime::parse_interval("30 days")));
  int64_t a = datetime::parse_timestamp("2024-01-03 02:00", false);
  EXPECT_EQ(datetime::format_interval(datetime::timestamp_diff(a, datetime::parse_timestamp("2024-01-01", false))),
            "2 days 02:00:00");
  EXPECT_EQ(datetime::format_interval(datetime::timestamp_diff(a, datetime::parse_timestamp("2024-01-04", false))),
            "-22:00:00");
  int64_t jan31 = datetime::date_to_timestamp(datetime::parse_date("2024-01-31"));
  EXPECT_EQ(datetime::format_timestamp(datetime::timestamp_add_interval(jan31, datetime::parse_interval("1 month")), false),
            "2024-02-29 00:00:00");
}

}  // namespace
}  // namespace upsertdb
