// Date/time functions: the current-time family (through FunctionContext),
// extract/date_part, date_trunc, age, make_*, justify_*, isfinite and
// to_timestamp(float8). to_char/to_date/to_timestamp(text) live in
// datetime_format.cc. The session time zone is UTC, so timestamptz and
// timestamp share their field arithmetic.
#include <cmath>
#include <cstdio>
#include <optional>

#include "functions/datetime_util.h"
#include "functions/fn_util.h"
#include "types/datetime.h"

namespace upsertdb::fn {

using namespace datetime;

Fields split_timestamp(int64_t ts) {
  Fields f;
  int64_t days = ts / kMicrosPerDay;
  int64_t time = ts % kMicrosPerDay;
  if (time < 0) {
    time += kMicrosPerDay;
    --days;
  }
  f.days = static_cast<int32_t>(days);
  civil_from_days(f.days, &f.year, &f.month, &f.day);
  f.hour = static_cast<int>(time / kMicrosPerHour);
  f.minute = static_cast<int>(time / kMicrosPerMinute % 60);
  f.second = static_cast<int>(time / kMicrosPerSecond % 60);
  f.micros = static_cast<int>(time % kMicrosPerSecond);
  return f;
}

int64_t join_timestamp(int64_t year, int month, int day, int64_t time_micros) {
  return static_cast<int64_t>(days_from_civil(year, month, day)) * kMicrosPerDay + time_micros;
}

int iso_dow(int32_t days) {   // Monday = 1 .. Sunday = 7; 2000-01-01 was a Saturday
  int64_t r = (static_cast<int64_t>(days) + 5) % 7;
  if (r < 0) r += 7;
  return static_cast<int>(r) + 1;
}

void iso_week(int32_t days, int64_t* iso_year, int* week) {
  int32_t thursday = days - iso_dow(days) + 4;
  int64_t y;
  int m, d;
  civil_from_days(thursday, &y, &m, &d);
  *iso_year = y;
  *week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
}

int day_of_year(const Fields& f) { return f.days - days_from_civil(f.year, 1, 1) + 1; }

namespace {

using T = TypeId;

// ---- units -------------------------------------------------------------------

enum class Unit {
  kUnknown, kMicroseconds, kMilliseconds, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kYear,
  kDecade, kCentury, kMillennium, kEpoch, kJulian, kDow, kIsoDow, kDoy, kIsoYear, kTimezone, kTimezoneHour,
  kTimezoneMinute,
};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// PostgreSQL's DecodeUnits/DecodeSpecial tables (tokens compared on 10 characters).
Unit decode_unit(const std::string& lower) {
  struct Entry {
    const char* token;
    Unit unit;
  };
  static constexpr Entry kUnits[] = {
      {"microsecon", Unit::kMicroseconds}, {"us", Unit::kMicroseconds}, {"usec", Unit::kMicroseconds},
      {"usecond", Unit::kMicroseconds}, {"useconds", Unit::kMicroseconds}, {"usecs", Unit::kMicroseconds},
      {"millisecon", Unit::kMilliseconds}, {"ms", Unit::kMilliseconds}, {"msec", Unit::kMilliseconds},
      {"msecond", Unit::kMilliseconds}, {"mseconds", Unit::kMilliseconds}, {"msecs", Unit::kMilliseconds},
      {"s", Unit::kSecond}, {"sec", Unit::kSecond}, {"second", Unit::kSecond}, {"seconds", Unit::kSecond},
      {"secs", Unit::kSecond}, {"m", Unit::kMinute}, {"min", Unit::kMinute}, {"mins", Unit::kMinute},
      {"minute", Unit::kMinute}, {"minutes", Unit::kMinute}, {"h", Unit::kHour}, {"hour", Unit::kHour},
      {"hours", Unit::kHour}, {"hr", Unit::kHour}, {"hrs", Unit::kHour}, {"d", Unit::kDay}, {"day", Unit::kDay},
      {"days", Unit::kDay}, {"w", Unit::kWeek}, {"week", Unit::kWeek}, {"weeks", Unit::kWeek},
      {"mon", Unit::kMonth}, {"mons", Unit::kMonth}, {"month", Unit::kMonth}, {"months", Unit::kMonth},
      {"qtr", Unit::kQuarter}, {"quarter", Unit::kQuarter}, {"y", Unit::kYear}, {"year", Unit::kYear},
      {"years", Unit::kYear}, {"yr", Unit::kYear}, {"yrs", Unit::kYear}, {"dec", Unit::kDecade},
      {"decade", Unit::kDecade}, {"decades", Unit::kDecade}, {"decs", Unit::kDecade}, {"c", Unit::kCentury},
      {"cent", Unit::kCentury}, {"centuries", Unit::kCentury}, {"century", Unit::kCentury},
      {"mil", Unit::kMillennium}, {"millennia", Unit::kMillennium}, {"millennium", Unit::kMillennium},
      {"mils", Unit::kMillennium}, {"timezone", Unit::kTimezone}, {"timezone_h", Unit::kTimezoneHour},
      {"timezone_m", Unit::kTimezoneMinute}, {"epoch", Unit::kEpoch}, {"j", Unit::kJulian},
      {"jd", Unit::kJulian}, {"julian", Unit::kJulian}, {"dow", Unit::kDow}, {"isodow", Unit::kIsoDow},
      {"doy", Unit::kDoy}, {"isoyear", Unit::kIsoYear},
  };
  std::string token = lower.substr(0, 10);
  for (const Entry& e : kUnits) {
    if (token == e.token) return e.unit;
  }
  return Unit::kUnknown;
}

[[noreturn]] void unit_not_recognized(const std::string& unit, TypeId t) {
  throw_error(sqlstate::kInvalidParameterValue,
              "unit \"" + unit + "\" not recognized for type " + type_display_name(Type(t)));
}
[[noreturn]] void unit_not_supported(const std::string& unit, TypeId t) {
  throw_error(sqlstate::kFeatureNotSupported,
              "unit \"" + unit + "\" not supported for type " + type_display_name(Type(t)));
}

// `v` / 10^scale as a numeric with exactly `scale` fractional digits.
Numeric scaled(__int128 v, int scale) {
  bool neg = v < 0;
  unsigned __int128 m = neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m);
  while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
  if (scale > 0) digits.insert(digits.end() - scale, '.');
  return Numeric::parse((neg ? "-" : "") + digits);
}

// PostgreSQL's year-based fields from an astronomical year (0 = 1 BC).
int64_t bc_year(int64_t y) { return y > 0 ? y : y - 1; }
int64_t decade_of(int64_t y) { return y >= 0 ? y / 10 : -((8 - (y - 1)) / 10); }
int64_t century_of(int64_t y) { return y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100); }
int64_t millennium_of(int64_t y) { return y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000); }

