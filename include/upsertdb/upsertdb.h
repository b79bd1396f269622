// UpsertDB embedded API.
//
//   auto db = upsertdb::Database::open("");          // "" = in-memory, else a directory
//   auto conn = db->connect();                       // one connection per thread
//   conn->execute("CREATE TABLE t (k bigint PRIMARY KEY, v text)");
//   auto ins = conn->prepare("INSERT INTO t VALUES ($1, $2)");
//   ins.bind(1, int64_t{42}).bind(2, "hello").execute();
//   auto r = conn->execute("SELECT k, v FROM t");
//   while (r.next()) std::cout << r.get_int64(0) << " " << r.get_text(1) << "\n";
//
// Every failure throws upsertdb::Error carrying PostgreSQL's error fields.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace upsertdb {

class Session;       // engine internals
class Engine;
struct PreparedPlan;
struct QueryResult;

class Error : public std::runtime_error {
 public:
  Error(std::string sqlstate, std::string message, std::string detail = {}, std::string hint = {},
        std::string schema = {}, std::string table = {}, std::string column = {},
        std::string constraint = {}, int position = 0)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)), message_(std::move(message)),
        detail_(std::move(detail)), hint_(std::move(hint)), schema_(std::move(schema)),
        table_(std::move(table)), column_(std::move(column)), constraint_(std::move(constraint)),
        position_(position) {}
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& message() const { return message_; }
  const std::string& detail() const { return detail_; }
  const std::string& hint() const { return hint_; }
  const std::string& schema() const { return schema_; }
  const std::string& table() const { return table_; }
  const std::string& column() const { return column_; }
  const std::string& constraint() const { return constraint_; }
  int position() const { return position_; }

 private:
  std::string sqlstate_, message_, detail_, hint_, schema_, table_, column_, constraint_;
  int position_;
};

// Column metadata of a result.
struct Column {
  std::string name;
  uint32_t type_oid;       // PostgreSQL's pg_type OID (23 = integer, 25 = text, ...)
  std::string type_name;   // format_type() spelling: "integer", "character varying(10)"
};

// The result of one statement: rows (if any) and PostgreSQL's command tag
// ("SELECT 3", "INSERT 0 1", "CREATE TABLE"). Iterate with next().
class Result {
 public:
  Result();
  ~Result();
  Result(Result&&) noexcept;
  Result& operator=(Result&&) noexcept;

  const std::vector<Column>& columns() const;
  size_t column_count() const;
  size_t row_count() const;
  const std::string& command_tag() const;
  // Rows affected for INSERT/UPDATE/DELETE, rows returned for SELECT.
  uint64_t affected_rows() const;

  bool next();                      // advances to the next row; false at the end
  void rewind();
  bool is_null(size_t col) const;
  int64_t get_int64(size_t col) const;   // integer types; throws on other types
  double get_double(size_t col) const;   // numeric-family types
  bool get_bool(size_t col) const;
  std::string get_text(size_t col) const; // PostgreSQL's text output of any type; "" for NULL

 private:
  friend class Connection;
  friend class PreparedStatement;
  explicit Result(std::unique_ptr<QueryResult> r);
  explicit Result(QueryResult&& r);
  std::unique_ptr<QueryResult> r_;
  size_t pos_ = 0;
  bool started_ = false;
};

class PreparedStatement {
 public:
  PreparedStatement(PreparedStatement&&) noexcept;
  PreparedStatement& operator=(PreparedStatement&&) noexcept;
  ~PreparedStatement();

  size_t parameter_count() const;
  // Parameters are numbered from 1, as $1, $2 ... in the SQL text.
  PreparedStatement& bind(int index, int64_t v);
  PreparedStatement& bind(int index, int v) { return bind(index, static_cast<int64_t>(v)); }
  PreparedStatement& bind(int index, double v);
  PreparedStatement& bind(int index, bool v);
  PreparedStatement& bind(int index, const std::string& v);   // text form, any type
  PreparedStatement& bind(int index, const char* v) { return bind(index, std::string(v)); }
  PreparedStatement& bind_null(int index);
  void clear_bindings();
  Result execute();

 private:
  friend class Connection;
  PreparedStatement(Session* s, std::shared_ptr<PreparedPlan> p);
  Session* session_;
  std::shared_ptr<PreparedPlan> plan_;
  struct Params;
  std::unique_ptr<Params> params_;
};

class Connection {
 public:
  ~Connection();
  // Runs every statement in `sql`; returns the last statement's result.
  Result execute(const std::string& sql);
  // Runs every statement, returning each one's result (stops at the first error, which it throws).
  std::vector<Result> execute_all(const std::string& sql);
  PreparedStatement prepare(const std::string& sql);
  bool in_transaction() const;
  // 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block.
  char transaction_status() const;
  Session& session() { return *session_; }

 private:
  friend class Database;
  explicit Connection(std::unique_ptr<Session> s);
  std::unique_ptr<Session> session_;
};

class Database {
 public:
  // "" opens an in-memory database; a path opens (creating if needed) a data directory.
  static std::unique_ptr<Database> open(const std::string& path);
  ~Database();
  std::unique_ptr<Connection> connect();
  Engine& engine() { return *engine_; }

 private:
  explicit Database(std::unique_ptr<Engine> e);
  std::unique_ptr<Engine> engine_;
};

}  // namespace upsertdb
