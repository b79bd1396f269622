// Text input for date, time, timestamp and timestamptz. A small scanner picks
// the fields PostgreSQL's ParseDateTime understands in practice: ISO dates
// (2024-01-02, 20240102), MDY dates (01/02/2024), month names (Jan 2 2024),
// times (03:04:05.123, 3:04 pm), the ISO 'T' separator, zone offsets (+02,
// +05:30, Z, UTC), BC/AD and the special words (epoch, infinity, now, today ...).
#include <cctype>
#include <string>
#include <vector>

#include "common/error.h"
#include "types/datetime.h"

namespace upsertdb::datetime {

namespace {

struct Fields {
  bool have_date = false;
  int64_t year = 0;
  int month = 0, day = 0;
  bool bc = false;
  bool have_time = false;
  int hour = 0, minute = 0, second = 0;
  int64_t frac_micros = 0;
  int ampm = 0;                 // 1 am, 2 pm
  bool have_tz = false;
  int64_t tz_seconds = 0;       // offset east of UTC
};

enum class Special { kNone, kEpoch, kInfinity, kNegInfinity, kNow, kToday, kTomorrow, kYesterday, kAllballs };

class Input {
 public:
  Input(std::string_view text, const char* type_name) : text_(text), type_name_(type_name) {}

  [[noreturn]] void bad_format() const {
    throw_error(sqlstate::kInvalidDatetimeFormat,
                "invalid input syntax for type " + std::string(type_name_) + ": \"" + std::string(text_) + "\"");
  }
  [[noreturn]] void out_of_range(bool datestyle_hint = false) const {
    DbError e(sqlstate::kDatetimeFieldOverflow, "date/time field value out of range: \"" + std::string(text_) + "\"");
    if (datestyle_hint) e.hint("Perhaps you need a different \"datestyle\" setting.");
    throw e;
  }

