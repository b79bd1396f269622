// Implication between bound predicates (see predicate_proof.h).
#include "plan/predicate_proof.h"

#include <optional>
#include <string>

namespace upsertdb {

namespace {

// `expr op constant`, with the constant moved to the right (the operator commuted).
struct Comparison {
  const BoundExpr* expr = nullptr;
  std::string op;   // = < <= > >= <>
  const ConstExpr* constant = nullptr;
};

std::string commuted(const std::string& op) {
  if (op == "<") return ">";
  if (op == "<=") return ">=";
  if (op == ">") return "<";
  if (op == ">=") return "<=";
  return op;   // = and <> are symmetric
}

std::optional<Comparison> as_comparison(const BoundExpr& e) {
  auto* b = dynamic_cast<const BinaryExpr*>(&e);
  if (!b) return std::nullopt;
  std::string op = b->op == "!=" ? "<>" : b->op;
  if (op != "=" && op != "<>" && op != "<" && op != "<=" && op != ">" && op != ">=") return std::nullopt;
  auto* rc = dynamic_cast<const ConstExpr*>(b->right.get());
  auto* lc = dynamic_cast<const ConstExpr*>(b->left.get());
  if (rc && !lc && !rc->value.is_null()) return Comparison{b->left.get(), op, rc};
  if (lc && !rc && !lc->value.is_null()) return Comparison{b->right.get(), commuted(op), lc};
  return std::nullopt;
}

// x opc a implies x opp b, given cmp = compare(a, b): btree reasoning over one ordering.
bool comparison_implies(const std::string& opc, const std::string& opp, int cmp) {
  if (opp == "=") return opc == "=" && cmp == 0;
  if (opp == ">") return (opc == ">" && cmp >= 0) || ((opc == ">=" || opc == "=") && cmp > 0);
  if (opp == ">=") return (opc == ">" || opc == ">=" || opc == "=") && cmp >= 0;
  if (opp == "<") return (opc == "<" && cmp <= 0) || ((opc == "<=" || opc == "=") && cmp < 0);
  if (opp == "<=") return (opc == "<" || opc == "<=" || opc == "=") && cmp <= 0;
  if (opp == "<>") {
    if (opc == "=" || opc == "<=" || opc == ">=") return opc == "=" ? cmp != 0 : opc == "<=" ? cmp < 0 : cmp > 0;
    if (opc == "<") return cmp <= 0;
    if (opc == ">") return cmp >= 0;
    return opc == "<>" && cmp == 0;
  }
  return false;
}

// Both sides are single clauses (no AND / OR at the top).
bool simple_implies(const BoundExpr& clause, const BoundExpr& pred) {
  if (clause.fingerprint() == pred.fingerprint()) return true;
  auto c = as_comparison(clause);
  if (auto* nt = dynamic_cast<const NullTestExpr*>(&pred)) {
    // Every comparison operator is strict: true only when its operands are not null.
    auto* b = dynamic_cast<const BinaryExpr*>(&clause);
    if (!nt->is_not || !b || !as_comparison(clause)) return false;
    std::string x = nt->arg->fingerprint();
    return b->left->fingerprint() == x || b->right->fingerprint() == x;
  }
  auto p = as_comparison(pred);
  if (!c || !p) return false;
  if (c->expr->fingerprint() != p->expr->fingerprint()) return false;
  if (c->constant->type.id != p->constant->type.id) return false;
  return comparison_implies(c->op, p->op, compare_values(c->constant->value, p->constant->value));
}

const BoolExpr* as_bool(const BoundExpr& e, bool is_and) {
  auto* b = dynamic_cast<const BoolExpr*>(&e);
  return b && b->is_and == is_and ? b : nullptr;
}

// `b = true` is b, `b = false` and `b <> true` are NOT b, as PostgreSQL's
// eval_const_expressions simplifies them before it tries a proof. Returns null
// when `e` is not such a comparison.
BExpr simplified_bool_comparison(const BoundExpr& e) {
  auto* b = dynamic_cast<const BinaryExpr*>(&e);
  if (!b || (b->op != "=" && b->op != "<>" && b->op != "!=")) return nullptr;
  auto* c = dynamic_cast<const ConstExpr*>(b->right.get());
  BExpr other = b->left;
  if (!c) {
    c = dynamic_cast<const ConstExpr*>(b->left.get());
    other = b->right;
  }
  if (!c || c->value.is_null() || c->type.id != TypeId::kBool || other->type.id != TypeId::kBool) return nullptr;
  bool positive = c->value.as_bool() == (b->op == "=");
  if (positive) return other;
  auto n = std::make_shared<NotExpr>();
  n->arg = other;
  n->type = Type(TypeId::kBool);
  return n;
}

}  // namespace

bool predicate_implied_by(const BoundExpr& clause, const BoundExpr& pred) {
  if (BExpr c = simplified_bool_comparison(clause)) return predicate_implied_by(*c, pred);
  if (BExpr p = simplified_bool_comparison(pred)) return predicate_implied_by(clause, *p);
  // x IN (c1, c2 ...) is x = c1 OR x = c2 ... (PostgreSQL's ScalarArrayOpExpr proof).
  if (auto* in = dynamic_cast<const InListExpr*>(&clause); in && !in->negated) {
    for (const auto& item : in->list) {
      auto eq = std::make_shared<BinaryExpr>();
      eq->op = "=";
      eq->left = in->arg;
      eq->right = item;
      eq->type = Type(TypeId::kBool);
      if (!predicate_implied_by(*eq, pred)) return false;
    }
    return !in->list.empty();
  }
  // Break the predicate down first (PostgreSQL's predicate_implied_by_recurse).
  if (const BoolExpr* all = as_bool(pred, true)) {
    for (const auto& arm : all->args)
      if (!predicate_implied_by(clause, *arm)) return false;
    return true;
  }
  if (const BoolExpr* all = as_bool(clause, true)) {
    for (const auto& part : all->args)
      if (predicate_implied_by(*part, pred)) return true;
    return false;
  }
  if (const BoolExpr* any = as_bool(clause, false)) {
    for (const auto& arm : any->args)
      if (!predicate_implied_by(*arm, pred)) return false;
    return true;
  }
  if (const BoolExpr* any = as_bool(pred, false)) {
    for (const auto& arm : any->args)
      if (predicate_implied_by(clause, *arm)) return true;
    return false;
  }
  return simple_implies(clause, pred);
}

}  // namespace upsertdb
