// The public embedded API (include/upsertdb/upsertdb.h) as a thin adapter over
// the engine's Session: every engine DbError becomes an upsertdb::Error with the
// same fields, bound C++ values become engine Values, and a Result walks the
// materialised QueryResult.
#include "upsertdb/upsertdb.h"

#include <cstdlib>
#include <utility>

#include "common/error.h"
#include "engine/engine.h"
#include "engine/query_result.h"
#include "engine/session.h"
#include "types/type.h"
#include "types/value.h"

namespace upsertdb {

namespace {

Error to_public_error(const DbError& e) {
  const ErrorFields& f = e.fields();
  return Error(f.sqlstate, f.message, f.detail, f.hint, f.schema, f.table, f.column, f.constraint,
               f.position);
}

// Runs `fn`, translating engine errors into the public Error type. Anything
// else escaping the engine is a bug; it still reaches the caller as an
// internal_error rather than an unknown exception type.
template <typename F>
auto translate_errors(F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const DbError& e) {
    throw to_public_error(e);
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw Error("53200", "out of memory");
  } catch (const std::exception& e) {
    throw Error(sqlstate::kInternalError, e.what());
  }
}

// API misuse (bad column index, reading past the end) is reported with the
// SQLSTATEs PostgreSQL uses for the nearest equivalent.
[[noreturn]] void misuse(const char* state, std::string message) { throw Error(state, std::move(message)); }

}  // namespace

// ---- Result -----------------------------------------------------------------
//
// Result holds a unique_ptr<QueryResult>, but the public Column list must live
// somewhere for columns() to return a reference. Every Result therefore owns a
// ResultData (a QueryResult plus its public column list), and the special
// members below delete it as a ResultData, never through the base pointer.

namespace {

struct ResultData : QueryResult {
  std::vector<Column> public_columns;
};

// One spare per thread: a program that runs a prepared statement in a loop
// and drops each Result before the next gets the same block back, so a
// steady-state execution allocates nothing (issue 7's target).
thread_local std::unique_ptr<ResultData> t_spare_result;

std::unique_ptr<QueryResult> make_result_data(QueryResult&& from) {
  std::unique_ptr<ResultData> d = t_spare_result ? std::move(t_spare_result) : std::make_unique<ResultData>();
  static_cast<QueryResult&>(*d) = std::move(from);
  d->public_columns.clear();
  d->public_columns.reserve(d->columns.size());
  for (const auto& c : d->columns)
    d->public_columns.push_back(Column{c.name, type_oid(c.type.id), type_display_name(c.type)});
  return std::unique_ptr<QueryResult>(d.release());
}

void destroy_result_data(std::unique_ptr<QueryResult>& r) {
  std::unique_ptr<ResultData> d(static_cast<ResultData*>(r.release()));
  if (d && !t_spare_result && d->rows.size() <= 64) {   // a small one is kept, emptied
    d->rows.clear();
    t_spare_result = std::move(d);
  }
}

}  // namespace

Result::Result() : r_(make_result_data(QueryResult{})) {}
Result::Result(std::unique_ptr<QueryResult> r) : r_(make_result_data(std::move(*r))) {}
Result::Result(QueryResult&& r) : r_(make_result_data(std::move(r))) {}
Result::~Result() { destroy_result_data(r_); }
Result::Result(Result&& o) noexcept : r_(std::move(o.r_)), pos_(o.pos_), started_(o.started_) {}
Result& Result::operator=(Result&& o) noexcept {
  if (this != &o) {
    destroy_result_data(r_);
    r_ = std::move(o.r_);
    pos_ = o.pos_;
    started_ = o.started_;
  }
  return *this;
}

const std::vector<Column>& Result::columns() const {
  static const std::vector<Column> kNone;
  return r_ ? static_cast<const ResultData&>(*r_).public_columns : kNone;
}

