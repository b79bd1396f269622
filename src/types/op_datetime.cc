// Date/time arithmetic operators (PostgreSQL's date_pli, timestamp_pl_interval ...).
#include "common/error.h"
#include "types/datetime.h"
#include "types/op_impl.h"

namespace upsertdb::ops {

namespace dt = datetime;

namespace {
int32_t date_of(const Value& v) { return static_cast<int32_t>(v.as_int()); }
Value same_ts(const Value& like, int64_t ts) { return Value::integer(like.type(), ts); }
int64_t date_ts(const Value& d) { return dt::date_to_timestamp(date_of(d)); }
}  // namespace

Value date_plus_int(const Value& a, const Value& b) { return Value::date(dt::date_add_days(date_of(a), b.as_int())); }
Value int_plus_date(const Value& a, const Value& b) { return date_plus_int(b, a); }
Value date_minus_int(const Value& a, const Value& b) { return Value::date(dt::date_add_days(date_of(a), -b.as_int())); }
Value date_minus_date(const Value& a, const Value& b) {
  if (!dt::is_finite_date(date_of(a)) || !dt::is_finite_date(date_of(b))) {
    throw_error(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite dates");
  }
  return Value::int4(date_of(a) - date_of(b));
}
Value date_plus_interval(const Value& a, const Value& b) {
  return Value::timestamp(dt::timestamp_add_interval(date_ts(a), b.as_interval()));
}
Value interval_plus_date(const Value& a, const Value& b) { return date_plus_interval(b, a); }
Value date_minus_interval(const Value& a, const Value& b) {
  return Value::timestamp(dt::timestamp_add_interval(date_ts(a), dt::interval_negate(b.as_interval())));
}
Value date_plus_time(const Value& a, const Value& b) {
  int64_t ts = date_ts(a);
  if (!dt::is_finite_timestamp(ts)) return Value::timestamp(ts);
  return Value::timestamp(ts + b.as_int());
}
Value time_plus_date(const Value& a, const Value& b) { return date_plus_time(b, a); }
Value ts_plus_interval(const Value& a, const Value& b) {
  return same_ts(a, dt::timestamp_add_interval(a.as_int(), b.as_interval()));
}
Value interval_plus_ts(const Value& a, const Value& b) { return ts_plus_interval(b, a); }
Value ts_minus_interval(const Value& a, const Value& b) {
  return same_ts(a, dt::timestamp_add_interval(a.as_int(), dt::interval_negate(b.as_interval())));
}
Value ts_minus_ts(const Value& a, const Value& b) { return Value::interval(dt::timestamp_diff(a.as_int(), b.as_int())); }
Value time_plus_interval(const Value& a, const Value& b) { return Value::time(dt::time_add_interval(a.as_int(), b.as_interval())); }
Value interval_plus_time(const Value& a, const Value& b) { return time_plus_interval(b, a); }
Value time_minus_interval(const Value& a, const Value& b) {
  return Value::time(dt::time_add_interval(a.as_int(), dt::interval_negate(b.as_interval())));
}
Value time_minus_time(const Value& a, const Value& b) {
  Interval iv;
  iv.micros = a.as_int() - b.as_int();
  return Value::interval(iv);
}
Value interval_plus(const Value& a, const Value& b) { return Value::interval(dt::interval_add(a.as_interval(), b.as_interval())); }
Value interval_minus(const Value& a, const Value& b) {
  return Value::interval(dt::interval_add(a.as_interval(), dt::interval_negate(b.as_interval())));
}
Value interval_times(const Value& a, const Value& b) { return Value::interval(dt::interval_mul(a.as_interval(), b.as_float())); }
Value times_interval(const Value& a, const Value& b) { return interval_times(b, a); }
Value interval_divide(const Value& a, const Value& b) { return Value::interval(dt::interval_div(a.as_interval(), b.as_float())); }
Value interval_neg(const Value& a) { return Value::interval(dt::interval_negate(a.as_interval())); }

}  // namespace upsertdb::ops
