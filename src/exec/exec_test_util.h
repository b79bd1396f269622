// Test-only helpers for the executor tests: hand-built tables (rows stored as
// committed versions at timestamp 1), bound-expression builders and a runner
// that renders an operator's output as "a|b" strings ("NULL" for null).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "exec/operator.h"
#include "functions/test_support.h"
#include "types/operators.h"

namespace upsertdb::exec_test {

inline std::shared_ptr<TableInfo> make_table(const std::string& name, const std::vector<std::pair<std::string, Type>>& cols,
                                             const std::vector<Row>& rows, uint64_t commit_ts = 1) {
  auto t = std::make_shared<TableInfo>();
  t->name = name;
  for (const auto& [n, ty] : cols) {
    ColumnInfo c;
    c.name = n;
    c.type = ty;
    t->columns.push_back(c);
  }
  for (const Row& r : rows) {
    std::string enc;
    encode_row(r, t->physical_types(), enc);
    t->store->append(Version::make(enc, commit_ts, 0));
  }
  return t;
}

inline BExpr lit(Value v) {
  Type t(v.type());
  return std::make_shared<ConstExpr>(std::move(v), t);
}
inline BExpr null_of(TypeId t) { return std::make_shared<ConstExpr>(Value::null(t), Type(t)); }
inline BExpr col(int i, TypeId t, int level = 0) { return std::make_shared<ColumnExpr>(i, level, Type(t)); }

inline BExpr binop(const std::string& op, BExpr l, BExpr r) {
  ResolvedBinaryOp res = resolve_binary_operator(op, l->type, r->type);
  auto e = std::make_shared<BinaryExpr>();
  e->type = res.result;
  e->fn = res.fn;
  e->op = op;
  e->left = std::move(l);
  e->right = std::move(r);
  return e;
}

inline BinaryFn eq_fn(TypeId t) { return resolve_binary_operator("=", Type(t), Type(t)).fn; }

inline BExpr boolean(bool is_and, std::vector<BExpr> args) {
  auto e = std::make_shared<BoolExpr>();
  e->type = Type(TypeId::kBool);
  e->is_and = is_and;
  e->args = std::move(args);
  return e;
}

inline std::string render(const Row& r) {
  std::string s;
  for (size_t i = 0; i < r.size(); ++i) {
    if (i) s += "|";
    s += r[i].is_null() ? "NULL" : value_to_text(r[i]);
  }
  return s;
}

inline std::string eval_text(const BExpr& e, ExecContext& ctx, const Row& row = {}) {
  Value v = e->eval(row, ctx);
  return v.is_null() ? "NULL" : value_to_text(v);
}

// A context reading everything committed at or before timestamp 10.
struct TestContext {
  fn_test::FakeContext functions;
  ExecContext ctx;
  TestContext() {
    ctx.snapshot.read_ts = 10;
    ctx.functions = &functions;
  }
};

inline std::vector<std::string> run(Operator& op, ExecContext& ctx) {
  std::vector<std::string> out;
  for (const Row& r : collect_rows(op, ctx)) out.push_back(render(r));
  return out;
}

inline std::vector<std::string> strs(std::initializer_list<const char*> l) { return {l.begin(), l.end()}; }

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DbError& e) {
    return e.sqlstate() + " " + e.fields().message;
  }
  return "no error";
}

// Scan of a table with the given columns as output descriptors.
inline std::shared_ptr<SeqScanOp> scan(std::shared_ptr<TableInfo> t, BExpr filter = nullptr) {
  auto s = std::make_shared<SeqScanOp>();
  s->table = t;
  s->filter = std::move(filter);
  for (const auto& c : t->columns) s->columns.push_back(ColumnDesc{c.name, c.type});
  return s;
}

inline std::shared_ptr<ValuesOp> values(std::vector<std::vector<Value>> rows) {
  auto v = std::make_shared<ValuesOp>();
  for (auto& r : rows) {
    std::vector<BExpr> exprs;
    for (auto& x : r) exprs.push_back(lit(x));
    v->rows.push_back(std::move(exprs));
  }
  if (!rows.empty())
    for (auto& x : rows[0]) v->columns.push_back(ColumnDesc{"c", Type(x.type())});
  return v;
}

}  // namespace upsertdb::exec_test
