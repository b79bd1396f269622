// Deparse: a bound expression back to SQL text the way PostgreSQL's
// ruleutils prints stored expressions — implicit casts made visible
// (`upper(code::text)`), binary operators parenthesised. Used where
// PostgreSQL shows an index expression (unique-violation DETAIL).
#pragma once

#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "plan/bound_expr.h"

namespace upsertdb {

// nullopt when the expression holds a node this deparser does not know.
std::optional<std::string> deparse_expression(const BoundExpr& e, const TableInfo& table);

}  // namespace upsertdb
