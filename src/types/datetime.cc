// Calendar arithmetic, output and date/time operators. Input parsing lives in
// datetime_parse.cc, intervals' text forms in interval_io.cc.
#include "types/datetime.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "common/error.h"

namespace upsertdb::datetime {

namespace {

std::atomic<NowProvider> g_now_provider{nullptr};

// Days from 0000-03-01-based era arithmetic (the "days from civil" method):
// shifting the year to start in March puts the leap day last.
int64_t days_since_epoch0(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                  // [0, 399]
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          // [0, 146096]
  return era * 146097 + doe;
}

const int64_t kDays2000 = days_since_epoch0(2000, 1, 1);

[[noreturn]] void date_out_of_range() { throw_error(sqlstate::kDatetimeFieldOverflow, "date out of range"); }
[[noreturn]] void timestamp_out_of_range() {
  throw_error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
}

// PostgreSQL's valid range: 4714-11-24 BC .. 5874897-12-31 for dates,
// 294276 AD for timestamps.
const int32_t kMinDate = static_cast<int32_t>(days_since_epoch0(-4713, 11, 24) - kDays2000);
const int32_t kMaxDate = static_cast<int32_t>(days_since_epoch0(5874898, 1, 1) - kDays2000 - 1);
const int64_t kMinTimestamp = static_cast<int64_t>(kMinDate) * kMicrosPerDay;
const int64_t kMaxTimestamp = (days_since_epoch0(294277, 1, 1) - kDays2000) * kMicrosPerDay - 1;

void append_year(std::string& out, int64_t year) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(year > 0 ? year : 1 - year));
  out += buf;
}

void append_seconds(std::string& out, int64_t micros_in_minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(micros_in_minute / kMicrosPerSecond));
  out += buf;
  int64_t frac = micros_in_minute % kMicrosPerSecond;
  if (frac) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
}

}  // namespace

void set_now_provider(NowProvider provider) { g_now_provider.store(provider); }

int64_t system_now_micros() {
  auto since_unix = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  return since_unix - 946684800LL * kMicrosPerSecond;
}

int64_t now_micros() {
  NowProvider p = g_now_provider.load();
  return p ? p() : system_now_micros();
}

int32_t days_from_civil(int64_t year, int month, int day) {
  return static_cast<int32_t>(days_since_epoch0(year, month, day) - kDays2000);
}

void civil_from_days(int32_t days, int64_t* year, int* month, int* day) {
  int64_t z = static_cast<int64_t>(days) + kDays2000;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

int days_in_month(int64_t year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

bool valid_civil_date(int64_t year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

bool is_finite_date(int32_t d) { return d != kDateNegInfinity && d != kDatePosInfinity; }
bool is_finite_timestamp(int64_t ts) { return ts != kTimestampNegInfinity && ts != kTimestampPosInfinity; }

std::string format_date(int32_t days) {
  if (days == kDatePosInfinity) return "infinity";
  if (days == kDateNegInfinity) return "-infinity";
  int64_t y;
  int m, d;
  civil_from_days(days, &y, &m, &d);
  std::string out;
  append_year(out, y);
  char buf[16];
  std::snprintf(buf, sizeof buf, "-%02d-%02d", m, d);
  out += buf;
  if (y <= 0) out += " BC";
  return out;
}

std::string format_time(int64_t micros) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:", static_cast<long long>(micros / kMicrosPerHour),
                static_cast<long long>(micros / kMicrosPerMinute % 60));
  std::string out = buf;
  append_seconds(out, micros % kMicrosPerMinute);
  return out;
}

std::string format_timestamp(int64_t ts, bool with_tz) {
  if (ts == kTimestampPosInfinity) return "infinity";
  if (ts == kTimestampNegInfinity) return "-infinity";
  int64_t days = ts / kMicrosPerDay, rem = ts % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    --days;
  }
  int64_t y;
  int m, d;
  civil_from_days(static_cast<int32_t>(days), &y, &m, &d);
  std::string out;
  append_year(out, y);
  char buf[16];
  std::snprintf(buf, sizeof buf, "-%02d-%02d ", m, d);
  out += buf;
  out += format_time(rem);
  if (with_tz) out += "+00";
  if (y <= 0) out += " BC";
  return out;
}

