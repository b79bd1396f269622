// Session: one connection's state — its transaction, settings, prepared
// statements and sequence currvals — and the entry point that runs SQL. The
// embedded API and the wire server are thin adapters over this class.
//
// Transaction semantics follow PostgreSQL: outside a block each statement runs
// in its own transaction; inside BEGIN ... COMMIT an error puts the block into
// the failed state where every statement but ROLLBACK raises 25P02.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "engine/query_result.h"
#include "sql/ast.h"
#include "types/value.h"

namespace upsertdb {

class CopyChannel;
class Engine;
class Transaction;
struct PreparedPlan;
struct SessionSettings;

class Session {
 public:
  explicit Session(Engine& engine);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs every statement of `sql` in order and returns one result per statement.
  // On an error the statements before it have taken effect (as PostgreSQL's
  // simple-query protocol does) and the DbError is thrown.
  std::vector<QueryResult> execute(std::string_view sql);
  // Runs the statement(s) and calls `on_result` after each one succeeds (the
  // server streams results this way).
  void execute_each(std::string_view sql, const std::function<void(QueryResult&)>& on_result);
  // Like execute_each; `on_describe` is called with a row-returning statement's
  // columns once it is planned and before it runs, so a server can send
  // RowDescription ahead of rows and of any error, as PostgreSQL does.
  void execute_each(std::string_view sql, const std::function<void(const std::vector<ColumnDesc>&)>& on_describe,
                    const std::function<void(QueryResult&)>& on_result);

  // Parses and plans one statement for repeated execution with $n parameters.
  // `param_types` may fix some parameter types (kUnknown = infer).
  std::shared_ptr<PreparedPlan> prepare(std::string_view sql, const std::vector<Type>& param_types = {});
  // The parameter types of a prepared statement (inferred where not given).
  std::vector<Type> parameter_types(const PreparedPlan& plan) const;
  // Whether a prepared statement is a COPY (its rows travel as copy data).
  bool is_copy(const PreparedPlan& plan) const;
  // The result columns a prepared statement produces (empty when it returns no rows).
  std::vector<ColumnDesc> result_columns(const PreparedPlan& plan) const;
  // Params are converted to the parameter types (text literals are parsed).
  // `sync_follows`: the server already holds the Sync that ends the extended
  // protocol's implicit transaction, so it may commit it right after this
  // statement (see end_implicit_transaction).
  QueryResult execute_prepared(PreparedPlan& plan, const std::vector<Value>& params, bool sync_follows = false);

  // 'I' idle, 'T' in a transaction block, 'E' failed transaction block.
  char transaction_status() const;

  // The extended query protocol runs the statements between two Syncs in one
  // implicit transaction (unless they open a block): the server calls begin
  // before executing and end at Sync; an error rolls the whole run back.
  // Begin only announces it (the next statement starts it, without a latch
  // trip of its own); end reports a commit that already failed at the last
  // Execute (execute_prepared with sync_follows) or commits now.
  void begin_implicit_transaction();
  void end_implicit_transaction();

  // Thread-safe: makes the running statement (if any) fail with 57014.
  void cancel() { cancel_requested_.store(true); }
  // The process id clients see (pg_backend_pid(), BackendKeyData).
  void set_backend_pid(int32_t pid);
  // The role the client logged in as (wire server, after authentication):
  // current_user, session_user, session_authorization and is_superuser report
  // it, and role DDL checks its privileges. The default is `postgres`.
  void set_authenticated_role(const std::string& name, bool superuser);

  // Settings (PostgreSQL names); throws 42704 for unknown ones.
  std::string get_setting(const std::string& name) const;
  void set_setting(const std::string& name, const std::string& value);
  // Changes whenever any setting may have changed (SessionSettings::version).
  uint64_t settings_version() const;

  // Where COPY FROM STDIN / TO STDOUT exchange data (the wire server's copy
  // messages, the CLI's script lines); null (the default) refuses them.
  void set_copy_channel(CopyChannel* channel);

  // Who holds the session's named prepared statements (the wire server's
  // Parse messages); DEALLOCATE and DISCARD ALL drop them through it. Without
  // one (embedded), there are none to drop.
  class PreparedStatements {
   public:
    virtual ~PreparedStatements() = default;
    virtual bool deallocate(const std::string& name) = 0;   // false: no such statement
    virtual void deallocate_all() = 0;
  };
  void set_prepared_statements(PreparedStatements* owner);

  Engine& engine() { return engine_; }
  // Internal: used by the executor.
  struct State;
  State& state() { return *state_; }

 private:
  QueryResult run_statement(const ast::ParsedStatement& ps);
  QueryResult run_locked(State& st, const ast::ParsedStatement& ps);
  QueryResult execute_prepared_unguarded(PreparedPlan& plan, const std::vector<Value>& params, bool sync_follows);
  QueryResult run_prepared_locked(State& st, PreparedPlan& plan, const std::vector<Value>& params);
  // Waits (latch not held) until the commits this session made are durable.
  void await_durable_commits();
  void await_durable_commits_quietly();
  Engine& engine_;
  std::unique_ptr<State> state_;
  std::atomic<bool> cancel_requested_{false};
};

}  // namespace upsertdb
