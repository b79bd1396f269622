// Does one bound boolean expression imply another? ON CONFLICT uses this to
// decide whether its WHERE lets a partial unique index arbitrate, as
// PostgreSQL's predicate_implied_by (optimizer/util/predtest.c) does. The
// proof is sound and deliberately incomplete, covering the forms PostgreSQL
// proves for such predicates:
//   - identical expressions;
//   - AND / OR on either side (an AND clause implies what any of its parts
//     implies; an OR predicate is implied when one of its arms is, ...);
//   - x op c implying x op' c' for the btree comparisons (= < <= > >= <>)
//     with constants of one type (x > 15 implies x > 10);
//   - x IN (c1, c2, ...) read as x = c1 OR x = c2 ...;
//   - a strict comparison on x implying x IS NOT NULL;
//   - b = true read as b, b = false and b <> true as NOT b (PostgreSQL
//     simplifies them first).
// Anything it cannot prove counts as not implied (the index is no arbiter).
#pragma once

#include "plan/bound_expr.h"

namespace upsertdb {

bool predicate_implied_by(const BoundExpr& clause, const BoundExpr& predicate);

}  // namespace upsertdb