int64_t round_to_precision(int64_t micros, int32_t precision) {
  if (precision < 0 || precision >= 6) return micros;
  static const int64_t kUnits[] = {1000000, 100000, 10000, 1000, 100, 10};
  int64_t unit = kUnits[precision], half = unit / 2;
  if (micros >= 0) return (micros + half) / unit * unit;
  return -((-micros + half) / unit * unit);
}

int64_t date_to_timestamp(int32_t days) {
  if (days == kDatePosInfinity) return kTimestampPosInfinity;
  if (days == kDateNegInfinity) return kTimestampNegInfinity;
  int64_t ts = static_cast<int64_t>(days) * kMicrosPerDay;
  if (ts < kMinTimestamp || ts > kMaxTimestamp) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "date out of range for timestamp");
  }
  return ts;
}

int32_t timestamp_to_date(int64_t ts) {
  if (ts == kTimestampPosInfinity) return kDatePosInfinity;
  if (ts == kTimestampNegInfinity) return kDateNegInfinity;
  int64_t days = ts / kMicrosPerDay;
  if (ts % kMicrosPerDay < 0) --days;
  return static_cast<int32_t>(days);
}

int64_t timestamp_to_time(int64_t ts) {
  int64_t rem = ts % kMicrosPerDay;
  return rem < 0 ? rem + kMicrosPerDay : rem;
}

int32_t date_add_days(int32_t date, int64_t days) {
  if (!is_finite_date(date)) return date;
  int64_t r = static_cast<int64_t>(date) + days;
  if (r < kMinDate || r > kMaxDate) date_out_of_range();
  return static_cast<int32_t>(r);
}

int64_t timestamp_add_interval(int64_t ts, const Interval& iv) {
  if (!is_finite_timestamp(ts)) return ts;
  if (iv.months != 0) {
    int64_t days = ts / kMicrosPerDay, rem = ts % kMicrosPerDay;
    if (rem < 0) {
      rem += kMicrosPerDay;
      --days;
    }
    int64_t y;
    int m, d;
    civil_from_days(static_cast<int32_t>(days), &y, &m, &d);
    int64_t total = y * 12 + (m - 1) + iv.months;
    int64_t ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
    int nm = static_cast<int>(total - ny * 12) + 1;
    if (ny < -4713 || ny > 294276) timestamp_out_of_range();
    d = std::min(d, days_in_month(ny, nm));
    ts = static_cast<int64_t>(days_from_civil(ny, nm, d)) * kMicrosPerDay + rem;
  }
  __int128 r = static_cast<__int128>(ts) + static_cast<__int128>(iv.days) * kMicrosPerDay + iv.micros;
  if (r < kMinTimestamp || r > kMaxTimestamp) timestamp_out_of_range();
  return static_cast<int64_t>(r);
}

Interval justify_hours(const Interval& a) {
  Interval r = a;
  int64_t whole_days = r.micros / kMicrosPerDay;
  r.micros -= whole_days * kMicrosPerDay;
  int64_t days = static_cast<int64_t>(r.days) + whole_days;
  if (days > 0 && r.micros < 0) {
    r.micros += kMicrosPerDay;
    --days;
  } else if (days < 0 && r.micros > 0) {
    r.micros -= kMicrosPerDay;
    ++days;
  }
  if (days > INT32_MAX || days < INT32_MIN) throw_error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  r.days = static_cast<int32_t>(days);
  return r;
}