constexpr int64_t kUnixEpochMicros = -946684800LL * kMicrosPerSecond;   // 1970-01-01 relative to 2000-01-01
constexpr int32_t kJulian2000 = 2451545;

// Infinite timestamps/dates: monotonic fields are +/-Infinity, the rest NULL.
std::optional<Numeric> infinite_part(Unit u, bool negative, const std::string& unit, TypeId t) {
  switch (u) {
    case Unit::kYear: case Unit::kDecade: case Unit::kCentury: case Unit::kMillennium: case Unit::kJulian:
    case Unit::kIsoYear: case Unit::kEpoch:
      return Numeric::infinity(negative);
    case Unit::kUnknown: unit_not_recognized(unit, t);
    default: return std::nullopt;
  }
}

// extract() from a timestamp / timestamptz / date (date_only restricts units).
std::optional<Numeric> timestamp_part(const std::string& unit_text, int64_t ts, TypeId t, bool date_only) {
  std::string unit = lower_ascii(unit_text);
  Unit u = decode_unit(unit);
  if (!is_finite_timestamp(ts)) return infinite_part(u, ts == kTimestampNegInfinity, unit, t);
  Fields f = split_timestamp(ts);
  int64_t sec_micros = static_cast<int64_t>(f.second) * kMicrosPerSecond + f.micros;
  auto whole = [](int64_t v) { return Numeric::from_int64(v); };
  if (date_only) {
    switch (u) {
      case Unit::kMicroseconds: case Unit::kMilliseconds: case Unit::kSecond: case Unit::kMinute:
      case Unit::kHour: case Unit::kTimezone: case Unit::kTimezoneHour: case Unit::kTimezoneMinute:
        unit_not_supported(unit, t);
      default: break;
    }
  }
  switch (u) {
    case Unit::kMicroseconds: return whole(sec_micros);
    case Unit::kMilliseconds: return scaled(sec_micros, 3);
    case Unit::kSecond: return scaled(sec_micros, 6);
    case Unit::kMinute: return whole(f.minute);
    case Unit::kHour: return whole(f.hour);
    case Unit::kDay: return whole(f.day);
    case Unit::kMonth: return whole(f.month);
    case Unit::kQuarter: return whole((f.month - 1) / 3 + 1);
    case Unit::kWeek: {
      int64_t iy;
      int w;
      iso_week(f.days, &iy, &w);
      return whole(w);
    }
    case Unit::kYear: return whole(bc_year(f.year));
    case Unit::kDecade: return whole(decade_of(f.year));
    case Unit::kCentury: return whole(century_of(f.year));
    case Unit::kMillennium: return whole(millennium_of(f.year));
    case Unit::kIsoYear: {
      int64_t iy;
      int w;
      iso_week(f.days, &iy, &w);
      return whole(iy <= 0 ? iy - 1 : iy);
    }
    case Unit::kDow: return whole(iso_dow(f.days) % 7);
    case Unit::kIsoDow: return whole(iso_dow(f.days));
    case Unit::kDoy: return whole(day_of_year(f));
    case Unit::kJulian: {
      Numeric jd = whole(static_cast<int64_t>(f.days) + kJulian2000);
      if (date_only) return jd;
      int64_t time = ts - static_cast<int64_t>(f.days) * kMicrosPerDay;
      return jd.add(whole(time).div(whole(kMicrosPerDay)));
    }
    case Unit::kEpoch:
      if (date_only) return whole((static_cast<int64_t>(f.days) * kMicrosPerDay - kUnixEpochMicros) / kMicrosPerSecond);
      return scaled(ts - kUnixEpochMicros, 6);
    case Unit::kTimezone: case Unit::kTimezoneHour: case Unit::kTimezoneMinute:
      if (t != T::kTimestampTz) unit_not_supported(unit, t);
      return whole(0);
    case Unit::kUnknown: unit_not_recognized(unit, t);
  }
  unit_not_recognized(unit, t);
}