  std::string_view text_;
  const char* type_name_;
};

std::string lower_trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string r(s.substr(b, e - b));
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

Special special_word(const std::string& s) {
  if (s == "epoch") return Special::kEpoch;
  if (s == "infinity" || s == "+infinity") return Special::kInfinity;
  if (s == "-infinity") return Special::kNegInfinity;
  if (s == "now") return Special::kNow;
  if (s == "today") return Special::kToday;
  if (s == "tomorrow") return Special::kTomorrow;
  if (s == "yesterday") return Special::kYesterday;
  if (s == "allballs") return Special::kAllballs;
  return Special::kNone;
}

int month_from_name(const std::string& w) {
  static const char* kFull[] = {"january", "february", "march", "april", "may", "june",
                                "july", "august", "september", "october", "november", "december"};
  for (int i = 0; i < 12; ++i) {
    std::string full = kFull[i];
    if (w == full || w == full.substr(0, 3)) return i + 1;
  }
  if (w == "sept") return 9;
  return 0;
}

bool is_day_name(const std::string& w) {
  static const char* kDays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  for (const char* d : kDays) {
    std::string full = d;
    if (w == full || w == full.substr(0, 3)) return true;
  }
  return w == "tues" || w == "wednes" || w == "thur" || w == "thurs";
}

int64_t parse_digits(std::string_view d) {
  int64_t v = 0;
  for (char c : d) {
    v = v * 10 + (c - '0');
    if (v > 100000000000LL) return v;   // absurd; range checks reject it
  }
  return v;
}

// Fraction digits after '.', rounded to microseconds.
int64_t fraction_micros(std::string_view digits) {
  int64_t v = 0;
  for (size_t i = 0; i < 6; ++i) v = v * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  if (digits.size() > 6 && digits[6] >= '5') ++v;
  return v;
}

Fields scan(const std::string& s, const Input& in) {
  Fields f;
  std::vector<std::string> bare_numbers;
  size_t i = 0, n = s.size();
  auto digits_at = [&](size_t& p) {
    size_t start = p;
    while (p < n && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
    return std::string_view(s).substr(start, p - start);
  };
  auto read_time = [&](std::string_view hour_digits) {
    if (f.have_time) in.bad_format();
    f.have_time = true;
    f.hour = static_cast<int>(parse_digits(hour_digits));
    ++i;   // ':'
    auto mi = digits_at(i);
    if (mi.empty()) in.bad_format();
    f.minute = static_cast<int>(parse_digits(mi));
    if (i < n && s[i] == ':') {
      ++i;
      auto sec = digits_at(i);
      if (sec.empty()) in.bad_format();
      f.second = static_cast<int>(parse_digits(sec));
      if (i < n && s[i] == '.') {
        ++i;
        f.frac_micros = fraction_micros(digits_at(i));
      }
    } else if (i < n && s[i] == '.') {
      // mm:ss.fff is not how PostgreSQL reads h:m.f; keep it an error.
      in.bad_format();
    }
  };
  while (i < n) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
      ++i;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      auto d1 = digits_at(i);
      char sep = i < n ? s[i] : '\0';
      if ((sep == '-' || sep == '/') && !f.have_date && i + 1 < n &&
          std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
        ++i;
        auto d2 = digits_at(i);
        if (i >= n || s[i] != sep) in.bad_format();
        ++i;
        auto d3 = digits_at(i);
        if (d2.empty() || d3.empty()) in.bad_format();
        f.have_date = true;
        if (d1.size() >= 3) {   // Y-M-D
          f.year = parse_digits(d1);
          f.month = static_cast<int>(parse_digits(d2));
          f.day = static_cast<int>(parse_digits(d3));
        } else {                // DateStyle MDY
          f.month = static_cast<int>(parse_digits(d1));
          f.day = static_cast<int>(parse_digits(d2));
          f.year = parse_digits(d3);
          if (d3.size() <= 2) f.year += f.year < 70 ? 2000 : 1900;
        }
        continue;
      }
      if (sep == ':') {
        read_time(d1);
        continue;
      }
      if (!f.have_date && d1.size() == 8 && bare_numbers.empty()) {
        f.have_date = true;
        f.year = parse_digits(d1.substr(0, 4));
        f.month = static_cast<int>(parse_digits(d1.substr(4, 2)));
        f.day = static_cast<int>(parse_digits(d1.substr(6, 2)));
        continue;
      }
      if (sep == '.') in.bad_format();
      bare_numbers.emplace_back(d1);
      continue;
    }
    if ((c == '+' || c == '-') && (f.have_time || f.have_date) && i + 1 < n &&
        std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      if (f.have_tz) in.bad_format();
      ++i;
      auto hh = digits_at(i);
      int64_t h, m = 0, sec = 0;
      if (hh.size() == 4) {
        h = parse_digits(hh.substr(0, 2));
        m = parse_digits(hh.substr(2, 2));
      } else if (hh.size() <= 2) {
        h = parse_digits(hh);
        if (i < n && s[i] == ':') {
          ++i;
          auto mm = digits_at(i);
          if (mm.empty()) in.bad_format();
          m = parse_digits(mm);
          if (i < n && s[i] == ':') {
            ++i;
            auto ss = digits_at(i);
            if (ss.empty()) in.bad_format();
            sec = parse_digits(ss);
          }
        }
      } else {
        in.bad_format();
      }
      if (h >= 16 || m >= 60 || sec >= 60) in.out_of_range();
      f.have_tz = true;
      f.tz_seconds = (c == '-' ? -1 : 1) * (h * 3600 + m * 60 + sec);
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      if (c == 't' && f.have_date && !f.have_time && i + 1 < n && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
        ++i;   // ISO 8601 date/time separator
        continue;
      }
      size_t start = i;
      while (i < n && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      std::string w = s.substr(start, i - start);
      if (w == "a.m." ) w = "am";
      if (w == "p.m.") w = "pm";
      if (int m = month_from_name(w)) {
        if (f.have_date || f.month) in.bad_format();
        f.month = m;
      } else if (is_day_name(w)) {
        // ignored, as PostgreSQL does
      } else if (w == "am" || w == "pm") {
        f.ampm = w == "am" ? 1 : 2;
      } else if (w == "bc") {
        f.bc = true;
      } else if (w == "ad") {
      } else if (w == "z" || w == "zulu" || w == "utc" || w == "gmt" || w == "ut") {
        if (f.have_tz) in.bad_format();
        f.have_tz = true;
        f.tz_seconds = 0;
      } else {
        in.bad_format();
      }
      continue;
    }
    in.bad_format();
  }
  // Textual month: the remaining bare numbers are day then year.
  if (f.month && !f.have_date) {
    if (bare_numbers.size() != 2) in.bad_format();
    std::string_view a = bare_numbers[0], b = bare_numbers[1];
    if (a.size() >= 3 || parse_digits(a) > 31) std::swap(a, b);   // "2024 Jan 2"
    f.day = static_cast<int>(parse_digits(a));
    f.year = parse_digits(b);
    if (b.size() <= 2) f.year += f.year < 70 ? 2000 : 1900;
    f.have_date = true;
  } else if (!bare_numbers.empty()) {
    in.bad_format();
  }
  return f;
}

void check_time(Fields& f, const Input& in) {
  if (f.ampm) {
    if (f.hour < 0 || f.hour > 12) in.out_of_range();
    if (f.ampm == 1 && f.hour == 12) f.hour = 0;
    if (f.ampm == 2 && f.hour != 12) f.hour += 12;
  }
  if (f.hour < 0 || f.hour > 24 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60 ||
      (f.hour == 24 && (f.minute != 0 || f.second != 0 || f.frac_micros != 0))) {
    in.out_of_range();
  }
}

int32_t date_of(Fields& f, const Input& in) {
  if (f.bc) {
    if (f.year <= 0) in.out_of_range();
    f.year = 1 - f.year;
  } else if (f.year == 0) {
    in.out_of_range();
  }
  if (f.month < 1 || f.month > 12) in.out_of_range(true);
  if (f.day < 1 || f.day > days_in_month(f.year, f.month)) in.out_of_range();
  if (f.year < -4713 || f.year > 5874897 || (f.year == -4713 && (f.month < 11 || (f.month == 11 && f.day < 24)))) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "date out of range: \"" + std::string(in.text_) + "\"");
  }
  return days_from_civil(f.year, f.month, f.day);
}