Interval justify_days(const Interval& a) {
  Interval r = a;
  int64_t months = static_cast<int64_t>(r.months) + r.days / 30;
  r.days %= 30;
  if (months > 0 && r.days < 0) {
    r.days += 30;
    --months;
  } else if (months < 0 && r.days > 0) {
    r.days -= 30;
    ++months;
  }
  if (months > INT32_MAX || months < INT32_MIN) throw_error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  r.months = static_cast<int32_t>(months);
  return r;
}

Interval timestamp_diff(int64_t a, int64_t b) {
  if (!is_finite_timestamp(a) || !is_finite_timestamp(b)) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite timestamps");
  }
  __int128 d = static_cast<__int128>(a) - b;
  if (d > INT64_MAX || d < INT64_MIN) throw_error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  Interval r;
  r.micros = static_cast<int64_t>(d);
  return justify_hours(r);
}

int64_t time_add_interval(int64_t time, const Interval& iv) {
  int64_t r = (time + iv.micros % kMicrosPerDay) % kMicrosPerDay;
  return r < 0 ? r + kMicrosPerDay : r;
}

Interval interval_add(const Interval& a, const Interval& b) {
  int64_t months = static_cast<int64_t>(a.months) + b.months;
  int64_t days = static_cast<int64_t>(a.days) + b.days;
  int64_t micros;
  if (months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN ||
      __builtin_add_overflow(a.micros, b.micros, &micros)) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  }
  Interval r;
  r.months = static_cast<int32_t>(months);
  r.days = static_cast<int32_t>(days);
  r.micros = micros;
  return r;
}

Interval interval_negate(const Interval& a) {
  if (a.months == INT32_MIN || a.days == INT32_MIN || a.micros == INT64_MIN) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  }
  Interval r;
  r.months = -a.months;
  r.days = -a.days;
  r.micros = -a.micros;
  return r;
}

namespace {
// PostgreSQL's TSROUND: round to microsecond precision in seconds units.
double ts_round(double v) { return std::rint(v * 1e6) / 1e6; }

Interval scale_interval(const Interval& a, double factor, bool divide) {
  auto apply = [&](double v) { return divide ? v / factor : v * factor; };
  auto out_of_range = [] { throw_error(sqlstate::kDatetimeFieldOverflow, "interval out of range"); };
  double months_d = apply(a.months);
  if (std::isnan(months_d) || months_d > INT32_MAX || months_d < INT32_MIN) out_of_range();
  double days_d = apply(a.days);
  if (std::isnan(days_d) || days_d > INT32_MAX || days_d < INT32_MIN) out_of_range();
  Interval r;
  r.months = static_cast<int32_t>(months_d);
  r.days = static_cast<int32_t>(days_d);
  // Fractional months and days cascade down into days and seconds.
  double month_remainder_days = ts_round((months_d - r.months) * 30.0);
  double sec_remainder =
      ts_round((days_d - r.days + month_remainder_days - static_cast<int>(month_remainder_days)) * 86400.0);
  if (std::fabs(sec_remainder) >= 86400.0) {
    int extra = static_cast<int>(sec_remainder / 86400.0);
    r.days += extra;
    sec_remainder -= extra * 86400.0;
  }
  r.days += static_cast<int32_t>(month_remainder_days);
  double micros = std::rint(apply(static_cast<double>(a.micros)) + sec_remainder * 1e6);
  if (std::isnan(micros) || micros >= 9223372036854775807.0 || micros < -9223372036854775808.0) out_of_range();
  r.micros = static_cast<int64_t>(micros);
  return r;
}
}  // namespace

Interval interval_mul(const Interval& a, double factor) { return scale_interval(a, factor, false); }

Interval interval_div(const Interval& a, double divisor) {
  if (divisor == 0) throw_error(sqlstate::kDivisionByZero, "division by zero");
  return scale_interval(a, divisor, true);
}

__int128 interval_span(const Interval& a) {
  return static_cast<__int128>(a.months) * 30 * kMicrosPerDay + static_cast<__int128>(a.days) * kMicrosPerDay +
         a.micros;
}

}  // namespace upsertdb::datetime