std::optional<Numeric> time_part(const std::string& unit_text, int64_t time) {
  std::string unit = lower_ascii(unit_text);
  Unit u = decode_unit(unit);
  int64_t sec_micros = time % kMicrosPerMinute;
  switch (u) {
    case Unit::kMicroseconds: return Numeric::from_int64(sec_micros);
    case Unit::kMilliseconds: return scaled(sec_micros, 3);
    case Unit::kSecond: return scaled(sec_micros, 6);
    case Unit::kMinute: return Numeric::from_int64(time / kMicrosPerMinute % 60);
    case Unit::kHour: return Numeric::from_int64(time / kMicrosPerHour);
    case Unit::kEpoch: return scaled(time, 6);
    case Unit::kUnknown: unit_not_recognized(unit, T::kTime);
    default: unit_not_supported(unit, T::kTime);
  }
}

std::optional<Numeric> interval_part(const std::string& unit_text, const Interval& iv) {
  std::string unit = lower_ascii(unit_text);
  Unit u = decode_unit(unit);
  int64_t years = iv.months / 12, months = iv.months % 12;
  int64_t hours = iv.micros / kMicrosPerHour;
  int64_t minutes = iv.micros / kMicrosPerMinute % 60;
  int64_t sec_micros = iv.micros % kMicrosPerMinute;
  auto whole = [](int64_t v) { return Numeric::from_int64(v); };
  switch (u) {
    case Unit::kMicroseconds: return whole(sec_micros);
    case Unit::kMilliseconds: return scaled(sec_micros, 3);
    case Unit::kSecond: return scaled(sec_micros, 6);
    case Unit::kMinute: return whole(minutes);
    case Unit::kHour: return whole(hours);
    case Unit::kDay: return whole(iv.days);
    case Unit::kMonth: return whole(months);
    case Unit::kQuarter: return whole(months / 3 + 1);
    case Unit::kYear: return whole(years);
    case Unit::kDecade: return whole(years / 10);
    case Unit::kCentury: return whole(years / 100);
    case Unit::kMillennium: return whole(years / 1000);
    case Unit::kEpoch: {
      // 1 year = 365.25 days, 1 month = 30 days, as PostgreSQL's interval epoch.
      __int128 secs = (static_cast<__int128>(1461) * years + 120 * months + 4 * static_cast<__int128>(iv.days)) * 21600;
      __int128 micros = secs * kMicrosPerSecond + iv.micros;
      return scaled(micros, 6);
    }
    case Unit::kUnknown: unit_not_recognized(unit, T::kInterval);
    default: unit_not_supported(unit, T::kInterval);
  }
}

