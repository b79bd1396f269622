// Function lookup and overload resolution, following PostgreSQL 15's
// func_get_detail: an exact match wins; otherwise every candidate the inputs
// reach by implicit casts (unknown literals reach anything) is ranked by
// func_select_candidate (most exact matches, then most preferred-type
// matches, then unknown literals settle on one category per position with
// the string category winning, then the "unknowns are the known type" gasp).
#include "functions/registry.h"

#include <map>

#include "common/error.h"
#include "functions/catalog_functions.h"

namespace upsertdb {

namespace fn {

void Registry::add(const char* name, std::initializer_list<Param> params, TypeId result, ScalarFn f,
                   Volatility v, bool strict) {
  defs_.push_back(FunctionDef{name, params, false, result, f, strict, v});
}

void Registry::add_variadic(const char* name, std::initializer_list<Param> params, TypeId result, ScalarFn f,
                            Volatility v, bool strict) {
  defs_.push_back(FunctionDef{name, params, true, result, f, strict, v});
}

const Registry& registry() {
  static const Registry kRegistry = [] {
    Registry r;
    register_string_functions(r);
    register_math_functions(r);
    register_datetime_functions(r);
    register_system_functions(r);
    register_catalog_functions(r);
    register_json_functions(r);
    register_hash_functions(r);
    register_similar_functions(r);
    return r;
  }();
  return kRegistry;
}

}  // namespace fn

namespace {

using fn::FunctionDef;
using fn::Param;

// A declaration expanded to the call's arity (variadic tails repeated).
struct Candidate {
  const FunctionDef* def;
  std::vector<Param> params;
};

bool is_preferred(TypeId t) {
  switch (t) {
    case TypeId::kBool:
    case TypeId::kFloat8:
    case TypeId::kOid:
    case TypeId::kText:
    case TypeId::kTimestampTz:
    case TypeId::kInterval: return true;
    default: return false;
  }
}

TypeCategory category_of(const Param& p) {
  return p.kind == Param::Kind::kType ? type_category(p.id) : TypeCategory::kPseudo;
}
bool preferred(const Param& p) { return p.kind == Param::Kind::kType && is_preferred(p.id); }

// can_coerce_type() for one position (polymorphic consistency is checked per call).
bool coercible(TypeId from, const Param& to) {
  if (to.kind != Param::Kind::kType) return true;
  return from == to.id || from == TypeId::kUnknown || can_cast(from, to.id, CastContext::kImplicit);
}

// check_generic_type_consistency: every known anyelement input is the same type.
bool anyelement_consistent(const std::vector<TypeId>& in, const std::vector<Param>& params) {
  TypeId seen = TypeId::kUnknown;
  for (size_t i = 0; i < in.size(); ++i) {
    if (params[i].kind != Param::Kind::kAnyElement || in[i] == TypeId::kUnknown) continue;
    if (seen != TypeId::kUnknown && seen != in[i]) return false;
    seen = in[i];
  }
  return true;
}

bool accepts(const std::vector<TypeId>& in, const std::vector<Param>& params) {
  for (size_t i = 0; i < in.size(); ++i) {
    if (!coercible(in[i], params[i])) return false;
  }
  return anyelement_consistent(in, params);
}

bool is_exact(const std::vector<TypeId>& in, const std::vector<Param>& params) {
  for (size_t i = 0; i < in.size(); ++i) {
    if (params[i].kind != Param::Kind::kType || params[i].id != in[i]) return false;
  }
  return true;
}

template <typename Score>
void keep_best(std::vector<const Candidate*>& cands, Score score) {
  int best = -1;
  std::vector<const Candidate*> kept;
  for (const Candidate* c : cands) {
    int s = score(*c);
    if (s > best) {
      best = s;
      kept.clear();
    }
    if (s == best) kept.push_back(c);
  }
  cands = std::move(kept);
}

// func_select_candidate: nullptr when the choice stays ambiguous.
const Candidate* select_candidate(std::vector<const Candidate*> cands, const std::vector<TypeId>& in) {
  const size_t nargs = in.size();
  size_t nunknowns = 0;
  for (TypeId t : in) nunknowns += t == TypeId::kUnknown;

  // 1. Most exact matches on known inputs.
  keep_best(cands, [&](const Candidate& c) {
    int n = 0;
    for (size_t i = 0; i < nargs; ++i) {
      n += in[i] != TypeId::kUnknown && c.params[i].kind == Param::Kind::kType && c.params[i].id == in[i];
    }
    return n;
  });
  if (cands.size() == 1) return cands[0];

  // 2. Most exact-or-preferred matches (preferred within the input's category).
  keep_best(cands, [&](const Candidate& c) {
    int n = 0;
    for (size_t i = 0; i < nargs; ++i) {
      if (in[i] == TypeId::kUnknown) continue;
      const Param& p = c.params[i];
      bool exact = p.kind == Param::Kind::kType && p.id == in[i];
      n += exact || (preferred(p) && category_of(p) == type_category(in[i]));
    }
    return n;
  });
  if (cands.size() == 1) return cands[0];
  if (nunknowns == 0) return nullptr;

  // 3. Settle each unknown position on one category (string wins conflicts),
  //    and on its preferred type when the category has one among the candidates.
  std::vector<TypeCategory> slot_category(nargs, TypeCategory::kUnknown);
  std::vector<bool> slot_preferred(nargs, false);
  bool resolved = true;
  for (size_t i = 0; i < nargs && resolved; ++i) {
    if (in[i] != TypeId::kUnknown) continue;
    bool first = true, conflict = false;
    for (const Candidate* c : cands) {
      TypeCategory cat = category_of(c->params[i]);
      bool pref = preferred(c->params[i]);
      if (first) {
        slot_category[i] = cat;
        slot_preferred[i] = pref;
        first = false;
      } else if (cat == slot_category[i]) {
        slot_preferred[i] = slot_preferred[i] || pref;
      } else if (cat == TypeCategory::kString) {
        slot_category[i] = cat;
        slot_preferred[i] = pref;
      } else {
        conflict = true;
      }
    }
    if (conflict && slot_category[i] != TypeCategory::kString) resolved = false;
  }
  if (resolved) {
    std::vector<const Candidate*> kept;
    for (const Candidate* c : cands) {
      bool keep = true;
      for (size_t i = 0; i < nargs && keep; ++i) {
        if (in[i] != TypeId::kUnknown) continue;
        if (category_of(c->params[i]) != slot_category[i]) keep = false;
        if (slot_preferred[i] && !preferred(c->params[i])) keep = false;
      }
      if (keep) kept.push_back(c);
    }
    if (!kept.empty()) cands = std::move(kept);
    if (cands.size() == 1) return cands[0];
  }

  // 4. Last gasp: when all known inputs share one type, treat the unknowns as it too.
  if (nunknowns < nargs) {
    TypeId known = TypeId::kUnknown;
    for (TypeId t : in) {
      if (t == TypeId::kUnknown) continue;
      if (known == TypeId::kUnknown) {
        known = t;
      } else if (known != t) {
        known = TypeId::kUnknown;
        break;
      }
    }
    if (known != TypeId::kUnknown) {
      std::vector<TypeId> assumed(nargs, known);
      const Candidate* only = nullptr;
      int count = 0;
      for (const Candidate* c : cands) {
        if (accepts(assumed, c->params)) {
          only = c;
          ++count;
        }
      }
      if (count == 1) return only;
    }
  }
  return nullptr;
}

std::string signature(std::string_view name, const std::vector<Type>& args) {
  std::string s(name);
  s += "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) s += ", ";
    s += type_display_name(Type(args[i].id));
  }
  return s + ")";
}

ResolvedFunction make_resolved(const Candidate& c, const std::vector<Type>& args) {
  ResolvedFunction r;
  // enforce_generic_type_consistency: anyelement takes the known inputs' type.
  TypeId element = TypeId::kUnknown;
  bool has_element = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (c.params[i].kind != Param::Kind::kAnyElement) continue;
    has_element = true;
    if (args[i].id != TypeId::kUnknown) element = args[i].id;
  }
  if (has_element && element == TypeId::kUnknown) {
    throw_error(sqlstate::kDatatypeMismatch, "could not determine polymorphic type because input has type unknown");
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const Param& p = c.params[i];
    switch (p.kind) {
      case Param::Kind::kAny: r.arg_types.push_back(args[i]); break;
      case Param::Kind::kAnyElement:
        r.arg_types.push_back(args[i].id == element ? args[i] : Type(element));
        break;
      case Param::Kind::kType:
        r.arg_types.push_back(args[i].id == p.id ? args[i] : Type(p.id));
        break;
    }
  }
  r.result = Type(c.def->result);
  r.fn = c.def->fn;
  r.strict = c.def->strict;
  r.is_volatile = c.def->volatility == fn::Volatility::kVolatile;
  r.volatility = static_cast<char>(c.def->volatility);
  return r;
}

