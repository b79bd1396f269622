// generate_series(start, stop [, step]) over integers, numeric, and
// timestamps stepped by an interval. NULL arguments give no rows; a zero
// step is PostgreSQL's 22023 error. Integer series stop before overflowing.
#include "common/error.h"
#include "exec/operator.h"
#include "exec/set_functions.h"
#include "types/coerce.h"
#include "types/datetime.h"
#include "types/numeric.h"

namespace upsertdb {

namespace {

[[noreturn]] void zero_step() { throw DbError(sqlstate::kInvalidParameterValue, "step size cannot equal zero"); }

TypeId series_type(const GenerateSeriesOp& op) {
  if (!op.columns.empty()) return op.columns[0].type.id;
  return op.args[0]->type.id;
}

}  // namespace

void GenerateSeriesOp::open(ExecContext& ctx) {
  static const Row kEmpty;
  done_ = true;
  ordinal_ = 0;
  std::vector<Value> v;
  for (const auto& a : args) v.push_back(a->eval(kEmpty, ctx));
  if (function != "generate_series") {
    rows_ = expand_set_function(function, v);
    pos_ = 0;
    done_ = false;
    return;
  }
  for (const Value& x : v)
    if (x.is_null()) return;
  const TypeId t = series_type(*this);
  const Type ty(t);
  auto as_type = [&](const Value& x) { return x.type() == t ? x : cast_value(x, ty, CastContext::kImplicit); };

  if (t == TypeId::kTimestamp || t == TypeId::kTimestampTz) {
    if (v.size() < 3) throw DbError(sqlstate::kUndefinedFunction, "function generate_series(timestamp) requires a step");
    current_ = as_type(v[0]);
    stop_ = as_type(v[1]);
    step_ = v[2].type() == TypeId::kInterval ? v[2] : cast_value(v[2], Type(TypeId::kInterval), CastContext::kImplicit);
    __int128 span = datetime::interval_span(step_.as_interval());
    if (span == 0) zero_step();
    descending_ = span < 0;
  } else if (t == TypeId::kNumeric) {
    Numeric start = Numeric::parse(as_type(v[0]).as_str());
    Numeric stop = Numeric::parse(as_type(v[1]).as_str());
    Numeric step = v.size() > 2 ? Numeric::parse(as_type(v[2]).as_str()) : Numeric::from_int64(1);
    if (start.is_nan()) throw DbError(sqlstate::kInvalidParameterValue, "start value cannot be NaN");
    if (stop.is_nan()) throw DbError(sqlstate::kInvalidParameterValue, "stop value cannot be NaN");
    if (step.is_nan()) throw DbError(sqlstate::kInvalidParameterValue, "step size cannot be NaN");
    if (!start.is_finite()) throw DbError(sqlstate::kInvalidParameterValue, "start value cannot be infinity");
    if (!stop.is_finite()) throw DbError(sqlstate::kInvalidParameterValue, "stop value cannot be infinity");
    if (!step.is_finite()) throw DbError(sqlstate::kInvalidParameterValue, "step size cannot be infinity");
    if (step.is_zero()) zero_step();
    descending_ = step.is_negative();
    current_ = Value::numeric(start.to_string());
    stop_ = Value::numeric(stop.to_string());
    step_ = Value::numeric(step.to_string());
  } else {
    current_ = as_type(v[0]);
    stop_ = as_type(v[1]);
    step_ = v.size() > 2 ? as_type(v[2]) : Value::integer(t, 1);
    if (step_.as_int() == 0) zero_step();
    descending_ = step_.as_int() < 0;
  }
  done_ = false;
}

bool GenerateSeriesOp::next(ExecContext& ctx, Row& out) {
  if (done_) return false;
  ctx.check_interrupts();
  if (function != "generate_series") {
    if (pos_ >= rows_.size()) {
      done_ = true;
      return false;
    }
    out.clear();
    out.push_back(rows_[pos_++]);
    if (with_ordinality) out.push_back(Value::int8(++ordinal_));
    return true;
  }
  const TypeId t = current_.type();
  int c = compare_values(current_, stop_);
  if (descending_ ? c < 0 : c > 0) {
    done_ = true;
    return false;
  }
  out.clear();
  out.push_back(current_);
  if (with_ordinality) out.push_back(Value::int8(++ordinal_));
  // Advance.
  if (t == TypeId::kTimestamp || t == TypeId::kTimestampTz) {
    int64_t ts = datetime::timestamp_add_interval(current_.as_int(), step_.as_interval());
    current_ = t == TypeId::kTimestamp ? Value::timestamp(ts) : Value::timestamptz(ts);
  } else if (t == TypeId::kNumeric) {
    current_ = Value::numeric(Numeric::parse(current_.as_str()).add(Numeric::parse(step_.as_str())).to_string());
  } else {
    int64_t lo, hi, next;
    integer_range(t, &lo, &hi);
    if (__builtin_add_overflow(current_.as_int(), step_.as_int(), &next) || next < lo || next > hi) {
      done_ = true;   // the next value would not fit: the series ends here
    } else {
      current_ = Value::integer(t, next);
    }
  }
  return true;
}

}  // namespace upsertdb