Value numeric_or_null(const std::optional<Numeric>& n) {
  return n ? num_value(*n) : Value::null(T::kNumeric);
}
Value float_or_null(const std::optional<Numeric>& n) {
  return n ? Value::float8(n->to_double()) : Value::null(T::kFloat8);
}

Value extract_ts(FunctionContext&, const Value* a, size_t) {
  return numeric_or_null(timestamp_part(str(a[0]), a[1].as_int(), a[1].type(), false));
}
Value extract_date(FunctionContext&, const Value* a, size_t) {
  int32_t d = static_cast<int32_t>(a[1].as_int());
  int64_t ts = d == kDatePosInfinity ? kTimestampPosInfinity
               : d == kDateNegInfinity ? kTimestampNegInfinity
                                       : static_cast<int64_t>(d) * kMicrosPerDay;
  return numeric_or_null(timestamp_part(str(a[0]), ts, T::kDate, true));
}
Value extract_time(FunctionContext&, const Value* a, size_t) { return numeric_or_null(time_part(str(a[0]), a[1].as_int())); }
Value extract_interval(FunctionContext&, const Value* a, size_t) {
  return numeric_or_null(interval_part(str(a[0]), a[1].as_interval()));
}
Value date_part_ts(FunctionContext&, const Value* a, size_t) {
  return float_or_null(timestamp_part(str(a[0]), a[1].as_int(), a[1].type(), false));
}
// PostgreSQL's date_part(text, date) is date_part($1, $2::timestamp).
Value date_part_date(FunctionContext&, const Value* a, size_t) {
  int32_t d = static_cast<int32_t>(a[1].as_int());
  int64_t ts = d == kDatePosInfinity ? kTimestampPosInfinity
               : d == kDateNegInfinity ? kTimestampNegInfinity
                                       : static_cast<int64_t>(d) * kMicrosPerDay;
  return float_or_null(timestamp_part(str(a[0]), ts, T::kTimestamp, false));
}
Value date_part_time(FunctionContext&, const Value* a, size_t) { return float_or_null(time_part(str(a[0]), a[1].as_int())); }
Value date_part_interval(FunctionContext&, const Value* a, size_t) {
  return float_or_null(interval_part(str(a[0]), a[1].as_interval()));
}

// ---- date_trunc ----------------------------------------------------------------

