// to_char(timestamp|timestamptz|interval, text), to_date(text, text) and
// to_timestamp(text, text): PostgreSQL's template patterns (YYYY MM DD HH24 MI
// SS MS US Mon Month Dy Day AM/PM D DDD IW WW Q J CC TZ OF FFn, FM prefix,
// TH/th suffix, "quoted text"). Parsing covers the common numeric fields,
// month names and AM/PM.
#include <cctype>
#include <cstdio>
#include <cstring>

#include "functions/datetime_util.h"
#include "functions/fn_util.h"
#include "types/datetime.h"

namespace upsertdb::fn {

namespace {

using namespace datetime;
using T = TypeId;

const char* const kMonths[] = {"January", "February", "March", "April", "May", "June", "July",
                               "August", "September", "October", "November", "December"};
const char* const kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

struct Parts {
  Fields f;
  bool is_interval = false;
  bool with_tz = false;
  int64_t total_hours = 0;   // intervals: HH24 may exceed 24
  int64_t interval_days = 0;
};

std::string cased(std::string name, int style) {   // 0 = Title, 1 = UPPER, 2 = lower
  for (char& c : name) {
    if (style == 1) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (style == 2) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name;
}

std::string ordinal_suffix(int64_t n, bool upper) {
  int64_t last2 = (n < 0 ? -n : n) % 100, last = last2 % 10;
  const char* s = (last2 >= 11 && last2 <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
  return upper ? cased(s, 1) : s;
}

std::string padded(int64_t v, int width, bool fill_mode) {
  char buf[32];
  if (fill_mode) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else if (v < 0) {
    std::snprintf(buf, sizeof buf, "-%0*lld", width, static_cast<long long>(-v));
  } else {
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  }
  return buf;
}

bool starts(std::string_view s, size_t i, std::string_view kw) { return s.substr(i, kw.size()) == kw; }
bool starts_ci(std::string_view s, size_t i, std::string_view kw) {
  if (s.size() - i < kw.size()) return false;
  for (size_t k = 0; k < kw.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(s[i + k])) != std::tolower(static_cast<unsigned char>(kw[k]))) return false;
  }
  return true;
}
// 0 = Title case, 1 = UPPER, 2 = lower, from how the pattern spells its first two letters.
int style_of(std::string_view s, size_t i) {
  bool first_upper = std::isupper(static_cast<unsigned char>(s[i]));
  bool second_upper = std::isupper(static_cast<unsigned char>(s[i + 1]));
  return !first_upper ? 2 : second_upper ? 1 : 0;
}

std::string to_char_impl(const Parts& p, std::string_view fmt) {
  const Fields& f = p.f;
  std::string out;
  int64_t year_bc = f.year > 0 ? f.year : 1 - f.year;   // display year (no year 0)
  int hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12;
  for (size_t i = 0; i < fmt.size();) {
    bool fm = false;
    if (starts_ci(fmt, i, "FM")) {
      fm = true;
      i += 2;
    }
    std::string piece;
    int64_t number = 0;
    bool numeric = false;
    size_t len = 0;
    auto num = [&](int64_t v, int width, size_t kwlen) {
      piece = padded(v, width, fm);
      number = v;
      numeric = true;
      len = kwlen;
    };
    auto word = [&](std::string w, size_t kwlen, bool pad9) {
      if (pad9 && !fm && w.size() < 9) w.append(9 - w.size(), ' ');
      piece = std::move(w);
      len = kwlen;
    };
    if (i >= fmt.size()) break;
    if (fmt[i] == '"') {
      for (++i; i < fmt.size() && fmt[i] != '"'; ++i) {
        if (fmt[i] == '\\' && i + 1 < fmt.size()) ++i;
        out += fmt[i];
      }
      ++i;
      continue;
    }
    if (starts_ci(fmt, i, "HH24")) num(p.is_interval ? p.total_hours : f.hour, 2, 4);
    else if (starts_ci(fmt, i, "HH12")) num(hour12, 2, 4);
    else if (starts_ci(fmt, i, "HH")) num(hour12, 2, 2);
    else if (starts_ci(fmt, i, "MI")) num(f.minute, 2, 2);
    else if (starts_ci(fmt, i, "SSSSS") || starts_ci(fmt, i, "SSSS"))
      num(f.hour * 3600 + f.minute * 60 + f.second, 0, starts_ci(fmt, i, "SSSSS") ? 5 : 4);
    else if (starts_ci(fmt, i, "SS")) num(f.second, 2, 2);
    else if (starts_ci(fmt, i, "MS")) num(f.micros / 1000, 3, 2);
    else if (starts_ci(fmt, i, "US")) num(f.micros, 6, 2);
    else if (starts_ci(fmt, i, "FF") && i + 2 < fmt.size() && fmt[i + 2] >= '1' && fmt[i + 2] <= '6') {
      int digits = fmt[i + 2] - '0';
      int64_t v = f.micros;
      for (int k = 6; k > digits; --k) v /= 10;
      num(v, digits, 3);
    } else if (starts(fmt, i, "AM") || starts(fmt, i, "PM")) word(f.hour >= 12 ? "PM" : "AM", 2, false);
    else if (starts(fmt, i, "am") || starts(fmt, i, "pm")) word(f.hour >= 12 ? "pm" : "am", 2, false);
    else if (starts(fmt, i, "A.M.") || starts(fmt, i, "P.M.")) word(f.hour >= 12 ? "P.M." : "A.M.", 4, false);
    else if (starts(fmt, i, "a.m.") || starts(fmt, i, "p.m.")) word(f.hour >= 12 ? "p.m." : "a.m.", 4, false);
    else if (starts_ci(fmt, i, "Y,YYY")) {
      piece = std::to_string(year_bc / 1000) + "," + padded(year_bc % 1000, 3, false);
      len = 5;
    } else if (starts_ci(fmt, i, "YYYY")) num(p.is_interval ? f.year : year_bc, 4, 4);
    else if (starts_ci(fmt, i, "YYY")) num(year_bc % 1000, 3, 3);
    else if (starts_ci(fmt, i, "YY")) num(year_bc % 100, 2, 2);
    else if (starts_ci(fmt, i, "IYYY") || starts_ci(fmt, i, "IYY") || starts_ci(fmt, i, "IY") ||
             (starts_ci(fmt, i, "I") && !starts_ci(fmt, i, "ID") && !starts_ci(fmt, i, "IW"))) {
      int64_t iy;
      int w;
      iso_week(f.days, &iy, &w);
      size_t n = starts_ci(fmt, i, "IYYY") ? 4 : starts_ci(fmt, i, "IYY") ? 3 : starts_ci(fmt, i, "IY") ? 2 : 1;
      int64_t mod = n == 4 ? 1000000 : n == 3 ? 1000 : n == 2 ? 100 : 10;
      num(iy % mod, static_cast<int>(n), n);
    } else if (starts_ci(fmt, i, "Y")) num(year_bc % 10, 1, 1);
    else if (starts(fmt, i, "BC") || starts(fmt, i, "AD")) word(f.year > 0 ? "AD" : "BC", 2, false);
    else if (starts(fmt, i, "bc") || starts(fmt, i, "ad")) word(f.year > 0 ? "ad" : "bc", 2, false);
    else if (starts(fmt, i, "B.C.") || starts(fmt, i, "A.D.")) word(f.year > 0 ? "A.D." : "B.C.", 4, false);
    else if (starts(fmt, i, "b.c.") || starts(fmt, i, "a.d.")) word(f.year > 0 ? "a.d." : "b.c.", 4, false);
    else if (starts_ci(fmt, i, "MONTH")) word(cased(kMonths[f.month - 1], style_of(fmt, i)), 5, true);
    else if (starts_ci(fmt, i, "MON")) word(cased(std::string(kMonths[f.month - 1], 3), style_of(fmt, i)), 3, false);
    else if (starts_ci(fmt, i, "MM")) num(f.month, 2, 2);
    else if (starts_ci(fmt, i, "DAY")) word(cased(kDays[iso_dow(f.days) % 7], style_of(fmt, i)), 3, true);
    else if (starts_ci(fmt, i, "DY")) word(cased(std::string(kDays[iso_dow(f.days) % 7], 3), style_of(fmt, i)), 2, false);
    else if (starts_ci(fmt, i, "DDD")) num(day_of_year(f), 3, 3);
    else if (starts_ci(fmt, i, "DD")) num(p.is_interval ? p.interval_days : f.day, 2, 2);
    else if (starts_ci(fmt, i, "D")) num(iso_dow(f.days) % 7 + 1, 1, 1);
    else if (starts_ci(fmt, i, "ID")) num(iso_dow(f.days), 1, 2);
    else if (starts_ci(fmt, i, "IW")) {
      int64_t iy;
      int w;
      iso_week(f.days, &iy, &w);
      num(w, 2, 2);
    } else if (starts_ci(fmt, i, "WW")) num((day_of_year(f) - 1) / 7 + 1, 2, 2);
    else if (starts_ci(fmt, i, "W")) num((f.day - 1) / 7 + 1, 1, 1);
    else if (starts_ci(fmt, i, "Q")) num((f.month - 1) / 3 + 1, 1, 1);
    else if (starts_ci(fmt, i, "CC")) num(f.year > 0 ? (f.year + 99) / 100 : -((99 - (f.year - 1)) / 100), 2, 2);
    else if (starts_ci(fmt, i, "J")) num(static_cast<int64_t>(f.days) + 2451545, 0, 1);
    else if (starts(fmt, i, "TZH")) word(p.with_tz ? "+00" : "", 3, false);
    else if (starts(fmt, i, "TZM")) word(p.with_tz ? "00" : "", 3, false);
    else if (starts(fmt, i, "TZ")) word(p.with_tz ? "UTC" : "", 2, false);
    else if (starts(fmt, i, "tz")) word(p.with_tz ? "utc" : "", 2, false);
    else if (starts(fmt, i, "OF")) word("+00", 2, false);
    if (len == 0) {
      if (fm) out += "";   // a lone FM prefix prints nothing
      out += fmt[i];
      ++i;
      continue;
    }
    i += len;
    out += piece;
    if (numeric && (starts(fmt, i, "TH") || starts(fmt, i, "th"))) {
      out += ordinal_suffix(number, fmt[i] == 'T');
      i += 2;
    }
  }
  return out;
}

Value to_char_ts(FunctionContext&, const Value* a, size_t) {
  int64_t ts = a[0].as_int();
  if (!is_finite_timestamp(ts)) return Value::null(T::kText);
  Parts p;
  p.f = split_timestamp(ts);
  p.with_tz = a[0].type() == T::kTimestampTz;
  return text(to_char_impl(p, str(a[1])));
}

Value to_char_interval(FunctionContext&, const Value* a, size_t) {
  const Interval& iv = a[0].as_interval();
  Parts p;
  p.is_interval = true;
  p.f.year = iv.months / 12;
  p.f.month = iv.months % 12;
  p.interval_days = iv.days;
  p.f.day = iv.days;
  p.total_hours = iv.micros / kMicrosPerHour;
  p.f.hour = static_cast<int>(p.total_hours % 24);
  p.f.minute = static_cast<int>(iv.micros / kMicrosPerMinute % 60);
  p.f.second = static_cast<int>(iv.micros / kMicrosPerSecond % 60);
  p.f.micros = static_cast<int>(iv.micros % kMicrosPerSecond);
  return text(to_char_impl(p, str(a[1])));
}

// ---- parsing -----------------------------------------------------------------

struct Parsed {
  int64_t year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
  bool pm = false, has_ampm = false, bc = false;
};

int64_t read_int(std::string_view in, size_t& pos, int max_digits, const char* field) {
  while (pos < in.size() && in[pos] == ' ') ++pos;
  size_t start = pos;
  bool neg = pos < in.size() && in[pos] == '-';
  if (neg) ++pos;
  size_t digits_start = pos;
  while (pos < in.size() && std::isdigit(static_cast<unsigned char>(in[pos])) &&
         (max_digits <= 0 || static_cast<int>(pos - digits_start) < max_digits)) {
    ++pos;
  }
  if (pos == digits_start) {
    size_t end = start;
    while (end < in.size() && !std::isspace(static_cast<unsigned char>(in[end])) && end - start < static_cast<size_t>(std::max(max_digits, 1))) ++end;
    throw DbError(sqlstate::kInvalidDatetimeFormat,
                  "invalid value \"" + std::string(in.substr(start, std::max<size_t>(end - start, 1))) + "\" for \"" + field + "\"")
        .detail("Value must be an integer.");
  }
  // A digit run that stops at a non-separator (e.g. "20x0" for YYYY) is malformed.
  int64_t v = std::stoll(std::string(in.substr(digits_start, pos - digits_start)));
  return neg ? -v : v;
}

Parsed parse_with_format(std::string_view in, std::string_view fmt) {
  Parsed r;
  size_t pos = 0;
  auto match_name = [&](const char* const* names, int count, size_t abbrev, const char* field) -> int {
    for (int k = 0; k < count; ++k) {
      std::string full = names[k];
      if (abbrev == 0 && starts_ci(in, pos, full)) {
        pos += full.size();
        return k;
      }
      if (abbrev && starts_ci(in, pos, full.substr(0, abbrev))) {
        pos += abbrev;
        return k;
      }
    }
    throw DbError(sqlstate::kInvalidDatetimeFormat,
                  "invalid value \"" + std::string(in.substr(pos, abbrev ? abbrev : 9)) + "\" for \"" + field + "\"")
        .detail("The given value did not match any of the allowed values for this field.");
  };
  for (size_t i = 0; i < fmt.size();) {
    if (starts_ci(fmt, i, "FM")) {
      i += 2;
      continue;
    }
    if (starts_ci(fmt, i, "YYYY")) { r.year = read_int(in, pos, 0, "YYYY"); i += 4; }
    else if (starts_ci(fmt, i, "HH24")) { r.hour = read_int(in, pos, 2, "HH24"); i += 4; }
    else if (starts_ci(fmt, i, "HH12")) { r.hour = read_int(in, pos, 2, "HH12"); i += 4; }
    else if (starts_ci(fmt, i, "HH")) { r.hour = read_int(in, pos, 2, "HH"); i += 2; }
    else if (starts_ci(fmt, i, "MI")) { r.minute = read_int(in, pos, 2, "MI"); i += 2; }
    else if (starts_ci(fmt, i, "SS")) { r.second = read_int(in, pos, 2, "SS"); i += 2; }
    else if (starts_ci(fmt, i, "MS")) {
      size_t start = pos;
      int64_t v = read_int(in, pos, 3, "MS");
      for (size_t k = pos - start; k < 3; ++k) v *= 10;
      r.micros = v * 1000;
      i += 2;
    } else if (starts_ci(fmt, i, "US")) {
      size_t start = pos;
      int64_t v = read_int(in, pos, 6, "US");
      for (size_t k = pos - start; k < 6; ++k) v *= 10;
      r.micros = v;
      i += 2;
    } else if (starts_ci(fmt, i, "MONTH")) { r.month = match_name(kMonths, 12, 0, "MONTH") + 1; i += 5; }
    else if (starts_ci(fmt, i, "MON")) { r.month = match_name(kMonths, 12, 3, "MON") + 1; i += 3; }
    else if (starts_ci(fmt, i, "MM")) { r.month = read_int(in, pos, 2, "MM"); i += 2; }
    else if (starts_ci(fmt, i, "DAY")) { match_name(kDays, 7, 0, "DAY"); i += 3; }
    else if (starts_ci(fmt, i, "DY")) { match_name(kDays, 7, 3, "DY"); i += 2; }
    else if (starts_ci(fmt, i, "DD")) { r.day = read_int(in, pos, 2, "DD"); i += 2; }
    else if (starts_ci(fmt, i, "AM") || starts_ci(fmt, i, "PM")) {
      if (starts_ci(in, pos, "AM") || starts_ci(in, pos, "PM")) {
        r.pm = starts_ci(in, pos, "PM");
        r.has_ampm = true;
        pos += 2;
      }
      i += 2;
    } else if (starts_ci(fmt, i, "BC") || starts_ci(fmt, i, "AD")) {
      if (starts_ci(in, pos, "BC") || starts_ci(in, pos, "AD")) {
        r.bc = starts_ci(in, pos, "BC");
        pos += 2;
      }
      i += 2;
    } else if (starts_ci(fmt, i, "YY")) { r.year = 2000 + read_int(in, pos, 2, "YY"); i += 2; }
    else {
      // Separators and literal characters in the template skip one input character.
      if (fmt[i] == ' ') {
        while (pos < in.size() && in[pos] == ' ') ++pos;
      } else if (pos < in.size() && !std::isalnum(static_cast<unsigned char>(in[pos]))) {
        ++pos;
      }
      ++i;
    }
  }
  if (r.has_ampm) {
    if (r.hour < 1 || r.hour > 12) {
      throw DbError(sqlstate::kInvalidDatetimeFormat,
                    "hour \"" + std::to_string(r.hour) + "\" is invalid for the 12-hour clock")
          .hint("Use the 24-hour clock, or give an hour between 1 and 12.");
    }
    r.hour = r.hour % 12 + (r.pm ? 12 : 0);
  }
  return r;
}

int32_t parsed_date(const Parsed& r, std::string_view input) {
  int64_t year = r.bc ? 1 - r.year : r.year;
  if (!valid_civil_date(year, static_cast<int>(r.month), static_cast<int>(r.day)) || r.month < 1 || r.month > 12) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "date/time field value out of range: \"" + std::string(input) + "\"");
  }
  return days_from_civil(year, static_cast<int>(r.month), static_cast<int>(r.day));
}

