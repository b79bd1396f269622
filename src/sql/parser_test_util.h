// Test helpers for the parser tests: parse one statement as a given AST type,
// parse one expression, capture the DbError of a failing parse.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"
#include "sql/parser.h"

namespace upsertdb::testing {

template <class T>
std::unique_ptr<T> parse_as(std::string_view sql) {
  auto stmts = parse_sql(sql);
  if (stmts.size() != 1) {
    ADD_FAILURE() << "expected one statement in: " << sql;
    return nullptr;
  }
  T* typed = dynamic_cast<T*>(stmts[0].stmt.get());
  if (!typed) {
    ADD_FAILURE() << "statement has kind " << static_cast<int>(stmts[0].stmt->kind) << ": " << sql;
    return nullptr;
  }
  stmts[0].stmt.release();
  return std::unique_ptr<T>(typed);
}

// The expression of `SELECT <text>`; the statement is kept alive in `holder`.
inline const ast::Expr& parse_expr(std::string_view text, std::unique_ptr<ast::SelectStmt>& holder) {
  holder = parse_as<ast::SelectStmt>("select " + std::string(text));
  static const ast::Expr kNone(ast::ExprKind::kDefault);
  if (!holder || holder->targets.size() != 1 || !holder->targets[0].expr) {
    ADD_FAILURE() << "no single expression in: " << text;
    return kNone;
  }
  return *holder->targets[0].expr;
}

inline ErrorFields parse_error(std::string_view sql) {
  try {
    parse_sql(sql);
  } catch (const DbError& e) {
    return e.fields();
  }
  ADD_FAILURE() << "expected an error from: " << sql;
  return {};
}

}  // namespace upsertdb::testing