int64_t trunc_timestamp(const std::string& unit_text, int64_t ts, TypeId t) {
  std::string unit = lower_ascii(unit_text);
  Unit u = decode_unit(unit);
  if (!is_finite_timestamp(ts)) {
    if (u == Unit::kUnknown) unit_not_recognized(unit, t);
    return ts;
  }
  Fields f = split_timestamp(ts);
  int64_t y = f.year;
  int m = f.month, d = f.day;
  int64_t time = ts - static_cast<int64_t>(f.days) * kMicrosPerDay;
  switch (u) {
    case Unit::kWeek: return static_cast<int64_t>(f.days - (iso_dow(f.days) - 1)) * kMicrosPerDay;
    case Unit::kMillennium:
      y = y > 0 ? ((y + 999) / 1000) * 1000 - 999 : -((999 - (y - 1)) / 1000) * 1000 + 1;
      return join_timestamp(y, 1, 1, 0);
    case Unit::kCentury:
      y = y > 0 ? ((y + 99) / 100) * 100 - 99 : -((99 - (y - 1)) / 100) * 100 + 1;
      return join_timestamp(y, 1, 1, 0);
    case Unit::kDecade:
      y = y > 0 ? (y / 10) * 10 : -((8 - (y - 1)) / 10) * 10;
      return join_timestamp(y, 1, 1, 0);
    case Unit::kYear: return join_timestamp(y, 1, 1, 0);
    case Unit::kQuarter: return join_timestamp(y, 3 * ((m - 1) / 3) + 1, 1, 0);
    case Unit::kMonth: return join_timestamp(y, m, 1, 0);
    case Unit::kDay: return join_timestamp(y, m, d, 0);
    case Unit::kHour: return join_timestamp(y, m, d, time - time % kMicrosPerHour);
    case Unit::kMinute: return join_timestamp(y, m, d, time - time % kMicrosPerMinute);
    case Unit::kSecond: return join_timestamp(y, m, d, time - time % kMicrosPerSecond);
    case Unit::kMilliseconds: return join_timestamp(y, m, d, time - time % 1000);
    case Unit::kMicroseconds: return ts;
    case Unit::kUnknown: unit_not_recognized(unit, t);
    default: unit_not_supported(unit, t);
  }
}
Value date_trunc_ts(FunctionContext&, const Value* a, size_t) {
  return Value::integer(a[1].type(), trunc_timestamp(str(a[0]), a[1].as_int(), a[1].type()));
}
Value date_trunc_interval(FunctionContext&, const Value* a, size_t) {
  std::string unit = lower_ascii(str(a[0]));
  Unit u = decode_unit(unit);
  Interval iv = a[1].as_interval();
  int64_t years = iv.months / 12, months = iv.months % 12;
  int64_t days = iv.days, t = iv.micros;
  switch (u) {
    case Unit::kMillennium: years = years / 1000 * 1000; months = days = t = 0; break;
    case Unit::kCentury: years = years / 100 * 100; months = days = t = 0; break;
    case Unit::kDecade: years = years / 10 * 10; months = days = t = 0; break;
    case Unit::kYear: months = days = t = 0; break;
    case Unit::kQuarter: months = 3 * (months / 3); days = t = 0; break;
    case Unit::kMonth: days = t = 0; break;
    case Unit::kDay: t = 0; break;
    case Unit::kHour: t -= t % kMicrosPerHour; break;
    case Unit::kMinute: t -= t % kMicrosPerMinute; break;
    case Unit::kSecond: t -= t % kMicrosPerSecond; break;
    case Unit::kMilliseconds: t -= t % 1000; break;
    case Unit::kMicroseconds: break;
    case Unit::kWeek:
      throw DbError(sqlstate::kFeatureNotSupported, "unit \"" + unit + "\" not supported for type interval")
          .detail("Months usually have fractional weeks.");
    case Unit::kUnknown: unit_not_recognized(unit, T::kInterval);
    default: unit_not_supported(unit, T::kInterval);
  }
  Interval out;
  out.months = static_cast<int32_t>(years * 12 + months);
  out.days = static_cast<int32_t>(days);
  out.micros = t;
  return Value::interval(out);
}

// ---- age -------------------------------------------------------------------------

