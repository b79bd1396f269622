// Aggregate signatures and accumulators. Arithmetic goes through the types
// layer's operators ("+" of the result type, numeric division for avg), so
// overflow errors and numeric scales are PostgreSQL's.
#include "exec/aggregates.h"

#include <optional>

#include "common/error.h"
#include "types/array.h"
#include "types/datetime.h"
#include "types/operators.h"

namespace upsertdb {

namespace {

std::string signature_text(const std::string& name, const std::vector<Type>& args) {
  std::string s = name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) s += ", ";
    s += type_display_name(Type(args[i].id));
  }
  return s + ")";
}

[[noreturn]] void no_such_aggregate(const std::string& name, const std::vector<Type>& args) {
  throw DbError(sqlstate::kUndefinedFunction, "function " + signature_text(name, args) + " does not exist")
      .hint("No function matches the given name and argument types. You might need to add explicit type casts.");
}

[[noreturn]] void ambiguous_aggregate(const std::string& name, const std::vector<Type>& args) {
  throw DbError("42725", "function " + signature_text(name, args) + " is not unique")
      .hint("Could not choose a best candidate function. You might need to add explicit type casts.");
}

bool is_float(TypeId t) { return t == TypeId::kFloat4 || t == TypeId::kFloat8; }

// The type sum() accumulates in and returns.
std::optional<Type> sum_type(TypeId t) {
  switch (t) {
    case TypeId::kInt2:
    case TypeId::kInt4: return Type(TypeId::kInt8);
    case TypeId::kInt8:
    case TypeId::kNumeric: return Type(TypeId::kNumeric);
    case TypeId::kFloat4: return Type(TypeId::kFloat4);
    case TypeId::kFloat8: return Type(TypeId::kFloat8);
    case TypeId::kInterval: return Type(TypeId::kInterval);
    default: return std::nullopt;
  }
}

// The input type min()/max() take for `t` (PostgreSQL has no varchar or name
// versions: they go through text), or nullopt when unsupported.
std::optional<Type> minmax_type(TypeId t) {
  switch (t) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kNumeric:
    case TypeId::kText:
    case TypeId::kBpchar:
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kInterval:
    case TypeId::kOid: return Type(t);
    case TypeId::kVarchar:
    case TypeId::kName:
    case TypeId::kUnknown: return Type(TypeId::kText);   // unknown: the string category wins
    default: return std::nullopt;
  }
}

}  // namespace

AggregateSignature resolve_aggregate(const std::string& name, const std::vector<Type>& args, bool star) {
  if (name == "array_agg") {
    if (args.size() != 1 || star) no_such_aggregate(name, args);
    TypeId element = args[0].id == TypeId::kUnknown ? TypeId::kText : args[0].id;
    if (is_array_type(element)) throw_not_supported("multidimensional arrays are not supported");
    TypeId array = array_type_for_element(element);
    if (array == TypeId::kUnknown)
      throw_not_supported("arrays of type " + type_display_name(Type(element)) + " are not supported");
    return {{Type(array_element_type(array))}, Type(array)};
  }
  if (name == "count") {
    if (star) return {{}, Type(TypeId::kInt8)};
    if (args.size() != 1) no_such_aggregate(name, args);
    Type a = args[0].id == TypeId::kUnknown ? Type(TypeId::kText) : args[0];
    return {{a}, Type(TypeId::kInt8)};
  }
  if (star) no_such_aggregate(name, args);   // binder reports "count(*)"-only misuse itself
  if (name == "sum" || name == "avg") {
    if (args.size() != 1) no_such_aggregate(name, args);
    TypeId t = args[0].id;
    if (t == TypeId::kUnknown) ambiguous_aggregate(name, args);
    auto s = sum_type(t);
    if (!s) no_such_aggregate(name, args);
    Type result = *s;
    if (name == "avg") {
      if (is_integer_type(t) || t == TypeId::kNumeric) result = Type(TypeId::kNumeric);
      else if (is_float(t)) result = Type(TypeId::kFloat8);
    }
    return {{Type(t)}, result};
  }
  if (name == "min" || name == "max") {
    if (args.size() != 1) no_such_aggregate(name, args);
    auto t = minmax_type(args[0].id);
    if (!t) no_such_aggregate(name, args);
    return {{*t}, *t};
  }
  if (name == "bool_and" || name == "bool_or" || name == "every") {
    if (args.size() != 1 || (args[0].id != TypeId::kBool && args[0].id != TypeId::kUnknown))
      no_such_aggregate(name, args);
    return {{Type(TypeId::kBool)}, Type(TypeId::kBool)};
  }
  if (name == "string_agg") {
    if (args.size() != 2) no_such_aggregate(name, args);
    auto stringish = [](TypeId t) { return is_string_type(t); };
    if (stringish(args[0].id) && stringish(args[1].id)) {
      return {{Type(TypeId::kText), Type(TypeId::kText)}, Type(TypeId::kText)};
    }
    auto bytesish = [](TypeId t) { return t == TypeId::kBytea || t == TypeId::kUnknown; };
    if (bytesish(args[0].id) && bytesish(args[1].id)) {
      return {{Type(TypeId::kBytea), Type(TypeId::kBytea)}, Type(TypeId::kBytea)};
    }
    no_such_aggregate(name, args);
  }
  no_such_aggregate(name, args);
}

