// The catalogue of built-in scalar functions (our pg_proc): each family file
// registers its overloads here, and resolve_function() searches them with
// PostgreSQL's func_get_detail / func_select_candidate rules.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "functions/functions.h"

namespace upsertdb::fn {

// A declared parameter: a concrete type, or one of PostgreSQL's pseudo-types
// "any" (accepts anything as is, unknown literals stay unknown) and
// anyelement (all anyelement arguments of a call must share one type).
struct Param {
  enum class Kind : uint8_t { kType, kAny, kAnyElement };
  TypeId id = TypeId::kUnknown;
  Kind kind = Kind::kType;
  constexpr Param(TypeId t) : id(t) {}   // NOLINT: implicit on purpose, for short declarations
  constexpr Param(Kind k) : kind(k) {}
};
inline constexpr Param kAnyParam{Param::Kind::kAny};
inline constexpr Param kAnyElement{Param::Kind::kAnyElement};

enum class Volatility : char { kImmutable = 'i', kStable = 's', kVolatile = 'v' };

struct FunctionDef {
  std::string name;
  std::vector<Param> params;
  bool variadic = false;       // the last parameter repeats, at least once (VARIADIC "any")
  TypeId result = TypeId::kVoid;
  ScalarFn fn = nullptr;
  bool strict = true;
  Volatility volatility = Volatility::kImmutable;
};

class Registry {
 public:
  // Immutable, strict.
  void add(const char* name, std::initializer_list<Param> params, TypeId result, ScalarFn fn,
           Volatility v = Volatility::kImmutable, bool strict = true);
  // Last parameter is VARIADIC; these are never strict in PostgreSQL's catalogue.
  void add_variadic(const char* name, std::initializer_list<Param> params, TypeId result, ScalarFn fn,
                    Volatility v = Volatility::kStable, bool strict = false);
  const std::vector<FunctionDef>& defs() const { return defs_; }

 private:
  std::vector<FunctionDef> defs_;
};

// One per family file.
void register_string_functions(Registry& r);
void register_math_functions(Registry& r);
void register_datetime_functions(Registry& r);
void register_system_functions(Registry& r);
void register_json_functions(Registry& r);
void register_hash_functions(Registry& r);
void register_similar_functions(Registry& r);

// The whole catalogue, built once.
const Registry& registry();

}  // namespace upsertdb::fn
