// Arrays: one-dimensional arrays of int2, int4, int8, text, oid, name and bool, plus
// PostgreSQL's int2vector and oidvector (int2/oid arrays with lower bound 0,
// printed space-separated). A Value of an array type keeps its elements in
// `str` in a private encoding (lower bound, then per element a null flag and
// the element's canonical text); use these helpers, never the bytes.
// Text I/O is PostgreSQL's array_in/array_out: `{1,2,NULL}`, `{"a b","x\"y"}`,
// `[0:1]={1,2}` for a lower bound other than 1. Multidimensional arrays are
// 0A000. Arrays are expression values only: user tables cannot store them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "types/value.h"

namespace upsertdb {

bool is_array_type(TypeId t);             // X[], int2vector, oidvector
bool is_vector_type(TypeId t);            // int2vector, oidvector
TypeId array_element_type(TypeId array);  // int4[] -> int4; kUnknown when not an array
// The array type whose elements are `element` (varchar/bpchar/unknown -> text[],
// regclass -> oid[]), kUnknown when UpsertDB has none.
TypeId array_type_for_element(TypeId element);

struct ArrayContents {
  int32_t lower = 1;            // subscript of the first element
  std::vector<Value> elements;  // NULL elements allowed (not in the vector types)
};

// Builds an array; elements are cast to the element type (implicitly by the
// caller's binder, so here they are converted through their text form).
Value make_array(TypeId array_type, const std::vector<Value>& elements, int32_t lower = 1);
ArrayContents array_contents(const Value& array);

std::string array_to_text(const Value& array);
// 22P02 `malformed array literal: "..."` with PostgreSQL's DETAIL; element
// errors are the element type's own.
Value array_from_text(std::string_view text, TypeId array_type);

// PostgreSQL's btarraycmp: element by element (NULL after every value), then
// the shorter array first, then the lower bound.
int compare_arrays(const Value& a, const Value& b);

// a[i]: the element, or NULL when i is outside the bounds.
Value array_subscript(const Value& array, int64_t index);

// array_lower / array_upper / array_length for dimension `dim`: NULL (as
// nullopt) for an empty array or a dimension other than 1.
bool array_dimension_bounds(const Value& array, int64_t dim, int32_t* lower, int32_t* upper);

// Casts an array element-wise to another array type (int2vector -> int2[] keeps
// the lower bound, as PostgreSQL's binary-coercible cast does).
Value cast_array(const Value& v, TypeId to, CastContext ctx);

}  // namespace upsertdb