Interval age_of(int64_t a, int64_t b) {
  if (!is_finite_timestamp(a) || !is_finite_timestamp(b)) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  Fields f1 = split_timestamp(a), f2 = split_timestamp(b);
  int64_t usec = f1.micros - f2.micros, sec = f1.second - f2.second, min = f1.minute - f2.minute;
  int64_t hour = f1.hour - f2.hour, mday = f1.day - f2.day, mon = f1.month - f2.month, year = f1.year - f2.year;
  bool flip = a < b;
  if (flip) {
    usec = -usec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year;
  }
  while (usec < 0) { usec += kMicrosPerSecond; --sec; }
  while (sec < 0) { sec += 60; --min; }
  while (min < 0) { min += 60; --hour; }
  while (hour < 0) { hour += 24; --mday; }
  while (mday < 0) {
    const Fields& ref = flip ? f1 : f2;
    mday += days_in_month(ref.year, ref.month);
    --mon;
  }
  while (mon < 0) { mon += 12; --year; }
  if (flip) {
    usec = -usec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year;
  }
  Interval iv;
  iv.months = static_cast<int32_t>(year * 12 + mon);
  iv.days = static_cast<int32_t>(mday);
  iv.micros = ((hour * 60 + min) * 60 + sec) * kMicrosPerSecond + usec;
  return iv;
}
Value age2(FunctionContext&, const Value* a, size_t) { return Value::interval(age_of(a[0].as_int(), a[1].as_int())); }
Value age1(FunctionContext& ctx, const Value* a, size_t) {
  int64_t now = ctx.transaction_timestamp();
  int64_t today = split_timestamp(now).days * kMicrosPerDay;   // current_date at midnight (UTC session)
  return Value::interval(age_of(today, a[0].as_int()));
}

// ---- current time --------------------------------------------------------------------

Value now_fn(FunctionContext& ctx, const Value*, size_t) { return Value::timestamptz(ctx.transaction_timestamp()); }
Value statement_ts(FunctionContext& ctx, const Value*, size_t) { return Value::timestamptz(ctx.statement_timestamp()); }
Value clock_ts(FunctionContext& ctx, const Value*, size_t) { return Value::timestamptz(ctx.clock_timestamp()); }

// ---- constructors ----------------------------------------------------------------------

std::string two_digits(int64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
  return buf;
}

int32_t make_date_days(int64_t y, int64_t m, int64_t d) {
  auto fail = [&]() {
    throw_error(sqlstate::kDatetimeFieldOverflow,
                "date field value out of range: " + std::to_string(y) + "-" + two_digits(m) + "-" + two_digits(d));
  };
  if (y == 0 || m < 1 || m > 12 || d < 1 || d > 31) fail();
  int64_t astronomical = y < 0 ? y + 1 : y;
  if (!valid_civil_date(astronomical, static_cast<int>(m), static_cast<int>(d))) fail();
  return days_from_civil(astronomical, static_cast<int>(m), static_cast<int>(d));
}
Value make_date(FunctionContext&, const Value* a, size_t) {
  return Value::date(make_date_days(a[0].as_int(), a[1].as_int(), a[2].as_int()));
}
Value make_timestamp(FunctionContext&, const Value* a, size_t) {
  int32_t days = make_date_days(a[0].as_int(), a[1].as_int(), a[2].as_int());
  int64_t hour = a[3].as_int(), min = a[4].as_int();
  double sec = a[5].as_float();
  if (hour < 0 || hour > 24 || min < 0 || min > 59 || !(sec >= 0) || sec > 60 ||
      (hour == 24 && (min > 0 || sec > 0))) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02g", static_cast<long long>(hour), static_cast<long long>(min), sec);
    throw_error(sqlstate::kDatetimeFieldOverflow, std::string("time field value out of range: ") + buf);
  }
  int64_t time = (hour * 60 + min) * kMicrosPerMinute + static_cast<int64_t>(std::llround(sec * kMicrosPerSecond));
  int64_t ts = static_cast<int64_t>(days) * kMicrosPerDay + time;
  if (!is_finite_timestamp(ts)) throw_error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  return Value::timestamp(ts);
}
// make_interval(years, months, weeks, days, hours, mins, secs), trailing arguments defaulting to 0.
Value make_interval(FunctionContext&, const Value* a, size_t n) {
  auto arg = [&](size_t i) -> int64_t { return i < n ? a[i].as_int() : 0; };
  double secs = n > 6 ? a[6].as_float() : 0.0;
  if (std::isinf(secs) || std::isnan(secs)) throw_error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  Interval iv;
  int64_t months = arg(0) * 12 + arg(1);
  int64_t days = arg(2) * 7 + arg(3);
  if (months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  }
  iv.months = static_cast<int32_t>(months);
  iv.days = static_cast<int32_t>(days);
  iv.micros = (arg(4) * 60 + arg(5)) * kMicrosPerMinute + static_cast<int64_t>(std::llround(secs * kMicrosPerSecond));
  return Value::interval(iv);
}

