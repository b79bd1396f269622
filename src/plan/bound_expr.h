// Bound expressions: the typed, name-resolved form the executor evaluates.
// The binder builds them from AST expressions; every node knows its result
// type. Column references are positions in the operator's input row (or in an
// enclosing query's row, `level` steps out, for correlated subqueries).
// `fingerprint()` gives a canonical string so GROUP BY can match expressions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/exec_context.h"
#include "functions/functions.h"
#include "types/operators.h"
#include "types/value.h"

namespace upsertdb {

class Operator;
struct BoundExpr;
using BExpr = std::shared_ptr<const BoundExpr>;

struct BoundExpr {
  Type type;
  virtual ~BoundExpr() = default;
  virtual Value eval(const Row& row, ExecContext& ctx) const = 0;
  virtual std::string fingerprint() const = 0;
  // Constant for the statement (no columns, params, volatile calls, subqueries).
  virtual bool is_constant() const { return false; }
};

struct ConstExpr : BoundExpr {
  Value value;
  // Where an `unknown` literal starts in the statement (0-based, -1 = none): a failed
  // coercion of it reports this cursor position, as PostgreSQL's coerce_type does.
  int location = -1;
  explicit ConstExpr(Value v, Type t) : value(std::move(v)) { type = t; }
  Value eval(const Row&, ExecContext&) const override { return value; }
  std::string fingerprint() const override;
  bool is_constant() const override { return true; }
};

struct ColumnExpr : BoundExpr {
  int index;
  int level;        // 0 = current row, 1 = the enclosing query's row ...
  ColumnExpr(int i, int l, Type t) : index(i), level(l) { type = t; }
  Value eval(const Row& row, ExecContext& ctx) const override {
    if (level == 0) return row[static_cast<size_t>(index)];
    return (*ctx.outer[ctx.outer.size() - static_cast<size_t>(level)])[static_cast<size_t>(index)];
  }
  std::string fingerprint() const override {
    return "c" + std::to_string(level) + "." + std::to_string(index);
  }
};

struct ParamExpr : BoundExpr {
  int index;   // 0-based
  // Parameter types are inferred during binding and shared by all uses.
  std::shared_ptr<std::vector<Type>> types;
  ParamExpr(int i, std::shared_ptr<std::vector<Type>> ts) : index(i), types(std::move(ts)) {
    type = (*types)[static_cast<size_t>(i)];
  }
  Value eval(const Row&, ExecContext& ctx) const override;
  std::string fingerprint() const override { return "$" + std::to_string(index + 1); }
};

struct BinaryExpr : BoundExpr {
  BinaryFn fn;
  std::string op;
  BExpr left, right;
  Value eval(const Row& row, ExecContext& ctx) const override {
    Value l = left->eval(row, ctx);
    if (l.is_null()) return Value::null(type.id);
    Value r = right->eval(row, ctx);
    if (r.is_null()) return Value::null(type.id);
    return fn(l, r);
  }
  std::string fingerprint() const override {
    return "(" + left->fingerprint() + op + right->fingerprint() + ")";
  }
  bool is_constant() const override { return left->is_constant() && right->is_constant(); }
};

struct UnaryExpr : BoundExpr {
  UnaryFn fn;
  std::string op;
  BExpr arg;
  Value eval(const Row& row, ExecContext& ctx) const override {
    Value a = arg->eval(row, ctx);
    if (a.is_null()) return Value::null(type.id);
    return fn(a);
  }
  std::string fingerprint() const override { return "(" + op + arg->fingerprint() + ")"; }
  bool is_constant() const override { return arg->is_constant(); }
};

// AND / OR with SQL three-valued logic.
struct BoolExpr : BoundExpr {
  bool is_and;
  std::vector<BExpr> args;
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override;
  bool is_constant() const override;
};

struct NotExpr : BoundExpr {
  BExpr arg;
  Value eval(const Row& row, ExecContext& ctx) const override {
    Value a = arg->eval(row, ctx);
    if (a.is_null()) return a;
    return Value::boolean(!a.as_bool());
  }
  std::string fingerprint() const override { return "not(" + arg->fingerprint() + ")"; }
  bool is_constant() const override { return arg->is_constant(); }
};

struct NullTestExpr : BoundExpr {
  BExpr arg;
  bool is_not;
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override { return (is_not ? "notnull(" : "isnull(") + arg->fingerprint() + ")"; }
};

// IS [NOT] TRUE / FALSE / UNKNOWN
struct BoolTestExpr : BoundExpr {
  BExpr arg;
  std::string test;   // "true","not_true","false","not_false","unknown","not_unknown"
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override { return "is_" + test + "(" + arg->fingerprint() + ")"; }
};

// IS [NOT] DISTINCT FROM
struct DistinctExpr : BoundExpr {
  BExpr left, right;
  BinaryFn eq;
  bool not_distinct;
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override {
    return (not_distinct ? "nd(" : "d(") + left->fingerprint() + "," + right->fingerprint() + ")";
  }
};

struct CastExpr : BoundExpr {
  BExpr arg;
  CastContext context;
  Value eval(const Row& row, ExecContext& ctx) const override {
    return cast_value(arg->eval(row, ctx), type, context);
  }
  std::string fingerprint() const override {
    return "cast(" + arg->fingerprint() + "," + std::to_string(static_cast<int>(type.id)) + ":" +
           std::to_string(type.typmod) + ")";
  }
  bool is_constant() const override { return arg->is_constant(); }
};

struct FuncExpr : BoundExpr {
  std::string name;
  ResolvedFunction fn;
  std::vector<BExpr> args;
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override;
  bool is_constant() const override;
};

struct CaseExpr : BoundExpr {
  BExpr operand;                   // CASE x WHEN ... (null for searched CASE)
  std::vector<BExpr> whens;        // boolean conditions (operand form: already "operand = value")
  std::vector<BExpr> thens;
  BExpr otherwise;                 // may be null -> NULL
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override;
};

// COALESCE / GREATEST / LEAST
struct VariadicExpr : BoundExpr {
  enum class Kind { kCoalesce, kGreatest, kLeast } kind;
  std::vector<BExpr> args;
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override;
};

struct NullIfExpr : BoundExpr {
  BExpr left, right;
  BinaryFn eq;
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override { return "nullif(" + left->fingerprint() + "," + right->fingerprint() + ")"; }
};

// x [NOT] IN (a, b, c) with three-valued logic.
struct InListExpr : BoundExpr {
  BExpr arg;
  std::vector<BExpr> list;
  std::vector<BinaryFn> eqs;
  bool negated;
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override;
};

// A sub-SELECT used as an expression.
struct SubqueryExpr : BoundExpr {
  enum class Kind { kScalar, kExists, kAny, kAll, kArray } kind;
  std::shared_ptr<Operator> plan;
  bool correlated = false;         // refers to enclosing rows: re-run per row
  BExpr test;                      // ANY/ALL left operand
  BinaryFn cmp = nullptr;          // ANY/ALL comparison
  Value eval(const Row& row, ExecContext& ctx) const override;
  std::string fingerprint() const override;
};

// Evaluates a predicate: true only for a non-null true.
inline bool eval_predicate(const BoundExpr& e, const Row& row, ExecContext& ctx) {
  Value v = e.eval(row, ctx);
  return !v.is_null() && v.as_bool();
}

}  // namespace upsertdb