const std::map<std::string, std::vector<const FunctionDef*>, std::less<>>& by_name() {
  static const auto kIndex = [] {
    std::map<std::string, std::vector<const FunctionDef*>, std::less<>> m;
    for (const FunctionDef& d : fn::registry().defs()) m[d.name].push_back(&d);
    return m;
  }();
  return kIndex;
}

}  // namespace

ResolvedFunction resolve_function(std::string_view name, const std::vector<Type>& arg_types) {
  if (name.substr(0, 11) == "pg_catalog.") name.remove_prefix(11);
  std::vector<TypeId> in;
  for (const Type& t : arg_types) in.push_back(t.id);

  std::vector<Candidate> expanded;
  auto it = by_name().find(name);
  if (it != by_name().end()) {
    for (const FunctionDef* d : it->second) {
      if (d->variadic ? in.size() < d->params.size() : in.size() != d->params.size()) continue;
      Candidate c{d, d->params};
      while (c.params.size() < in.size()) c.params.push_back(d->params.back());
      expanded.push_back(std::move(c));
    }
  }
  for (const Candidate& c : expanded) {
    if (is_exact(in, c.params)) return make_resolved(c, arg_types);
  }
  std::vector<const Candidate*> viable;
  for (const Candidate& c : expanded) {
    if (accepts(in, c.params)) viable.push_back(&c);
  }
  if (viable.empty()) {
    throw DbError(sqlstate::kUndefinedFunction, "function " + signature(name, arg_types) + " does not exist")
        .hint("No function matches the given name and argument types. You might need to add explicit type casts.");
  }
  const Candidate* best = viable.size() == 1 ? viable[0] : select_candidate(viable, in);
  if (!best) {
    throw DbError("42725", "function " + signature(name, arg_types) + " is not unique")
        .hint("Could not choose a best candidate function. You might need to add explicit type casts.");
  }
  return make_resolved(*best, arg_types);
}

bool function_exists(std::string_view name) {
  if (name.substr(0, 11) == "pg_catalog.") name.remove_prefix(11);
  return by_name().count(name) > 0;
}

bool is_aggregate_function(std::string_view name) {
  static constexpr std::string_view kAggregates[] = {
      "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every", "string_agg", "array_agg",
      "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev", "stddev_pop", "stddev_samp",
      "variance", "var_pop", "var_samp", "bit_and", "bit_or", "bit_xor", "percentile_cont", "percentile_disc",
      "mode", "corr", "covar_pop", "covar_samp", "regr_count", "xmlagg",
  };
  if (name.substr(0, 11) == "pg_catalog.") name.remove_prefix(11);
  for (std::string_view a : kAggregates) {
    if (a == name) return true;
  }
  return false;
}

}  // namespace upsertdb
