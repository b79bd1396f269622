// Operators: PostgreSQL's operator resolution and evaluation for built-in types.
// The binder asks resolve_*_operator once per expression node (at plan time);
// the executor then calls the returned function pointer per row. NULL handling
// is the caller's job: the functions are only called with non-null inputs
// (every operator here is strict).
#pragma once

#include <string_view>
#include <vector>

#include "types/value.h"

namespace upsertdb {

using BinaryFn = Value (*)(const Value&, const Value&);
using UnaryFn = Value (*)(const Value&);

struct ResolvedBinaryOp {
  Type left;        // the type the left operand must be cast to (== input when no cast)
  Type right;       // same for the right operand
  Type result;
  BinaryFn fn;
};

struct ResolvedUnaryOp {
  Type arg;
  Type result;
  UnaryFn fn;
};

// Resolves `l op r` following PostgreSQL's rules: unknown literals take the
// other side's type (both unknown -> text), integers widen, integer/numeric/float
// mix promotes, comparisons within the string category go to text, date/time
// arithmetic (date + int, date - date, timestamp +/- interval ...) as PostgreSQL.
// Operators: + - * / % ^ = <> != < <= > >= || ~~ !~~ ~~* !~~* (LIKE/ILIKE)
// ~ ~* !~ !~* (regex) & | # << >> (bitwise on integers).
// Throws 42883 `operator does not exist: integer + text` with PostgreSQL's HINT
// "No operator matches the given name and argument types. You might need to add explicit type casts."
ResolvedBinaryOp resolve_binary_operator(std::string_view op, const Type& l, const Type& r);

// Prefix operators: - + ~ @ |/ ||/
ResolvedUnaryOp resolve_unary_operator(std::string_view op, const Type& arg);

// Comparison helpers used by the executor for sorting and join keys: both sides
// must already share a type family (see compare_values).
inline bool is_comparison_operator(std::string_view op) {
  return op == "=" || op == "<>" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

// The common type PostgreSQL picks for UNION / CASE / COALESCE / VALUES columns
// (select_common_type): throws 42804 `UNION types integer and text cannot be matched`
// using `context` ("UNION", "CASE", "COALESCE", "VALUES") in the message.
Type common_type(const std::vector<Type>& types, std::string_view context);

}  // namespace upsertdb
