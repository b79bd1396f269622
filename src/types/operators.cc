// Operator resolution: a catalogue of (name, left, right, result, function)
// rows like pg_operator, searched with PostgreSQL's oper_select_candidate
// rules (exact match, unknown-as-other-side, implicit coercion, most exact
// matches, preferred types, unknown literals lean to the string category).
#include "types/operators.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "types/array.h"
#include "types/op_impl.h"

namespace upsertdb {

namespace {

using T = TypeId;

struct OpDef {
  const char* name;
  TypeId left;    // kVoid for prefix operators
  TypeId right;
  TypeId result;
  BinaryFn bin;
  UnaryFn un;
};

std::vector<OpDef> build_catalog() {
  std::vector<OpDef> ops;
  auto bin = [&](const char* n, T l, T r, T res, BinaryFn f) { ops.push_back({n, l, r, res, f, nullptr}); };
  auto pre = [&](const char* n, T a, T res, UnaryFn f) { ops.push_back({n, T::kVoid, a, res, nullptr, f}); };
  auto comparisons = [&](T l, T r) {
    bin("=", l, r, T::kBool, ops::cmp_eq);
    bin("<>", l, r, T::kBool, ops::cmp_ne);
    bin("<", l, r, T::kBool, ops::cmp_lt);
    bin("<=", l, r, T::kBool, ops::cmp_le);
    bin(">", l, r, T::kBool, ops::cmp_gt);
    bin(">=", l, r, T::kBool, ops::cmp_ge);
  };

#define INT_OPS(TY)                                                  \
  bin("+", TY, TY, TY, ops::int_add<TY>);                            \
  bin("-", TY, TY, TY, ops::int_sub<TY>);                            \
  bin("*", TY, TY, TY, ops::int_mul<TY>);                            \
  bin("/", TY, TY, TY, ops::int_div<TY>);                            \
  bin("%", TY, TY, TY, ops::int_mod<TY>);                            \
  bin("&", TY, TY, TY, ops::int_and<TY>);                            \
  bin("|", TY, TY, TY, ops::int_or<TY>);                             \
  bin("#", TY, TY, TY, ops::int_xor<TY>);                            \
  bin("<<", TY, T::kInt4, TY, ops::int_shl<TY>);                     \
  bin(">>", TY, T::kInt4, TY, ops::int_shr<TY>);                     \
  pre("-", TY, TY, ops::int_neg<TY>);                                \
  pre("+", TY, TY, ops::identity);                                   \
  pre("@", TY, TY, ops::int_abs<TY>);                                \
  pre("~", TY, TY, ops::int_not<TY>);
  INT_OPS(T::kInt2)
  INT_OPS(T::kInt4)
  INT_OPS(T::kInt8)
#undef INT_OPS

#define FLOAT_OPS(TY)                                                \
  bin("+", TY, TY, TY, ops::float_add<TY>);                          \
  bin("-", TY, TY, TY, ops::float_sub<TY>);                          \
  bin("*", TY, TY, TY, ops::float_mul<TY>);                          \
  bin("/", TY, TY, TY, ops::float_div<TY>);                          \
  pre("-", TY, TY, ops::float_neg<TY>);                              \
  pre("+", TY, TY, ops::identity);                                   \
  pre("@", TY, TY, ops::float_abs<TY>);
  FLOAT_OPS(T::kFloat4)
  FLOAT_OPS(T::kFloat8)
#undef FLOAT_OPS
  bin("+", T::kFloat4, T::kFloat8, T::kFloat8, ops::float_add<T::kFloat8>);
  bin("-", T::kFloat4, T::kFloat8, T::kFloat8, ops::float_sub<T::kFloat8>);
  bin("*", T::kFloat4, T::kFloat8, T::kFloat8, ops::float_mul<T::kFloat8>);
  bin("/", T::kFloat4, T::kFloat8, T::kFloat8, ops::float_div<T::kFloat8>);
  bin("+", T::kFloat8, T::kFloat4, T::kFloat8, ops::float_add<T::kFloat8>);
  bin("-", T::kFloat8, T::kFloat4, T::kFloat8, ops::float_sub<T::kFloat8>);
  bin("*", T::kFloat8, T::kFloat4, T::kFloat8, ops::float_mul<T::kFloat8>);
  bin("/", T::kFloat8, T::kFloat4, T::kFloat8, ops::float_div<T::kFloat8>);
  bin("^", T::kFloat8, T::kFloat8, T::kFloat8, ops::float8_pow);
  pre("|/", T::kFloat8, T::kFloat8, ops::float8_sqrt);
  pre("||/", T::kFloat8, T::kFloat8, ops::float8_cbrt);

  bin("+", T::kNumeric, T::kNumeric, T::kNumeric, ops::numeric_add);
  bin("-", T::kNumeric, T::kNumeric, T::kNumeric, ops::numeric_sub);
  bin("*", T::kNumeric, T::kNumeric, T::kNumeric, ops::numeric_mul);
  bin("/", T::kNumeric, T::kNumeric, T::kNumeric, ops::numeric_div);
  bin("%", T::kNumeric, T::kNumeric, T::kNumeric, ops::numeric_mod);
  bin("^", T::kNumeric, T::kNumeric, T::kNumeric, ops::numeric_pow);
  pre("-", T::kNumeric, T::kNumeric, ops::numeric_neg);
  pre("+", T::kNumeric, T::kNumeric, ops::identity);
  pre("@", T::kNumeric, T::kNumeric, ops::numeric_abs);

  // Comparisons, including PostgreSQL's cross-type integer, float and datetime families.
  const T ints[] = {T::kInt2, T::kInt4, T::kInt8};
  for (T l : ints) {
    for (T r : ints) comparisons(l, r);
  }
  comparisons(T::kFloat4, T::kFloat4);
  comparisons(T::kFloat8, T::kFloat8);
  comparisons(T::kFloat4, T::kFloat8);
  comparisons(T::kFloat8, T::kFloat4);
  const T datetimes[] = {T::kDate, T::kTimestamp, T::kTimestampTz};
  for (T l : datetimes) {
    for (T r : datetimes) comparisons(l, r);
  }
  for (T t : {T::kBool, T::kNumeric, T::kText, T::kBpchar, T::kName, T::kBytea, T::kTime, T::kInterval, T::kUuid,
              T::kOid, T::kJsonb}) {
    comparisons(t, t);
  }
  comparisons(T::kName, T::kText);
  comparisons(T::kText, T::kName);
  for (T t : {T::kInt2Array, T::kInt4Array, T::kInt8Array, T::kTextArray, T::kOidArray, T::kNameArray,
              T::kInt2Vector, T::kOidVector, T::kBoolArray}) {
    comparisons(t, t);
  }

  bin("||", T::kText, T::kText, T::kText, ops::text_concat);
  bin("||", T::kBytea, T::kBytea, T::kBytea, ops::bytea_concat);
  bin("||", T::kJsonb, T::kJsonb, T::kJsonb, ops::jsonb_concat);
  for (T t : {T::kText, T::kBpchar, T::kName}) {
    bin("~~", t, T::kText, T::kBool, ops::text_like);
    bin("!~~", t, T::kText, T::kBool, ops::text_not_like);
    bin("~~*", t, T::kText, T::kBool, ops::text_ilike);
    bin("!~~*", t, T::kText, T::kBool, ops::text_not_ilike);
    bin("~", t, T::kText, T::kBool, ops::regex_match);
    bin("!~", t, T::kText, T::kBool, ops::regex_not_match);
    bin("~*", t, T::kText, T::kBool, ops::regex_imatch);
    bin("!~*", t, T::kText, T::kBool, ops::regex_not_imatch);
  }
  bin("~~", T::kBytea, T::kBytea, T::kBool, ops::text_like);
  bin("!~~", T::kBytea, T::kBytea, T::kBool, ops::text_not_like);

  bin("+", T::kDate, T::kInt4, T::kDate, ops::date_plus_int);
  bin("+", T::kInt4, T::kDate, T::kDate, ops::int_plus_date);
  bin("-", T::kDate, T::kInt4, T::kDate, ops::date_minus_int);
  bin("-", T::kDate, T::kDate, T::kInt4, ops::date_minus_date);
  bin("+", T::kDate, T::kInterval, T::kTimestamp, ops::date_plus_interval);
  bin("+", T::kInterval, T::kDate, T::kTimestamp, ops::interval_plus_date);
  bin("-", T::kDate, T::kInterval, T::kTimestamp, ops::date_minus_interval);
  bin("+", T::kDate, T::kTime, T::kTimestamp, ops::date_plus_time);
  bin("+", T::kTime, T::kDate, T::kTimestamp, ops::time_plus_date);
  for (T ts : {T::kTimestamp, T::kTimestampTz}) {
    bin("+", ts, T::kInterval, ts, ops::ts_plus_interval);
    bin("+", T::kInterval, ts, ts, ops::interval_plus_ts);
    bin("-", ts, T::kInterval, ts, ops::ts_minus_interval);
    bin("-", ts, ts, T::kInterval, ops::ts_minus_ts);
  }
  bin("+", T::kTime, T::kInterval, T::kTime, ops::time_plus_interval);
  bin("+", T::kInterval, T::kTime, T::kTime, ops::interval_plus_time);
  bin("-", T::kTime, T::kInterval, T::kTime, ops::time_minus_interval);
  bin("-", T::kTime, T::kTime, T::kInterval, ops::time_minus_time);
  bin("+", T::kInterval, T::kInterval, T::kInterval, ops::interval_plus);
  bin("-", T::kInterval, T::kInterval, T::kInterval, ops::interval_minus);
  bin("*", T::kInterval, T::kFloat8, T::kInterval, ops::interval_times);
  bin("*", T::kFloat8, T::kInterval, T::kInterval, ops::times_interval);
  bin("/", T::kInterval, T::kFloat8, T::kInterval, ops::interval_divide);
  pre("-", T::kInterval, T::kInterval, ops::interval_neg);
  pre("+", T::kInterval, T::kInterval, ops::identity);

  for (T j : {T::kJson, T::kJsonb}) {
    bin("->", j, T::kText, j, ops::json_field);
    bin("->", j, T::kInt4, j, ops::json_field);
    bin("->>", j, T::kText, T::kText, ops::json_field_text);
    bin("->>", j, T::kInt4, T::kText, ops::json_field_text);
  }
  bin("@>", T::kJsonb, T::kJsonb, T::kBool, ops::jsonb_contains);
  bin("<@", T::kJsonb, T::kJsonb, T::kBool, ops::jsonb_contained);
  bin("?", T::kJsonb, T::kText, T::kBool, ops::jsonb_exists);
  return ops;
}

const std::vector<OpDef>& catalog() {
  static const std::vector<OpDef> kCatalog = build_catalog();
  return kCatalog;
}

bool is_preferred(TypeId t) {
  switch (t) {
    case T::kBool:
    case T::kFloat8:
    case T::kOid:
    case T::kText:
    case T::kTimestampTz:
    case T::kInterval: return true;
    default: return false;
  }
}

bool coercible(TypeId from, TypeId to) {
  return from == to || from == T::kUnknown || can_cast(from, to, CastContext::kImplicit);
}

std::string normalize_name(std::string_view op) {
  if (op == "!=") return "<>";
  return std::string(op);
}

// The binary operators of one name, in catalog order. Binding resolves an
// operator for every expression of every statement it binds (the simple
// protocol binds each execution), so this is an index, not a scan.
const std::vector<const OpDef*>& binary_operators_named(std::string_view op) {
  using Index = std::unordered_map<std::string_view, std::vector<const OpDef*>>;
  static const Index* index = [] {
    auto* m = new Index();
    for (const auto& d : catalog()) {
      if (d.bin) (*m)[d.name].push_back(&d);
    }
    return m;
  }();
  static const std::vector<const OpDef*> kNone;
  auto it = index->find(op);
  return it == index->end() ? kNone : it->second;
}

// PostgreSQL's func_select_candidate over candidates that all accept the inputs.
const OpDef* select_candidate(std::vector<const OpDef*> cands, const TypeId* in, int nargs,
                              const TypeId* (*arg_of)(const OpDef*, int)) {
  auto args = [&](const OpDef* d, int i) { return *arg_of(d, i); };
  auto keep_best = [&](auto score) {
    int best = -1;
    std::vector<const OpDef*> kept;
    for (const OpDef* d : cands) {
      int s = score(d);
      if (s > best) {
        best = s;
        kept.clear();
      }
      if (s == best) kept.push_back(d);
    }
    cands = std::move(kept);
  };
  // 1. Most exact matches.
  keep_best([&](const OpDef* d) {
    int n = 0;
    for (int i = 0; i < nargs; ++i) n += in[i] != T::kUnknown && args(d, i) == in[i];
    return n;
  });
  if (cands.size() == 1) return cands[0];
  // 2. Most exact-or-preferred matches (preferred within the input's category).
  keep_best([&](const OpDef* d) {
    int n = 0;
    for (int i = 0; i < nargs; ++i) {
      if (in[i] == T::kUnknown) continue;
      TypeId c = args(d, i);
      n += c == in[i] || (is_preferred(c) && type_category(c) == type_category(in[i]));
    }
    return n;
  });
  if (cands.size() == 1) return cands[0];
  // 3. Unknown inputs: pick a category per position (string wins), then preferred types.
  bool any_unknown = false;
  for (int i = 0; i < nargs; ++i) any_unknown |= in[i] == T::kUnknown;
  if (any_unknown) {
    std::vector<TypeCategory> slot(nargs, TypeCategory::kUnknown);
    std::vector<bool> slot_preferred(nargs, false);
    bool resolved = true;
    for (int i = 0; i < nargs && resolved; ++i) {
      if (in[i] != T::kUnknown) continue;
      bool first = true, conflict = false;
      for (const OpDef* d : cands) {
        TypeId c = args(d, i);
        TypeCategory cat = type_category(c);
        if (first) {
          slot[i] = cat;
          slot_preferred[i] = is_preferred(c);
          first = false;
        } else if (cat == slot[i]) {
          slot_preferred[i] = slot_preferred[i] || is_preferred(c);
        } else if (cat == TypeCategory::kString) {
          slot[i] = cat;   // the string category always wins
          slot_preferred[i] = is_preferred(c);
        } else {
          conflict = true;   // might still find a string candidate
        }
      }
      if (conflict && slot[i] != TypeCategory::kString) resolved = false;
    }
    if (resolved) {
      std::vector<const OpDef*> kept;
      for (const OpDef* d : cands) {
        bool keep = true;
        for (int i = 0; i < nargs && keep; ++i) {
          if (in[i] != T::kUnknown) continue;
          TypeId c = args(d, i);
          keep = type_category(c) == slot[i] && (!slot_preferred[i] || is_preferred(c));
        }
        if (keep) kept.push_back(d);
      }
      if (!kept.empty()) cands = std::move(kept);
    }
    if (cands.size() == 1) return cands[0];
    // 4. Last resort: unknowns assumed to be the (single) known input type.
    TypeId known = T::kUnknown;
    bool single = true;
    for (int i = 0; i < nargs; ++i) {
      if (in[i] == T::kUnknown) continue;
      if (known == T::kUnknown) known = in[i];
      else if (known != in[i]) single = false;
    }
    if (known != T::kUnknown && single) {
      const OpDef* only = nullptr;
      int count = 0;
      for (const OpDef* d : cands) {
        bool ok = true;
        for (int i = 0; i < nargs; ++i) ok &= coercible(known, args(d, i));
        if (ok) {
          only = d;
          ++count;
        }
      }
      if (count == 1) return only;
    }
  }
  return nullptr;
}

const TypeId* left_arg(const OpDef* d, int i) { return i == 0 ? &d->left : &d->right; }
const TypeId* unary_arg(const OpDef* d, int) { return &d->right; }

std::string type_word(TypeId t) { return type_display_name(Type(t)); }

}  // namespace

ResolvedBinaryOp resolve_binary_operator(std::string_view op_in, const Type& l, const Type& r) {
  const std::string op = normalize_name(op_in);
  TypeId in[2] = {l.id, r.id};
  auto make = [&](const OpDef* d) {
    ResolvedBinaryOp res;
    res.left = d->left == l.id ? l : Type(d->left);
    res.right = d->right == r.id ? r : Type(d->right);
    res.result = Type(d->result);
    res.fn = d->bin;
    return res;
  };
  const std::vector<const OpDef*>& named = binary_operators_named(op);
  // Exact match, with a lone unknown taking the other side's type.
  TypeId el = in[0] == T::kUnknown ? in[1] : in[0];
  TypeId er = in[1] == T::kUnknown ? in[0] : in[1];
  for (const OpDef* d : named) {
    if (d->left == el && d->right == er) return make(d);
  }
  std::vector<const OpDef*> cands;
  for (const OpDef* d : named) {
    if (coercible(in[0], d->left) && coercible(in[1], d->right)) cands.push_back(d);
  }
  if (!cands.empty()) {
    if (const OpDef* d = cands.size() == 1 ? cands[0] : select_candidate(cands, in, 2, left_arg)) return make(d);
    throw DbError("42725", "operator is not unique: " + type_word(l.id) + " " + op + " " + type_word(r.id))
        .hint("Could not choose a best candidate operator. You might need to add explicit type casts.");
  }
  // text || anynonarray and anynonarray || text: the other side prints as text.
  if (op == "||" && (is_array_type(l.id) || is_array_type(r.id)))
    throw_not_supported("array concatenation is not supported");
  if (op == "||") {
    bool ls = is_string_type(l.id), rs = is_string_type(r.id);
    if (ls || rs) {
      ResolvedBinaryOp res;
      // String-category sides become text; the other keeps its type and prints itself.
      res.left = ls ? Type(T::kText) : l;
      res.right = rs ? Type(T::kText) : r;
      res.result = Type(T::kText);
      res.fn = ops::text_concat;
      return res;
    }
  }
  throw DbError(sqlstate::kUndefinedFunction,
                "operator does not exist: " + type_word(l.id) + " " + op + " " + type_word(r.id))
      .hint("No operator matches the given name and argument types. You might need to add explicit type casts.");
}

ResolvedUnaryOp resolve_unary_operator(std::string_view op_in, const Type& arg) {
  const std::string op = normalize_name(op_in);
  auto make = [&](const OpDef* d) {
    ResolvedUnaryOp res;
    res.arg = d->right == arg.id ? arg : Type(d->right);
    res.result = Type(d->result);
    if (d->result == arg.id && d->un == ops::identity) res.result = arg;
    res.fn = d->un;
    return res;
  };
  std::vector<const OpDef*> cands;
  for (const auto& d : catalog()) {
    if (!d.un || op != d.name) continue;
    if (d.right == arg.id) return make(&d);
    if (coercible(arg.id, d.right)) cands.push_back(&d);
  }
  if (!cands.empty()) {
    TypeId in[1] = {arg.id};
    if (const OpDef* d = cands.size() == 1 ? cands[0] : select_candidate(cands, in, 1, unary_arg)) return make(d);
    throw DbError("42725", "operator is not unique: " + op + " " + type_word(arg.id))
        .hint("Could not choose a best candidate operator. You might need to add explicit type casts.");
  }
  throw DbError(sqlstate::kUndefinedFunction, "operator does not exist: " + op + " " + type_word(arg.id))
      .hint("No operator matches the given name and argument type. You might need to add an explicit type cast.");
}

Type common_type(const std::vector<Type>& types, std::string_view context) {
  const Type* chosen = nullptr;
  for (const Type& t : types) {
    if (t.id == T::kUnknown) continue;
    if (!chosen) {
      chosen = &t;
      continue;
    }
    if (t.id == chosen->id) continue;
    if (type_category(t.id) != type_category(chosen->id)) {
      throw_error(sqlstate::kDatatypeMismatch, std::string(context) + " types " + type_word(chosen->id) + " and " +
                                                   type_word(t.id) + " cannot be matched");
    }
    // Move to the more general type: the one the current choice coerces to, but not back.
    if (!is_preferred(chosen->id) && can_cast(chosen->id, t.id, CastContext::kImplicit) &&
        !can_cast(t.id, chosen->id, CastContext::kImplicit)) {
      chosen = &t;
    }
  }
  if (!chosen) return Type(T::kText);
  // Every input must coerce implicitly to the choice.
  for (const Type& t : types) {
    if (t.id != T::kUnknown && t.id != chosen->id && !can_cast(t.id, chosen->id, CastContext::kImplicit)) {
      throw_error(sqlstate::kCannotCoerce, std::string(context) + " could not convert type " + type_word(t.id) +
                                               " to " + type_word(chosen->id));
    }
  }
  // Keep the typmod only when every typed input agrees on it.
  Type result(chosen->id, chosen->typmod);
  for (const Type& t : types) {
    if (t.id != T::kUnknown && (t.id != result.id || t.typmod != result.typmod)) result.typmod = -1;
  }
  return result;
}

}  // namespace upsertdb
