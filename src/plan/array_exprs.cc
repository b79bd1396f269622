// Evaluation of the array expression nodes (see array_exprs.h).
#include "plan/array_exprs.h"

#include "common/error.h"
#include "types/array.h"

namespace upsertdb {

namespace {

std::string join_fingerprints(const std::vector<BExpr>& exprs) {
  std::string s;
  for (size_t i = 0; i < exprs.size(); ++i) s += (i ? "," : "") + exprs[i]->fingerprint();
  return s;
}

bool all_constant(const std::vector<BExpr>& exprs) {
  for (const auto& e : exprs)
    if (!e->is_constant()) return false;
  return true;
}

}  // namespace

Value ArrayCtorExpr::eval(const Row& row, ExecContext& ctx) const {
  std::vector<Value> values;
  values.reserve(elements.size());
  for (const auto& e : elements) values.push_back(e->eval(row, ctx));
  return make_array(type.id, values);
}

std::string ArrayCtorExpr::fingerprint() const { return "array[" + join_fingerprints(elements) + "]"; }

bool ArrayCtorExpr::is_constant() const { return all_constant(elements); }

Value ArrayAnyAllExpr::eval(const Row& row, ExecContext& ctx) const {
  Value a = array->eval(row, ctx);
  if (a.is_null()) return Value::null(TypeId::kBool);
  ArrayContents contents = array_contents(a);
  if (contents.elements.empty()) return Value::boolean(!any);
  Value x = left->eval(row, ctx);
  if (x.is_null()) return Value::null(TypeId::kBool);
  bool saw_null = false;
  for (const Value& raw : contents.elements) {
    if (raw.is_null()) {
      saw_null = true;
      continue;
    }
    Value e = element_cast.id == TypeId::kUnknown || raw.type() == element_cast.id
                  ? raw
                  : cast_value(raw, element_cast, CastContext::kImplicit);
    Value c = cmp(x, e);
    if (c.is_null()) {
      saw_null = true;
      continue;
    }
    if (c.as_bool() == any) return Value::boolean(any);
  }
  if (saw_null) return Value::null(TypeId::kBool);
  return Value::boolean(!any);
}

std::string ArrayAnyAllExpr::fingerprint() const {
  return std::string(any ? "any(" : "all(") + left->fingerprint() + op + array->fingerprint() + ")";
}

Value ArraySubscriptExpr::eval(const Row& row, ExecContext& ctx) const {
  Value a = array->eval(row, ctx);
  if (a.is_null()) return Value::null(type.id);
  Value i = index->eval(row, ctx);
  if (i.is_null()) return Value::null(type.id);
  return array_subscript(a, i.as_int());
}

bool array_function_kind(const std::string& name, ArrayFuncExpr::Kind* kind) {
  using K = ArrayFuncExpr::Kind;
  static const std::pair<const char*, K> kNames[] = {
      {"array_upper", K::kUpper},     {"array_lower", K::kLower}, {"array_length", K::kLength},
      {"cardinality", K::kCardinality}, {"array_ndims", K::kNdims}, {"array_to_string", K::kToString},
  };
  for (const auto& [n, k] : kNames) {
    if (name == n) {
      *kind = k;
      return true;
    }
  }
  return false;
}

Value ArrayFuncExpr::eval(const Row& row, ExecContext& ctx) const {
  std::vector<Value> v;
  for (const auto& a : args) v.push_back(a->eval(row, ctx));
  // All of these are strict except array_to_string's NULL replacement.
  for (size_t i = 0; i < v.size() && i < 2; ++i)
    if (v[i].is_null()) return Value::null(type.id);
  switch (kind) {
    case Kind::kUpper:
    case Kind::kLower:
    case Kind::kLength: {
      int32_t lo, hi;
      if (!array_dimension_bounds(v[0], v[1].as_int(), &lo, &hi)) return Value::null(TypeId::kInt4);
      return Value::int4(kind == Kind::kUpper ? hi : kind == Kind::kLower ? lo : hi - lo + 1);
    }
    case Kind::kCardinality:
      return Value::int4(static_cast<int32_t>(array_contents(v[0]).elements.size()));
    case Kind::kNdims:
      if (array_contents(v[0]).elements.empty()) return Value::null(TypeId::kInt4);
      return Value::int4(1);
    case Kind::kToString: {
      const std::string& sep = v[1].as_str();
      const bool replace_nulls = v.size() > 2 && !v[2].is_null();
      std::string out;
      bool first = true;
      for (const Value& e : array_contents(v[0]).elements) {
        if (e.is_null() && !replace_nulls) continue;
        if (!first) out += sep;
        first = false;
        out += e.is_null() ? v[2].as_str() : value_to_text(e);
      }
      return Value::text(std::move(out));
    }
  }
  return Value::null(type.id);
}

std::string ArrayFuncExpr::fingerprint() const {
  return "arrayfn" + std::to_string(static_cast<int>(kind)) + "(" + join_fingerprints(args) + ")";
}

bool ArrayFuncExpr::is_constant() const { return all_constant(args); }

}  // namespace upsertdb