size_t Result::column_count() const { return r_ ? r_->columns.size() : 0; }
size_t Result::row_count() const { return r_ ? r_->rows.size() : 0; }
const std::string& Result::command_tag() const {
  static const std::string kEmpty;
  return r_ ? r_->command_tag : kEmpty;
}
uint64_t Result::affected_rows() const { return r_ ? r_->affected : 0; }

bool Result::next() {
  size_t n = row_count();
  if (!started_) {
    started_ = true;
    pos_ = 0;
  } else if (pos_ < n) {
    ++pos_;
  }
  return pos_ < n;
}

void Result::rewind() {
  started_ = false;
  pos_ = 0;
}

namespace {

const Value& current_value(const QueryResult* r, bool started, size_t pos, size_t col) {
  if (!r || !started || pos >= r->rows.size())
    misuse("24000", "no current row: call next() before reading values");
  if (col >= r->columns.size())
    misuse("22023", "column index " + std::to_string(col) + " is out of range (result has " +
                        std::to_string(r->columns.size()) + " columns)");
  return r->rows[pos][col];
}

[[noreturn]] void wrong_type(const QueryResult* r, size_t col, const char* wanted) {
  misuse(sqlstate::kDatatypeMismatch, "column " + std::to_string(col) + " (\"" + r->columns[col].name +
                                           "\") is of type " + type_display_name(r->columns[col].type) +
                                           ", not " + wanted);
}

[[noreturn]] void null_value(const QueryResult* r, size_t col) {
  misuse(sqlstate::kNotNullViolation,
         "column " + std::to_string(col) + " (\"" + r->columns[col].name + "\") is null; check is_null() first");
}

}  // namespace

bool Result::is_null(size_t col) const { return current_value(r_.get(), started_, pos_, col).is_null(); }

int64_t Result::get_int64(size_t col) const {
  const Value& v = current_value(r_.get(), started_, pos_, col);
  TypeId t = v.is_null() ? r_->columns[col].type.id : v.type();
  if (!is_integer_type(t)) wrong_type(r_.get(), col, "an integer type");
  if (v.is_null()) null_value(r_.get(), col);
  return v.as_int();
}

double Result::get_double(size_t col) const {
  const Value& v = current_value(r_.get(), started_, pos_, col);
  TypeId t = v.is_null() ? r_->columns[col].type.id : v.type();
  if (!is_numeric_family(t)) wrong_type(r_.get(), col, "a numeric type");
  if (v.is_null()) null_value(r_.get(), col);
  switch (t) {
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return v.as_float();
    case TypeId::kNumeric: {
      // numeric keeps canonical decimal text ("12.50", "NaN", "Infinity"); strtod reads all of them.
      return std::strtod(v.as_str().c_str(), nullptr);
    }
    default:
      return static_cast<double>(v.as_int());
  }
}

bool Result::get_bool(size_t col) const {
  const Value& v = current_value(r_.get(), started_, pos_, col);
  TypeId t = v.is_null() ? r_->columns[col].type.id : v.type();
  if (t != TypeId::kBool) wrong_type(r_.get(), col, "boolean");
  if (v.is_null()) null_value(r_.get(), col);
  return v.as_bool();
}

std::string Result::get_text(size_t col) const {
  const Value& v = current_value(r_.get(), started_, pos_, col);
  if (v.is_null()) return {};
  return translate_errors([&] { return value_to_text(v); });
}

// ---- PreparedStatement --------------------------------------------------------

struct PreparedStatement::Params {
  std::vector<Value> values;
  std::vector<bool> bound;
};

PreparedStatement::PreparedStatement(Session* s, std::shared_ptr<PreparedPlan> p)
    : session_(s), plan_(std::move(p)), params_(std::make_unique<Params>()) {
  size_t n = translate_errors([&] { return session_->parameter_types(*plan_).size(); });
  params_->values.resize(n);
  params_->bound.assign(n, false);
}
PreparedStatement::PreparedStatement(PreparedStatement&&) noexcept = default;
PreparedStatement& PreparedStatement::operator=(PreparedStatement&&) noexcept = default;
PreparedStatement::~PreparedStatement() = default;