Value justify_days_fn(FunctionContext&, const Value* a, size_t) { return Value::interval(justify_days(a[0].as_interval())); }
Value justify_hours_fn(FunctionContext&, const Value* a, size_t) { return Value::interval(justify_hours(a[0].as_interval())); }
// justify_interval: hours into days and days into months, with a common sign.
Value justify_interval_fn(FunctionContext&, const Value* a, size_t) {
  Interval iv = a[0].as_interval();
  int64_t days = iv.days + iv.micros / kMicrosPerDay;
  int64_t time = iv.micros % kMicrosPerDay;
  int64_t months = iv.months + days / 30;
  days %= 30;
  if (months > 0 && (days < 0 || (days == 0 && time < 0))) {
    days += 30;
    --months;
  } else if (months < 0 && (days > 0 || (days == 0 && time > 0))) {
    days -= 30;
    ++months;
  }
  if (days > 0 && time < 0) {
    time += kMicrosPerDay;
    --days;
  } else if (days < 0 && time > 0) {
    time -= kMicrosPerDay;
    ++days;
  }
  Interval out;
  out.months = static_cast<int32_t>(months);
  out.days = static_cast<int32_t>(days);
  out.micros = time;
  return Value::interval(out);
}

Value isfinite_date(FunctionContext&, const Value* a, size_t) { return Value::boolean(is_finite_date(static_cast<int32_t>(a[0].as_int()))); }
Value isfinite_ts(FunctionContext&, const Value* a, size_t) { return Value::boolean(is_finite_timestamp(a[0].as_int())); }
Value isfinite_interval(FunctionContext&, const Value*, size_t) { return Value::boolean(true); }

Value to_timestamp_epoch(FunctionContext&, const Value* a, size_t) {
  double secs = a[0].as_float();
  if (std::isnan(secs)) throw_error(sqlstate::kDatetimeFieldOverflow, "timestamp cannot be NaN");
  if (std::isinf(secs)) return Value::timestamptz(secs > 0 ? kTimestampPosInfinity : kTimestampNegInfinity);
  double micros = std::rint(secs * kMicrosPerSecond) + static_cast<double>(kUnixEpochMicros);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", secs);
  if (!(micros > -2.1e17 && micros < 9.2e18)) {
    throw_error(sqlstate::kDatetimeFieldOverflow, std::string("timestamp out of range: \"") + buf + "\"");
  }
  int64_t ts = static_cast<int64_t>(micros);
  if (!is_finite_timestamp(ts) || ts > join_timestamp(294277, 1, 1, 0) || ts < join_timestamp(-4713, 11, 24, 0)) {
    throw_error(sqlstate::kDatetimeFieldOverflow, std::string("timestamp out of range: \"") + buf + "\"");
  }
  return Value::timestamptz(ts);
}

}  // namespace

