// Operator implementations (one function per PostgreSQL operator procedure),
// registered by name and signature in operators.cc. Each takes non-null
// inputs already cast to the signature's types.
#pragma once

#include <string_view>

#include "types/value.h"

namespace upsertdb::ops {

// Integers (result type = T; checked overflow "integer out of range" ...).
template <TypeId T> Value int_add(const Value& a, const Value& b);
template <TypeId T> Value int_sub(const Value& a, const Value& b);
template <TypeId T> Value int_mul(const Value& a, const Value& b);
template <TypeId T> Value int_div(const Value& a, const Value& b);
template <TypeId T> Value int_mod(const Value& a, const Value& b);
template <TypeId T> Value int_and(const Value& a, const Value& b);
template <TypeId T> Value int_or(const Value& a, const Value& b);
template <TypeId T> Value int_xor(const Value& a, const Value& b);
template <TypeId T> Value int_shl(const Value& a, const Value& b);
template <TypeId T> Value int_shr(const Value& a, const Value& b);
template <TypeId T> Value int_neg(const Value& a);
template <TypeId T> Value int_abs(const Value& a);
template <TypeId T> Value int_not(const Value& a);

// Floats (T = kFloat4 or kFloat8).
template <TypeId T> Value float_add(const Value& a, const Value& b);
template <TypeId T> Value float_sub(const Value& a, const Value& b);
template <TypeId T> Value float_mul(const Value& a, const Value& b);
template <TypeId T> Value float_div(const Value& a, const Value& b);
template <TypeId T> Value float_neg(const Value& a);
template <TypeId T> Value float_abs(const Value& a);
Value float8_pow(const Value& a, const Value& b);
Value float8_sqrt(const Value& a);
Value float8_cbrt(const Value& a);

// Numeric.
Value numeric_add(const Value& a, const Value& b);
Value numeric_sub(const Value& a, const Value& b);
Value numeric_mul(const Value& a, const Value& b);
Value numeric_div(const Value& a, const Value& b);
Value numeric_mod(const Value& a, const Value& b);
Value numeric_pow(const Value& a, const Value& b);
Value numeric_neg(const Value& a);
Value numeric_abs(const Value& a);

Value identity(const Value& a);

// Comparisons (any comparable pair; see compare_values).
Value cmp_eq(const Value& a, const Value& b);
Value cmp_ne(const Value& a, const Value& b);
Value cmp_lt(const Value& a, const Value& b);
Value cmp_le(const Value& a, const Value& b);
Value cmp_gt(const Value& a, const Value& b);
Value cmp_ge(const Value& a, const Value& b);

// Strings.
Value text_concat(const Value& a, const Value& b);   // either side may be any type: printed as text
Value bytea_concat(const Value& a, const Value& b);
Value text_like(const Value& a, const Value& b);
Value text_not_like(const Value& a, const Value& b);
Value text_ilike(const Value& a, const Value& b);
Value text_not_ilike(const Value& a, const Value& b);
Value regex_match(const Value& a, const Value& b);
Value regex_not_match(const Value& a, const Value& b);
Value regex_imatch(const Value& a, const Value& b);
Value regex_not_imatch(const Value& a, const Value& b);

// Date/time.
Value date_plus_int(const Value& a, const Value& b);
Value int_plus_date(const Value& a, const Value& b);
Value date_minus_int(const Value& a, const Value& b);
Value date_minus_date(const Value& a, const Value& b);
Value date_plus_interval(const Value& a, const Value& b);
Value interval_plus_date(const Value& a, const Value& b);
Value date_minus_interval(const Value& a, const Value& b);
Value date_plus_time(const Value& a, const Value& b);
Value time_plus_date(const Value& a, const Value& b);
Value ts_plus_interval(const Value& a, const Value& b);
Value interval_plus_ts(const Value& a, const Value& b);
Value ts_minus_interval(const Value& a, const Value& b);
Value ts_minus_ts(const Value& a, const Value& b);
Value time_plus_interval(const Value& a, const Value& b);
Value interval_plus_time(const Value& a, const Value& b);
Value time_minus_interval(const Value& a, const Value& b);
Value time_minus_time(const Value& a, const Value& b);
Value interval_plus(const Value& a, const Value& b);
Value interval_minus(const Value& a, const Value& b);
Value interval_times(const Value& a, const Value& b);
Value times_interval(const Value& a, const Value& b);
Value interval_divide(const Value& a, const Value& b);
Value interval_neg(const Value& a);

// JSON.
Value json_field(const Value& a, const Value& b);        // -> text/int key, result of a's type
Value json_field_text(const Value& a, const Value& b);   // ->>
Value jsonb_concat(const Value& a, const Value& b);
Value jsonb_contains(const Value& a, const Value& b);    // @>
Value jsonb_contained(const Value& a, const Value& b);   // <@
Value jsonb_exists(const Value& a, const Value& b);      // ?

}  // namespace upsertdb::ops

namespace upsertdb {
// LIKE matching with PostgreSQL's rules (% _ and an escape character, default
// backslash; an empty escape disables escaping). 22025 on a trailing escape.
bool like_match(std::string_view text, std::string_view pattern, bool case_insensitive, std::string_view escape = "\\");
// POSIX regex match (PostgreSQL ARE shorthands \d \s \w are translated).
bool regex_match(std::string_view text, std::string_view pattern, bool case_insensitive);
}  // namespace upsertdb
