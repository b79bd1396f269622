// Binding of array expressions: ARRAY[...], x op ANY/ALL (array), a[i] and
// the array functions. Element types follow PostgreSQL: ARRAY[...] takes the
// common type of its elements (unknown literals -> text), an unknown literal
// on the right of ANY becomes an array of the left side's type.
#include "common/error.h"
#include "plan/array_exprs.h"
#include "plan/binder.h"
#include "types/array.h"

namespace upsertdb {

namespace {

[[noreturn]] void no_array_type(TypeId element, int location) {
  if (is_array_type(element))
    fail_at(sqlstate::kFeatureNotSupported, "multidimensional arrays are not supported", location);
  fail_at(sqlstate::kFeatureNotSupported, "arrays of type " + type_display_name(Type(element)) + " are not supported",
          location);
}

}  // namespace

TypeId Binder::array_type_or_fail(TypeId element, int location) {
  TypeId t = array_type_for_element(element);
  if (t == TypeId::kUnknown) no_array_type(element, location);
  return t;
}

BExpr Binder::bind_array_ctor(const ast::Expr& e, Scope& scope, TypeId target) {
  auto a = std::make_shared<ArrayCtorExpr>();
  for (const auto& x : e.args) a->elements.push_back(bind_expr(*x, scope));
  if (a->elements.empty()) {
    if (target == TypeId::kUnknown)
      throw DbError("42P18", "cannot determine type of empty array")
          .position(e.location + 1)
          .hint("Explicitly cast to the desired type, for example ARRAY[]::integer[].");
    a->type = Type(target);
    return a;
  }
  std::vector<Type> types;
  for (const auto& x : a->elements) types.push_back(x->type);
  Type element = common_type(types, "ARRAY");
  if (element.id == TypeId::kUnknown) element = Type(TypeId::kText);
  a->type = Type(array_type_or_fail(element.id, e.location));
  const Type element_type(array_element_type(a->type.id));
  for (auto& x : a->elements) x = coerce(x, element_type, CastContext::kImplicit);
  if (no_fold == 0 && a->is_constant()) return fold(a);
  return a;
}

BExpr Binder::bind_any_all_array(const ast::Expr& e, Scope& scope) {
  BExpr left = bind_expr(*e.args[0], scope);
  BExpr right = bind_expr(*e.args[1], scope);
  if (right->type.id == TypeId::kUnknown) {
    TypeId element = left->type.id == TypeId::kUnknown ? TypeId::kText : left->type.id;
    right = coerce(right, Type(array_type_or_fail(element, e.location)), CastContext::kImplicit);
  }
  if (!is_array_type(right->type.id))
    fail_at("42809", "op ANY/ALL (array) requires array on right side", e.location);
  Type element(array_element_type(right->type.id));
  std::string op = e.op == "!=" ? "<>" : e.op;
  ResolvedBinaryOp res;
  try {
    res = resolve_binary_operator(op, left->type, element);
  } catch (DbError& err) {
    if (e.location >= 0) err.position(e.location + 1);
    throw;
  }
  if (res.result.id != TypeId::kBool)
    fail_at("42809", "op ANY/ALL (array) requires operator to yield boolean", e.location);
  auto x = std::make_shared<ArrayAnyAllExpr>();
  x->left = coerce(left, res.left, CastContext::kImplicit);
  x->array = right;
  x->cmp = res.fn;
  x->element_cast = res.right.id == element.id ? Type(TypeId::kUnknown) : res.right;
  x->any = e.sublink_type == "any";
  x->op = op;
  x->type = Type(TypeId::kBool);
  if (no_fold == 0 && x->is_constant()) return fold(x);
  return x;
}

BExpr Binder::bind_indirection(const ast::Expr& e, Scope& scope) {
  BExpr base = bind_expr(*e.args[0], scope);
  size_t next_index = 1;
  for (const std::string& step : e.names) {
    if (step != "[]") {
      base = bind_field_selection(base, step, e.location);
      continue;
    }
    if (!is_array_type(base->type.id))
      fail_at(sqlstate::kDatatypeMismatch,
              "cannot subscript type " + type_display_name(base->type) + " because it does not support subscripting",
              e.location);
    BExpr index = bind_expr(*e.args[next_index++], scope);
    if (index->type.id != TypeId::kInt4) {
      if (index->type.id != TypeId::kUnknown && !can_cast(index->type.id, TypeId::kInt4, CastContext::kImplicit) &&
          !can_cast(index->type.id, TypeId::kInt4, CastContext::kAssignment))
        fail_at(sqlstate::kDatatypeMismatch, "array subscript must have type integer", e.args[next_index - 1]->location);
      index = coerce(index, Type(TypeId::kInt4), CastContext::kAssignment);
    }
    auto s = std::make_shared<ArraySubscriptExpr>();
    s->array = base;
    s->index = index;
    s->type = Type(array_element_type(base->type.id));
    base = s;
  }
  return base;
}

BExpr Binder::bind_array_function(const ast::Expr& e, Scope& scope, int kind_number) {
  auto kind = static_cast<ArrayFuncExpr::Kind>(kind_number);
  using K = ArrayFuncExpr::Kind;
  const std::string& name = e.names.back();
  auto f = std::make_shared<ArrayFuncExpr>();
  f->kind = kind;
  std::vector<Type> types;
  for (const auto& a : e.args) {
    f->args.push_back(bind_expr(*a, scope));
    types.push_back(f->args.back()->type);
  }
  size_t want_min = (kind == K::kCardinality || kind == K::kNdims) ? 1 : 2;
  size_t want_max = kind == K::kToString ? 3 : want_min;
  bool ok = f->args.size() >= want_min && f->args.size() <= want_max && is_array_type(types[0].id);
  if (!f->args.empty() && types[0].id == TypeId::kUnknown && f->args.size() >= want_min && f->args.size() <= want_max)
    fail_at(sqlstate::kDatatypeMismatch, "could not determine polymorphic type because input has type unknown",
            e.location);
  if (!ok) {
    std::string sig;
    for (size_t i = 0; i < types.size(); ++i) sig += (i ? ", " : "") + type_display_name(types[i]);
    throw DbError(sqlstate::kUndefinedFunction, "function " + name + "(" + sig + ") does not exist")
        .position(e.location + 1)
        .hint("No function matches the given name and argument types. You might need to add explicit type casts.");
  }
  if (kind == K::kToString) {
    for (size_t i = 1; i < f->args.size(); ++i) f->args[i] = coerce(f->args[i], Type(TypeId::kText), CastContext::kImplicit);
    f->type = Type(TypeId::kText);
  } else {
    if (f->args.size() > 1) f->args[1] = coerce(f->args[1], Type(TypeId::kInt4), CastContext::kImplicit);
    f->type = Type(TypeId::kInt4);
  }
  if (no_fold == 0 && f->is_constant()) return fold(f);
  return f;
}

}  // namespace upsertdb
