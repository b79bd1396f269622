// Interval text forms: PostgreSQL's verbose input ('1 year 2 mons', '2 hours
// 30 minutes', '3 days 04:00', '@ 1 day ago', '1.5 days'), ISO 8601
// ('P1Y2M3DT4H5M6S') and IntervalStyle postgres output
// ("1 year 2 mons 3 days 04:05:06", "-1 days +02:00:00").
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/error.h"
#include "types/datetime.h"

namespace upsertdb::datetime {

namespace {

enum Unit { kNoUnit, kMicro, kMilli, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kYear, kDecade, kCentury, kMillennium };

Unit unit_from_word(const std::string& w) {
  struct U { const char* name; Unit unit; };
  static const U kUnits[] = {
      {"microsecond", kMicro}, {"microseconds", kMicro}, {"microsecon", kMicro}, {"us", kMicro}, {"usec", kMicro},
      {"usecs", kMicro}, {"useconds", kMicro}, {"usecond", kMicro},
      {"millisecond", kMilli}, {"milliseconds", kMilli}, {"millisecon", kMilli}, {"ms", kMilli}, {"msec", kMilli},
      {"msecs", kMilli}, {"mseconds", kMilli}, {"msecond", kMilli},
      {"second", kSecond}, {"seconds", kSecond}, {"sec", kSecond}, {"secs", kSecond}, {"s", kSecond},
      {"minute", kMinute}, {"minutes", kMinute}, {"min", kMinute}, {"mins", kMinute}, {"m", kMinute},
      {"hour", kHour}, {"hours", kHour}, {"hr", kHour}, {"hrs", kHour}, {"h", kHour},
      {"day", kDay}, {"days", kDay}, {"d", kDay},
      {"week", kWeek}, {"weeks", kWeek}, {"w", kWeek},
      {"month", kMonth}, {"months", kMonth}, {"mon", kMonth}, {"mons", kMonth},
      {"year", kYear}, {"years", kYear}, {"yr", kYear}, {"yrs", kYear}, {"y", kYear},
      {"decade", kDecade}, {"decades", kDecade}, {"dec", kDecade}, {"decs", kDecade},
      {"century", kCentury}, {"centuries", kCentury}, {"cent", kCentury}, {"c", kCentury},
      {"millennium", kMillennium}, {"millennia", kMillennium}, {"mil", kMillennium}, {"mils", kMillennium},
  };
  for (const auto& u : kUnits) {
    if (w == u.name) return u.unit;
  }
  return kNoUnit;
}

struct Accum {
  long double months = 0;   // whole months only after adjust
  int64_t months_i = 0;
  int64_t days = 0;
  long double micros = 0;
  unsigned seen = 0;