namespace {

class CountAcc : public Accumulator {
 public:
  explicit CountAcc(bool star) : star_(star) {}
  void add(const Value* args) override {
    if (star_ || !args[0].is_null()) ++n_;
  }
  Value finish() override { return Value::int8(n_); }

 private:
  bool star_;
  int64_t n_ = 0;
};

std::string int128_text(__int128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 m = neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string s;
  while (m) {
    s.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  }
  if (neg) s.push_back('-');
  return {s.rbegin(), s.rend()};
}

// sum and the running total of avg. Integer inputs are summed exactly in 128
// bits (PostgreSQL sums them in int8 or numeric, so no input can overflow
// that); everything else adds with the "+" of the accumulating type.
class SumAcc : public Accumulator {
 public:
  SumAcc(TypeId input, Type result)
      : integer_input_(is_integer_type(input)), result_(result) {
    if (!integer_input_) plus_ = resolve_binary_operator("+", result, result).fn;
  }
  void add(const Value* args) override {
    const Value& a = args[0];
    if (a.is_null()) return;
    ++count_;
    if (integer_input_) {
      int_total_ += a.as_int();
      return;
    }
    Value v = a.type() == result_.id ? a : cast_value(a, result_, CastContext::kImplicit);
    total_ = total_.is_null() ? std::move(v) : plus_(total_, v);
  }
  Value finish() override {
    if (count_ == 0) return Value::null(result_.id);
    if (!integer_input_) return total_;
    if (result_.id == TypeId::kInt8) {
      if (int_total_ > INT64_MAX || int_total_ < INT64_MIN) {
        throw DbError(sqlstate::kNumericValueOutOfRange, "bigint out of range");
      }
      return Value::int8(static_cast<int64_t>(int_total_));
    }
    return Value::numeric(int128_text(int_total_));
  }

 protected:
  bool integer_input_;
  Type result_;
  BinaryFn plus_ = nullptr;
  Value total_;
  __int128 int_total_ = 0;
  int64_t count_ = 0;
};

// avg: the sum (numeric for integers and numeric, float8 for floats, interval)
// divided by the count with that type's division, so numeric scales follow
// PostgreSQL's select_div_scale.
class AvgAcc : public Accumulator {
 public:
  AvgAcc(TypeId input, Type result) : result_(result), sum_(input, sum_type_for(input, result)) {}
  void add(const Value* args) override {
    if (args[0].is_null()) return;
    ++count_;
    sum_.add(args);
  }
  Value finish() override {
    if (count_ == 0) return Value::null(result_.id);
    Value total = sum_.finish();
    if (result_.id == TypeId::kInterval) {
      return Value::interval(datetime::interval_div(total.as_interval(), static_cast<double>(count_)));
    }
    Value n = cast_value(Value::int8(count_), result_, CastContext::kImplicit);
    return resolve_binary_operator("/", result_, result_).fn(total, n);
  }

