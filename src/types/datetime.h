// Date/time types in PostgreSQL's representation:
//   date        int32 days since 2000-01-01 (INT32_MIN/MAX = -infinity/infinity)
//   time        int64 microseconds since midnight, 0..86400000000 (24:00:00 allowed)
//   timestamp   int64 microseconds since 2000-01-01 00:00:00 (INT64_MIN/MAX = -/+infinity)
//   timestamptz the same instant in UTC; the session TimeZone is UTC, so output ends in "+00"
//   interval    months, days, microseconds kept apart, as PostgreSQL does
// Text forms follow DateStyle ISO, MDY and IntervalStyle postgres. Input errors
// are PostgreSQL's: 22007 `invalid input syntax for type date: "x"` and 22008
// `date/time field value out of range: "2024-13-01"`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/value.h"

namespace upsertdb::datetime {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
constexpr int32_t kDateNegInfinity = INT32_MIN;
constexpr int32_t kDatePosInfinity = INT32_MAX;
constexpr int64_t kTimestampNegInfinity = INT64_MIN;
constexpr int64_t kTimestampPosInfinity = INT64_MAX;

// The clock behind 'now', 'today', now(): microseconds since 2000-01-01 UTC.
// Defaults to the system clock; the engine installs the transaction timestamp.
using NowProvider = int64_t (*)();
void set_now_provider(NowProvider provider);   // nullptr restores the system clock
int64_t now_micros();
int64_t system_now_micros();

// Proleptic Gregorian calendar; year 0 = 1 BC.
int32_t days_from_civil(int64_t year, int month, int day);   // relative to 2000-01-01
void civil_from_days(int32_t days, int64_t* year, int* month, int* day);
bool valid_civil_date(int64_t year, int month, int day);
int days_in_month(int64_t year, int month);

bool is_finite_date(int32_t d);
bool is_finite_timestamp(int64_t ts);

// Input (throw PostgreSQL's errors; `typmod` is the fractional-second precision or -1).
int32_t parse_date(std::string_view text);
int64_t parse_time(std::string_view text, int32_t typmod = -1);
int64_t parse_timestamp(std::string_view text, bool with_tz, int32_t typmod = -1);
Interval parse_interval(std::string_view text);

// Output.
std::string format_date(int32_t days);
std::string format_time(int64_t micros);
std::string format_timestamp(int64_t micros, bool with_tz);
std::string format_interval(const Interval& iv);

// Rounds fractional seconds to `precision` digits (timestamp(p), time(p)).
int64_t round_to_precision(int64_t micros, int32_t precision);

// Conversions (22008 "date out of range" / "timestamp out of range" on overflow).
int64_t date_to_timestamp(int32_t days);
int32_t timestamp_to_date(int64_t ts);
int64_t timestamp_to_time(int64_t ts);

// Arithmetic.
int32_t date_add_days(int32_t date, int64_t days);
int64_t timestamp_add_interval(int64_t ts, const Interval& iv);   // '+'; negate the interval for '-'
Interval timestamp_diff(int64_t a, int64_t b);                     // a - b, justified to days + time
int64_t time_add_interval(int64_t time, const Interval& iv);       // wraps around midnight
Interval interval_add(const Interval& a, const Interval& b);
Interval interval_negate(const Interval& a);
Interval interval_mul(const Interval& a, double factor);
Interval interval_div(const Interval& a, double divisor);
// The length used to order intervals: 1 month = 30 days, 1 day = 24 hours.
__int128 interval_span(const Interval& a);
Interval justify_hours(const Interval& a);
Interval justify_days(const Interval& a);

}  // namespace upsertdb::datetime