  // Adds value (with its fraction) of `unit`, cascading fractions the way
  // PostgreSQL's DecodeInterval does (fractional months -> 30-day days ...).
  bool add(Unit unit, long double v) {
    unsigned bit = 1u << unit;
    if (seen & bit) return false;
    seen |= bit;
    long double ip = std::trunc(v), fp = v - ip;
    switch (unit) {
      case kMicro: micros += v; break;
      case kMilli: micros += v * 1000; break;
      case kSecond: micros += v * 1e6L; break;
      case kMinute: micros += v * 6e7L; break;
      case kHour: micros += v * 3.6e9L; break;
      case kDay: days += static_cast<int64_t>(ip); micros += fp * 86400e6L; break;
      case kWeek: fract_days(ip * 7, fp * 7); break;
      case kMonth: months_i += static_cast<int64_t>(ip); fract_days(0, fp * 30); break;
      case kYear: months_i += static_cast<int64_t>(ip) * 12 + static_cast<int64_t>(std::rint(fp * 12)); break;
      case kDecade: months_i += static_cast<int64_t>(ip) * 120 + static_cast<int64_t>(std::rint(fp * 120)); break;
      case kCentury: months_i += static_cast<int64_t>(ip) * 1200 + static_cast<int64_t>(std::rint(fp * 1200)); break;
      case kMillennium: months_i += static_cast<int64_t>(ip) * 12000 + static_cast<int64_t>(std::rint(fp * 12000)); break;
      case kNoUnit: return false;
    }
    return true;
  }
  void fract_days(long double whole_days, long double frac_days) {
    long double all = whole_days + frac_days;
    long double id = std::trunc(all);
    days += static_cast<int64_t>(id);
    micros += (all - id) * 86400e6L;
  }
};

class IntervalParser {
 public:
  explicit IntervalParser(std::string_view text) : text_(text) {
    size_t b = 0, e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    s_ = std::string(text.substr(b, e - b));
    for (auto& c : s_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }

  Interval parse() {
    if (s_.empty()) bad();
    if (s_[0] == 'p') return parse_iso();
    size_t i = 0;
    if (s_[0] == '@') ++i;
    bool ago = false;
    while (true) {
      skip_space(i);
      if (i >= s_.size()) break;
      char c = s_[i];
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.') {
        size_t start = i;
        if (c == '+' || c == '-') ++i;
        size_t num_start = i;
        while (i < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i])) || s_[i] == '.')) ++i;
        if (i == num_start) bad();
        if (i < s_.size() && s_[i] == ':') {
          parse_time_field(start, i);
          continue;
        }
        long double v = std::strtold(s_.substr(start, i - start).c_str(), nullptr);
        size_t save = i;
        skip_space(i);
        size_t wstart = i;
        while (i < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i]))) ++i;
        std::string word = s_.substr(wstart, i - wstart);
        Unit u = word.empty() ? kNoUnit : unit_from_word(word);
        if (word.empty()) {
          // A bare number is seconds (only as the last field).
          i = save;
          skip_space(i);
          if (i < s_.size()) bad();
          u = kSecond;
        } else if (u == kNoUnit) {
          bad();
        }
        if (!acc_.add(u, v)) bad();
        continue;
      }
      if (std::isalpha(static_cast<unsigned char>(c))) {
        size_t wstart = i;
        while (i < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i]))) ++i;
        std::string word = s_.substr(wstart, i - wstart);
        if (word == "ago" && !ago) {
          ago = true;
          skip_space(i);
          if (i < s_.size()) bad();
          continue;
        }
        bad();
      }
      bad();
    }
    if (acc_.seen == 0) bad();
    Interval r = finish();
    return ago ? interval_negate(r) : r;
  }

 private:
  [[noreturn]] void bad() const {
    throw_error(sqlstate::kInvalidDatetimeFormat,
                "invalid input syntax for type interval: \"" + std::string(text_) + "\"");
  }
  [[noreturn]] void out_of_range() const {
    throw_error(sqlstate::kDatetimeFieldOverflow, "interval field value out of range: \"" + std::string(text_) + "\"");
  }
  void skip_space(size_t& i) const {
    while (i < s_.size() && (std::isspace(static_cast<unsigned char>(s_[i])) || s_[i] == ',')) ++i;
  }

  // [+-]h:m[:s[.f]] starting at `start`; `i` points at the first ':'.
  void parse_time_field(size_t start, size_t& i) {
    bool neg = s_[start] == '-';
    size_t p = start + ((s_[start] == '+' || s_[start] == '-') ? 1 : 0);
    std::string hours = s_.substr(p, i - p);
    if (hours.find('.') != std::string::npos) bad();
    ++i;
    size_t ms = i;
    while (i < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i]))) ++i;
    if (i == ms) bad();
    std::string minutes = s_.substr(ms, i - ms);
    std::string seconds = "0";
    if (i < s_.size() && s_[i] == ':') {
      ++i;
      size_t ss = i;
      while (i < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i])) || s_[i] == '.')) ++i;
      if (i == ss) bad();
      seconds = s_.substr(ss, i - ss);
    }
    long double h = std::strtold(hours.c_str(), nullptr), m = std::strtold(minutes.c_str(), nullptr),
                sec = std::strtold(seconds.c_str(), nullptr);
    if (m > 59 || sec >= 60) out_of_range();
    long double total = h * 3.6e9L + m * 6e7L + sec * 1e6L;
    if (acc_.seen & ((1u << kHour) | (1u << kMinute) | (1u << kSecond))) bad();
    acc_.seen |= (1u << kHour) | (1u << kMinute) | (1u << kSecond);
    acc_.micros += neg ? -total : total;
  }

  Interval parse_iso() {
    size_t i = 1;
    bool in_time = false;
    bool any = false;
    while (i < s_.size()) {
      if (s_[i] == 't') {
        if (in_time) bad();
        in_time = true;
        ++i;
        continue;
      }
      size_t start = i;
      if (s_[i] == '-' || s_[i] == '+') ++i;
      while (i < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i])) || s_[i] == '.')) ++i;
      if (i == start || i >= s_.size()) bad();
      long double v = std::strtold(s_.substr(start, i - start).c_str(), nullptr);
      char u = s_[i++];
      Unit unit = kNoUnit;
      if (!in_time) {
        unit = u == 'y' ? kYear : u == 'm' ? kMonth : u == 'w' ? kWeek : u == 'd' ? kDay : kNoUnit;
      } else {
        unit = u == 'h' ? kHour : u == 'm' ? kMinute : u == 's' ? kSecond : kNoUnit;
      }
      if (unit == kNoUnit || !acc_.add(unit, v)) bad();
      any = true;
    }
    if (!any) bad();
    return finish();
  }

  Interval finish() {
    long double micros = std::rint(acc_.micros);
    if (acc_.months_i > INT32_MAX || acc_.months_i < INT32_MIN || acc_.days > INT32_MAX || acc_.days < INT32_MIN ||
        micros > 9.2e18L || micros < -9.2e18L) {
      out_of_range();
    }
    Interval r;
    r.months = static_cast<int32_t>(acc_.months_i);
    r.days = static_cast<int32_t>(acc_.days);
    r.micros = static_cast<int64_t>(micros);
    return r;
  }

  std::string_view text_;
  std::string s_;
  Accum acc_;
};