 private:
  static Type sum_type_for(TypeId input, Type result) {
    return result.id == TypeId::kFloat8 ? Type(TypeId::kFloat8) : result;
  }
  Type result_;
  SumAcc sum_;
  int64_t count_ = 0;
};

class MinMaxAcc : public Accumulator {
 public:
  MinMaxAcc(bool is_max, Type result) : is_max_(is_max), result_(result) {}
  void add(const Value* args) override {
    if (args[0].is_null()) return;
    if (best_.is_null()) {
      best_ = args[0];
      return;
    }
    int c = compare_values(args[0], best_);
    if (is_max_ ? c > 0 : c < 0) best_ = args[0];
  }
  Value finish() override {
    if (best_.is_null()) return Value::null(result_.id);
    Value v = best_;
    if (is_string_type(v.type()) && v.type() != result_.id) v.set_type(result_.id);   // varchar -> text
    return v;
  }

 private:
  bool is_max_;
  Type result_;
  Value best_;
};

class BoolAcc : public Accumulator {
 public:
  explicit BoolAcc(bool is_and) : is_and_(is_and) {}
  void add(const Value* args) override {
    if (args[0].is_null()) return;
    bool b = args[0].as_bool();
    state_ = state_.is_null() ? Value::boolean(b) : Value::boolean(is_and_ ? state_.as_bool() && b : state_.as_bool() || b);
  }
  Value finish() override { return state_.is_null() ? Value::null(TypeId::kBool) : state_; }

 private:
  bool is_and_;
  Value state_;
};

// string_agg(value, delimiter): NULL values are skipped; the delimiter goes
// before every value but the first (a NULL delimiter counts as empty).
class StringAggAcc : public Accumulator {
 public:
  explicit StringAggAcc(TypeId result) : result_(result) {}
  void add(const Value* args) override {
    if (args[0].is_null()) return;
    if (any_) {
      if (!args[1].is_null()) text_ += args[1].as_str();
    }
    text_ += args[0].as_str();
    any_ = true;
  }
  Value finish() override {
    if (!any_) return Value::null(result_);
    return result_ == TypeId::kBytea ? Value::bytea(text_) : Value::text(text_);
  }

 private:
  TypeId result_;
  std::string text_;
  bool any_ = false;
};

// array_agg(value): every input, NULLs included, in input order; no rows -> NULL.
class ArrayAggAcc : public Accumulator {
 public:
  explicit ArrayAggAcc(TypeId result) : result_(result) {}
  void add(const Value* args) override { values_.push_back(args[0]); }
  Value finish() override {
    if (values_.empty()) return Value::null(result_);
    return make_array(result_, values_);
  }

 private:
  TypeId result_;
  std::vector<Value> values_;
};

}  // namespace

std::unique_ptr<Accumulator> make_accumulator(const AggregateSpec& spec) {
  const std::string& n = spec.name;
  if (n == "count") return std::make_unique<CountAcc>(spec.args.empty() || spec.count_row);
  Type arg = spec.args.empty() ? Type() : spec.args[0]->type;
  if (n == "sum") return std::make_unique<SumAcc>(arg.id, spec.result);
  if (n == "avg") return std::make_unique<AvgAcc>(arg.id, spec.result);
  if (n == "min" || n == "max") return std::make_unique<MinMaxAcc>(n == "max", spec.result);
  if (n == "bool_and" || n == "every") return std::make_unique<BoolAcc>(true);
  if (n == "bool_or") return std::make_unique<BoolAcc>(false);
  if (n == "string_agg") return std::make_unique<StringAggAcc>(spec.result.id);
  if (n == "array_agg") return std::make_unique<ArrayAggAcc>(spec.result.id);
  // Not one of ours: let resolution raise PostgreSQL's error for the call.
  std::vector<Type> types;
  for (const auto& a : spec.args) types.push_back(a->type);
  resolve_aggregate(n, types, spec.args.empty());
  throw DbError(sqlstate::kUndefinedFunction, "function " + n + " does not exist");
}

}  // namespace upsertdb