size_t PreparedStatement::parameter_count() const { return params_ ? params_->values.size() : 0; }

namespace {

// Params is private to PreparedStatement; a template deduces it without naming it.
template <typename P>
void bind_value(P& p, int index, Value v) {
  if (index < 1 || static_cast<size_t>(index) > p.values.size())
    misuse(sqlstate::kInvalidParameterValue,
           "parameter $" + std::to_string(index) + " is out of range (the statement has " +
               std::to_string(p.values.size()) + " parameters)");
  p.values[index - 1] = std::move(v);
  p.bound[index - 1] = true;
}

}  // namespace

PreparedStatement& PreparedStatement::bind(int index, int64_t v) {
  bind_value(*params_, index, Value::int8(v));
  return *this;
}
PreparedStatement& PreparedStatement::bind(int index, double v) {
  bind_value(*params_, index, Value::float8(v));
  return *this;
}
PreparedStatement& PreparedStatement::bind(int index, bool v) {
  bind_value(*params_, index, Value::boolean(v));
  return *this;
}
PreparedStatement& PreparedStatement::bind(int index, const std::string& v) {
  // Text form: the engine parses it as the parameter's type, as PostgreSQL does
  // for a text-format Bind parameter.
  bind_value(*params_, index, Value::unknown_literal(v));
  return *this;
}
PreparedStatement& PreparedStatement::bind_null(int index) {
  bind_value(*params_, index, Value::null());
  return *this;
}

void PreparedStatement::clear_bindings() {
  for (auto& v : params_->values) v = Value::null();
  params_->bound.assign(params_->bound.size(), false);
}

Result PreparedStatement::execute() {
  size_t bound = 0;
  for (bool b : params_->bound) bound += b;
  if (bound != params_->values.size()) {
    // PostgreSQL's Bind message check, counting only the parameters given.
    for (size_t i = 0; i < params_->bound.size(); ++i)
      if (!params_->bound[i])
        misuse("08P01", "bind message supplies " + std::to_string(bound) +
                            " parameters, but prepared statement \"\" requires " +
                            std::to_string(params_->values.size()) + " (parameter $" +
                            std::to_string(i + 1) + " is not bound)");
  }
  return translate_errors([&] {
    return Result(session_->execute_prepared(*plan_, params_->values));
  });
}

// ---- Connection -----------------------------------------------------------------

Connection::Connection(std::unique_ptr<Session> s) : session_(std::move(s)) {}
Connection::~Connection() = default;

Result Connection::execute(const std::string& sql) {
  return translate_errors([&] {
    std::vector<QueryResult> results = session_->execute(sql);
    if (results.empty()) return Result();
    return Result(std::make_unique<QueryResult>(std::move(results.back())));
  });
}

std::vector<Result> Connection::execute_all(const std::string& sql) {
  return translate_errors([&] {
    std::vector<QueryResult> results = session_->execute(sql);
    std::vector<Result> out;
    out.reserve(results.size());
    for (auto& r : results) out.push_back(Result(std::make_unique<QueryResult>(std::move(r))));
    return out;
  });
}

PreparedStatement Connection::prepare(const std::string& sql) {
  return translate_errors([&] { return PreparedStatement(session_.get(), session_->prepare(sql)); });
}

char Connection::transaction_status() const { return session_->transaction_status(); }
bool Connection::in_transaction() const { return transaction_status() != 'I'; }

// ---- Database ---------------------------------------------------------------------

Database::Database(std::unique_ptr<Engine> e) : engine_(std::move(e)) {}
Database::~Database() = default;

std::unique_ptr<Database> Database::open(const std::string& path) {
  return translate_errors(
      [&] { return std::unique_ptr<Database>(new Database(std::make_unique<Engine>(path))); });
}

std::unique_ptr<Connection> Database::connect() {
  return translate_errors(
      [&] { return std::unique_ptr<Connection>(new Connection(std::make_unique<Session>(*engine_))); });
}

}  // namespace upsertdb