void add_int_part(std::string& out, int64_t value, const char* unit, bool* is_zero, bool* is_before) {
  if (value == 0) return;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%s%lld %s%s", *is_zero ? "" : " ", (*is_before && value > 0) ? "+" : "",
                static_cast<long long>(value), unit, value != 1 ? "s" : "");
  out += buf;
  // Each non-zero field decides whether the next positive one gets a '+'.
  *is_before = value < 0;
  *is_zero = false;
}

}  // namespace

Interval parse_interval(std::string_view text) { return IntervalParser(text).parse(); }

std::string format_interval(const Interval& iv) {
  std::string out;
  bool is_zero = true, is_before = false;
  add_int_part(out, iv.months / 12, "year", &is_zero, &is_before);
  add_int_part(out, iv.months % 12, "mon", &is_zero, &is_before);
  add_int_part(out, iv.days, "day", &is_zero, &is_before);
  int64_t t = iv.micros;
  if (is_zero || t != 0) {
    bool minus = t < 0;
    uint64_t a = minus ? 0 - static_cast<uint64_t>(t) : static_cast<uint64_t>(t);
    uint64_t hours = a / kMicrosPerHour, minutes = a / kMicrosPerMinute % 60;
    uint64_t secs = a / kMicrosPerSecond % 60, frac = a % kMicrosPerSecond;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s%s%02llu:%02llu:%02llu", is_zero ? "" : " ",
                  minus ? "-" : (is_before ? "+" : ""), static_cast<unsigned long long>(hours),
                  static_cast<unsigned long long>(minutes), static_cast<unsigned long long>(secs));
    out += buf;
    if (frac) {
      std::snprintf(buf, sizeof buf, ".%06llu", static_cast<unsigned long long>(frac));
      std::string f = buf;
      while (f.back() == '0') f.pop_back();
      out += f;
    }
  }
  return out;
}

}  // namespace upsertdb::datetime
