// predicate_implied_by: the implications ON CONFLICT relies on to pick a partial
// unique index, and the ones it must refuse (a wrong "implied" would let an index
// arbitrate rows it does not cover).
#include "plan/predicate_proof.h"

#include <gtest/gtest.h>

namespace upsertdb {
namespace {

BExpr col(int i) { return std::make_shared<ColumnExpr>(i, 0, Type(TypeId::kInt4)); }
BExpr num(int v) { return std::make_shared<ConstExpr>(Value::int4(v), Type(TypeId::kInt4)); }

BExpr cmp(BExpr l, const std::string& op, BExpr r) {
  auto b = std::make_shared<BinaryExpr>();
  b->op = op;
  b->left = std::move(l);
  b->right = std::move(r);
  b->type = Type(TypeId::kBool);
  return b;
}

BExpr both(std::vector<BExpr> args, bool is_and) {
  auto b = std::make_shared<BoolExpr>();
  b->is_and = is_and;
  b->args = std::move(args);
  b->type = Type(TypeId::kBool);
  return b;
}

BExpr not_null(BExpr arg) {
  auto n = std::make_shared<NullTestExpr>();
  n->arg = std::move(arg);
  n->is_not = true;
  n->type = Type(TypeId::kBool);
  return n;
}

bool implies(const BExpr& clause, const BExpr& pred) { return predicate_implied_by(*clause, *pred); }

TEST(PredicateProof, IdenticalClauses) {
  EXPECT_TRUE(implies(cmp(col(0), ">", num(10)), cmp(col(0), ">", num(10))));
  EXPECT_FALSE(implies(cmp(col(1), ">", num(10)), cmp(col(0), ">", num(10))));
}

TEST(PredicateProof, ComparisonsWithConstants) {
  EXPECT_TRUE(implies(cmp(col(0), ">", num(15)), cmp(col(0), ">", num(10))));
  EXPECT_TRUE(implies(cmp(col(0), ">", num(10)), cmp(col(0), ">=", num(10))));
  EXPECT_FALSE(implies(cmp(col(0), ">", num(5)), cmp(col(0), ">", num(10))));
  EXPECT_FALSE(implies(cmp(col(0), ">=", num(10)), cmp(col(0), ">", num(10))));
  EXPECT_TRUE(implies(cmp(col(0), "=", num(11)), cmp(col(0), ">", num(10))));
  EXPECT_FALSE(implies(cmp(col(0), "=", num(10)), cmp(col(0), ">", num(10))));
  EXPECT_TRUE(implies(cmp(col(0), "<", num(3)), cmp(col(0), "<>", num(3))));
  EXPECT_FALSE(implies(cmp(col(0), "<=", num(3)), cmp(col(0), "<>", num(3))));
  EXPECT_TRUE(implies(cmp(col(0), "=", num(4)), cmp(col(0), "<=", num(4))));
  EXPECT_FALSE(implies(cmp(col(0), "<>", num(4)), cmp(col(0), "<", num(9))));
  // the constant on the left is commuted: 10 < x is x > 10
  EXPECT_TRUE(implies(cmp(num(20), "<", col(0)), cmp(col(0), ">", num(10))));
  EXPECT_FALSE(implies(cmp(num(20), ">", col(0)), cmp(col(0), ">", num(10))));
}

TEST(PredicateProof, AndOr) {
  BExpr pred = both({cmp(col(0), ">", num(100)), cmp(col(1), "<", num(5))}, true);
  EXPECT_TRUE(implies(both({cmp(col(0), ">", num(150)), cmp(col(1), "<", num(2))}, true), pred));
  EXPECT_FALSE(implies(cmp(col(0), ">", num(150)), pred));
  EXPECT_TRUE(implies(cmp(col(0), ">", num(150)), both({cmp(col(0), ">", num(100)), cmp(col(1), "<", num(5))}, false)));
  // an OR clause implies only what each of its arms implies
  EXPECT_FALSE(implies(both({cmp(col(0), ">", num(150)), cmp(col(1), "<", num(2))}, false), cmp(col(0), ">", num(100))));
  EXPECT_TRUE(implies(both({cmp(col(0), ">", num(150)), cmp(col(0), "=", num(101))}, false), cmp(col(0), ">", num(100))));
}

TEST(PredicateProof, StrictComparisonImpliesNotNull) {
  EXPECT_TRUE(implies(cmp(col(0), ">", num(0)), not_null(col(0))));
  EXPECT_TRUE(implies(cmp(num(0), "<", col(0)), not_null(col(0))));
  EXPECT_FALSE(implies(cmp(col(1), ">", num(0)), not_null(col(0))));
  EXPECT_FALSE(implies(not_null(col(0)), cmp(col(0), ">", num(0))));
}

TEST(PredicateProof, BooleanComparisonsAreSimplified) {
  auto flag = std::make_shared<ColumnExpr>(2, 0, Type(TypeId::kBool));
  BExpr t = std::make_shared<ConstExpr>(Value::boolean(true), Type(TypeId::kBool));
  BExpr f = std::make_shared<ConstExpr>(Value::boolean(false), Type(TypeId::kBool));
  auto negated = std::make_shared<NotExpr>();
  negated->arg = flag;
  negated->type = Type(TypeId::kBool);
  EXPECT_TRUE(implies(cmp(flag, "=", t), flag));
  EXPECT_TRUE(implies(cmp(t, "=", flag), flag));
  EXPECT_TRUE(implies(cmp(flag, "=", f), negated));
  EXPECT_TRUE(implies(cmp(flag, "<>", t), negated));
  EXPECT_TRUE(implies(negated, cmp(flag, "=", f)));
  EXPECT_FALSE(implies(cmp(flag, "=", f), flag));
  EXPECT_FALSE(implies(cmp(flag, "<>", f), negated));
}

TEST(PredicateProof, InListIsAnOr) {
  auto in = std::make_shared<InListExpr>();
  in->arg = col(0);
  in->list = {num(1), num(2)};
  in->negated = false;
  in->type = Type(TypeId::kBool);
  EXPECT_TRUE(implies(in, cmp(col(0), ">", num(0))));
  EXPECT_FALSE(implies(in, cmp(col(0), ">", num(1))));
  in->negated = true;
  EXPECT_FALSE(implies(in, cmp(col(0), ">", num(0))));
}

}  // namespace
}  // namespace upsertdb