Value to_date(FunctionContext&, const Value* a, size_t) {
  Parsed r = parse_with_format(str(a[0]), str(a[1]));
  return Value::date(parsed_date(r, str(a[0])));
}

Value to_timestamp_text(FunctionContext&, const Value* a, size_t) {
  Parsed r = parse_with_format(str(a[0]), str(a[1]));
  int32_t days = parsed_date(r, str(a[0]));
  if (r.hour > 24 || r.minute > 59 || r.second > 60) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "date/time field value out of range: \"" + str(a[0]) + "\"");
  }
  int64_t time = ((r.hour * 60 + r.minute) * 60 + r.second) * kMicrosPerSecond + r.micros;
  return Value::timestamptz(static_cast<int64_t>(days) * kMicrosPerDay + time);
}

}  // namespace

void register_datetime_format_functions(Registry& r) {
  const Volatility S = Volatility::kStable;
  r.add("to_char", {T::kTimestamp, T::kText}, T::kText, to_char_ts, S);
  r.add("to_char", {T::kTimestampTz, T::kText}, T::kText, to_char_ts, S);
  r.add("to_char", {T::kInterval, T::kText}, T::kText, to_char_interval, S);
  r.add("to_date", {T::kText, T::kText}, T::kDate, to_date, S);
  r.add("to_timestamp", {T::kText, T::kText}, T::kTimestampTz, to_timestamp_text, S);
}

}  // namespace upsertdb::fn