int64_t time_of(const Fields& f) {
  return f.hour * kMicrosPerHour + f.minute * kMicrosPerMinute + f.second * kMicrosPerSecond + f.frac_micros;
}

int32_t today() { return timestamp_to_date(now_micros()); }

}  // namespace

int32_t parse_date(std::string_view text) {
  Input in(text, "date");
  std::string s = lower_trim(text);
  switch (special_word(s)) {
    case Special::kEpoch: return days_from_civil(1970, 1, 1);
    case Special::kInfinity: return kDatePosInfinity;
    case Special::kNegInfinity: return kDateNegInfinity;
    case Special::kNow:
    case Special::kToday: return today();
    case Special::kTomorrow: return today() + 1;
    case Special::kYesterday: return today() - 1;
    default: break;
  }
  Fields f = scan(s, in);
  if (!f.have_date) in.bad_format();
  if (f.have_time) check_time(f, in);
  return date_of(f, in);
}

int64_t parse_time(std::string_view text, int32_t typmod) {
  Input in(text, "time");
  std::string s = lower_trim(text);
  Special sp = special_word(s);
  if (sp == Special::kAllballs) return 0;
  if (sp == Special::kNow) return round_to_precision(timestamp_to_time(now_micros()), typmod);
  Fields f = scan(s, in);
  if (!f.have_time) in.bad_format();
  check_time(f, in);
  int64_t t = round_to_precision(time_of(f), typmod);
  if (t > kMicrosPerDay) in.out_of_range();
  return t;
}

int64_t parse_timestamp(std::string_view text, bool with_tz, int32_t typmod) {
  Input in(text, with_tz ? "timestamp with time zone" : "timestamp");
  std::string s = lower_trim(text);
  switch (special_word(s)) {
    case Special::kEpoch: return date_to_timestamp(days_from_civil(1970, 1, 1));
    case Special::kInfinity: return kTimestampPosInfinity;
    case Special::kNegInfinity: return kTimestampNegInfinity;
    case Special::kNow: return round_to_precision(now_micros(), typmod);
    case Special::kToday: return date_to_timestamp(today());
    case Special::kTomorrow: return date_to_timestamp(today() + 1);
    case Special::kYesterday: return date_to_timestamp(today() - 1);
    default: break;
  }
  Fields f = scan(s, in);
  if (!f.have_date) in.bad_format();
  if (f.have_time) check_time(f, in);
  int32_t days = date_of(f, in);
  __int128 ts = static_cast<__int128>(days) * kMicrosPerDay + time_of(f);
  if (with_tz && f.have_tz) ts -= static_cast<__int128>(f.tz_seconds) * kMicrosPerSecond;
  if (ts < static_cast<__int128>(days_from_civil(-4713, 11, 24)) * kMicrosPerDay ||
      ts >= static_cast<__int128>(days_from_civil(294277, 1, 1)) * kMicrosPerDay) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range: \"" + std::string(text) + "\"");
  }
  return round_to_precision(static_cast<int64_t>(ts), typmod);
}

}  // namespace upsertdb::datetime
