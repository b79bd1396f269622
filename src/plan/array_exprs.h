// Bound expressions over arrays: ARRAY[...] constructors, `x op ANY/ALL (array)`,
// subscripts a[i], and the array functions (array_upper, array_lower,
// array_length, cardinality, array_ndims, array_to_string). The binder
// (bind_array.cc) builds them; types/array.h holds the values.
#pragma once

#include "plan/bound_expr.h"

namespace upsertdb {

struct ArrayCtorExpr : BoundExpr {
  std::vector<BExpr> elements;   // already coerced to the element type
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override;
  bool is_constant() const override;
};

// x op ANY (array) / x op ALL (array) with PostgreSQL's three-valued rules:
// ANY is true when some comparison is true, else NULL when some was NULL
// (or x is NULL and the array is not empty), else false; ALL is the dual. An
// empty array gives false (ANY) / true (ALL) whatever x is.
struct ArrayAnyAllExpr : BoundExpr {
  BExpr left, array;
  BinaryFn cmp = nullptr;
  Type element_cast;   // elements are cast to this before comparing (kUnknown = as they are)
  bool any = true;
  std::string op;
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override;
  bool is_constant() const override { return left->is_constant() && array->is_constant(); }
};

struct ArraySubscriptExpr : BoundExpr {
  BExpr array, index;   // index is int4
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override { return "sub(" + array->fingerprint() + "," + index->fingerprint() + ")"; }
  bool is_constant() const override { return array->is_constant() && index->is_constant(); }
};

struct ArrayFuncExpr : BoundExpr {
  enum class Kind { kUpper, kLower, kLength, kCardinality, kNdims, kToString } kind;
  std::vector<BExpr> args;
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override;
  bool is_constant() const override;
};

// The array function `name` is one of ArrayFuncExpr's, with its kind.
bool array_function_kind(const std::string& name, ArrayFuncExpr::Kind* kind);

}  // namespace upsertdb