void register_datetime_functions(Registry& r) {
  const Volatility S = Volatility::kStable, V = Volatility::kVolatile;
  r.add("now", {}, T::kTimestampTz, now_fn, S);
  r.add("transaction_timestamp", {}, T::kTimestampTz, now_fn, S);
  r.add("statement_timestamp", {}, T::kTimestampTz, statement_ts, S);
  r.add("clock_timestamp", {}, T::kTimestampTz, clock_ts, V);
  r.add("extract", {T::kText, T::kTimestamp}, T::kNumeric, extract_ts);
  r.add("extract", {T::kText, T::kTimestampTz}, T::kNumeric, extract_ts, S);
  r.add("extract", {T::kText, T::kDate}, T::kNumeric, extract_date);
  r.add("extract", {T::kText, T::kTime}, T::kNumeric, extract_time);
  r.add("extract", {T::kText, T::kInterval}, T::kNumeric, extract_interval);
  r.add("date_part", {T::kText, T::kTimestamp}, T::kFloat8, date_part_ts);
  r.add("date_part", {T::kText, T::kTimestampTz}, T::kFloat8, date_part_ts, S);
  r.add("date_part", {T::kText, T::kDate}, T::kFloat8, date_part_date);
  r.add("date_part", {T::kText, T::kTime}, T::kFloat8, date_part_time);
  r.add("date_part", {T::kText, T::kInterval}, T::kFloat8, date_part_interval);
  r.add("date_trunc", {T::kText, T::kTimestamp}, T::kTimestamp, date_trunc_ts);
  r.add("date_trunc", {T::kText, T::kTimestampTz}, T::kTimestampTz, date_trunc_ts, S);
  r.add("date_trunc", {T::kText, T::kInterval}, T::kInterval, date_trunc_interval);
  r.add("age", {T::kTimestamp, T::kTimestamp}, T::kInterval, age2);
  r.add("age", {T::kTimestampTz, T::kTimestampTz}, T::kInterval, age2);
  r.add("age", {T::kTimestamp}, T::kInterval, age1, S);
  r.add("age", {T::kTimestampTz}, T::kInterval, age1, S);
  r.add("make_date", {T::kInt4, T::kInt4, T::kInt4}, T::kDate, make_date);
  r.add("make_timestamp", {T::kInt4, T::kInt4, T::kInt4, T::kInt4, T::kInt4, T::kFloat8}, T::kTimestamp, make_timestamp);
  r.add("make_interval", {}, T::kInterval, make_interval);
  r.add("make_interval", {T::kInt4}, T::kInterval, make_interval);
  r.add("make_interval", {T::kInt4, T::kInt4}, T::kInterval, make_interval);
  r.add("make_interval", {T::kInt4, T::kInt4, T::kInt4}, T::kInterval, make_interval);
  r.add("make_interval", {T::kInt4, T::kInt4, T::kInt4, T::kInt4}, T::kInterval, make_interval);
  r.add("make_interval", {T::kInt4, T::kInt4, T::kInt4, T::kInt4, T::kInt4}, T::kInterval, make_interval);
  r.add("make_interval", {T::kInt4, T::kInt4, T::kInt4, T::kInt4, T::kInt4, T::kInt4}, T::kInterval, make_interval);
  r.add("make_interval", {T::kInt4, T::kInt4, T::kInt4, T::kInt4, T::kInt4, T::kInt4, T::kFloat8}, T::kInterval,
        make_interval);
  r.add("justify_days", {T::kInterval}, T::kInterval, justify_days_fn);
  r.add("justify_hours", {T::kInterval}, T::kInterval, justify_hours_fn);
  r.add("justify_interval", {T::kInterval}, T::kInterval, justify_interval_fn);
  r.add("isfinite", {T::kDate}, T::kBool, isfinite_date);
  r.add("isfinite", {T::kTimestamp}, T::kBool, isfinite_ts);
  r.add("isfinite", {T::kTimestampTz}, T::kBool, isfinite_ts);
  r.add("isfinite", {T::kInterval}, T::kBool, isfinite_interval);
  r.add("to_timestamp", {T::kFloat8}, T::kTimestampTz, to_timestamp_epoch);
  register_datetime_format_functions(r);
}

}  // namespace upsertdb::fn
