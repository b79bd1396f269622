// Session: statement dispatch, transaction blocks, prepared statements and the
// per-session function context (timestamps, sequences' currval, settings).
// Every statement runs under the engine latch (see engine.h).
#include "engine/session.h"

#include <unistd.h>

#include <chrono>
#include <exception>
#include <random>
#include <thread>
#include <utility>

#include "engine/current_catalog.h"
#include "engine/ddl.h"
#include "engine/dump_script.h"
#include "engine/engine.h"
#include "engine/roles_ddl.h"
#include "engine/sequences.h"
#include "engine/setting_units.h"
#include "engine/session_settings.h"
#include "exec/copy_exec.h"
#include "exec/dml_ops.h"
#include "exec/foreign_keys.h"
#include "exec/table_writer.h"
#include "plan/binder.h"
#include "sql/ast_role.h"
#include "sql/parser.h"
#include "sql/statement_cache.h"
#include "types/datetime.h"
#include "types/type.h"

namespace upsertdb {

struct PreparedPlan {
  ast::ParsedStatement parsed;          // parsed.stmt null = empty query
  std::shared_ptr<std::vector<Type>> param_types = std::make_shared<std::vector<Type>>();
  size_t declared_params = 0;
  std::shared_ptr<BoundStatement> bound;
  uint64_t catalog_version = 0;
  std::vector<Value> param_values;     // the parameters of the execution in progress (reused)
};

namespace {

int64_t wall_clock_micros() { return datetime::now_micros(); }

bool is_query(const ast::Stmt& s) {
  switch (s.kind) {
    case ast::StmtKind::kSelect:
    case ast::StmtKind::kInsert:
    case ast::StmtKind::kUpdate:
    case ast::StmtKind::kDelete:
    case ast::StmtKind::kMerge:
      return true;
    default:
      return false;
  }
}

bool is_write(const ast::Stmt& s) {
  return s.kind == ast::StmtKind::kInsert || s.kind == ast::StmtKind::kUpdate || s.kind == ast::StmtKind::kDelete ||
         s.kind == ast::StmtKind::kMerge;
}

// The command name PostgreSQL puts in "cannot execute X in a read-only transaction".
std::string statement_name(const ast::Stmt& s) {
  switch (s.kind) {
    case ast::StmtKind::kInsert: return "INSERT";
    case ast::StmtKind::kUpdate: return "UPDATE";
    case ast::StmtKind::kDelete: return "DELETE";
    case ast::StmtKind::kMerge: return "MERGE";
    case ast::StmtKind::kCreateTable: return "CREATE TABLE";
    case ast::StmtKind::kCreateIndex: return "CREATE INDEX";
    case ast::StmtKind::kDrop: return "DROP TABLE";
    case ast::StmtKind::kAlterTable: return "ALTER TABLE";
    case ast::StmtKind::kTruncate: return "TRUNCATE TABLE";
    case ast::StmtKind::kCreateSequence: return "CREATE SEQUENCE";
    case ast::StmtKind::kAlterSequence: return "ALTER SEQUENCE";
    default: return "this command";
  }
}

IsolationLevel parse_isolation(const std::string& s) {
  if (s == "repeatable read") return IsolationLevel::kRepeatableRead;
  if (s == "serializable") return IsolationLevel::kSerializable;
  return IsolationLevel::kReadCommitted;   // "read uncommitted" behaves as read committed, as in PostgreSQL
}

std::string command_tag(const BoundStatement& b, uint64_t count) {
  if (b.tag == "INSERT") return "INSERT 0 " + std::to_string(count);
  return b.tag + " " + std::to_string(count);
}

}  // namespace

struct Session::State : FunctionContext {
  State(Engine& e) : engine(e), rng(std::random_device{}()) {}

  Engine& engine;
  std::unique_ptr<Transaction> txn;
  bool in_block = false;
  bool implicit_block = false;    // a multi-statement string's transaction (see execute_each)
  // The extended protocol announced an implicit transaction (Bind/Execute
  // before Sync); it begins with the next statement, under that statement's
  // latch hold, so announcing it costs no trip through the engine latch.
  bool implicit_pending = false;
  // A commit made at the last Execute before Sync failed (a deferred
  // constraint, the log): reported at the Sync, as PostgreSQL reports it.
  std::exception_ptr implicit_commit_error;
  bool failed = false;
  bool txn_aborted = false;       // failed, and already rolled back in the engine (see fail_in_block)
  bool have_snapshot = false;     // repeatable read: the snapshot taken by the first statement
  uint64_t txn_read_ts = 0;
  int64_t txn_ts = 0, stmt_ts = 0;
  SessionSettings settings;
  std::map<uint32_t, int64_t> currvals;
  std::optional<int64_t> last_value;
  std::mt19937_64 rng;
  int32_t pid = static_cast<int32_t>(getpid());
  CopyChannel* copy_channel = nullptr;   // see Session::set_copy_channel
  Session::PreparedStatements* prepared = nullptr;   // see Session::set_prepared_statements
  // Role DDL of the open transaction, published to the RoleStore at commit;
  // per savepoint (same indexes as the transaction's), how many came before it.
  std::vector<RoleChange> pending_roles;
  std::vector<size_t> role_savepoints;
  // Simple-query texts parsed before, by shape (sql/statement_cache.h).
  StatementCache statement_cache;
  bool running_cached = false;    // a cached tree is executing: a nested text must not reuse it
  uint64_t durable_wait_lsn = 0;  // commits made, not yet known durable (synchronous_commit = on)

  // ---- FunctionContext
  int64_t transaction_timestamp() override { return txn_ts; }
  int64_t statement_timestamp() override { return stmt_ts; }
  int64_t clock_timestamp() override { return wall_clock_micros(); }

  std::shared_ptr<SequenceInfo> sequence_of(const Value& v) {
    uint32_t oid = static_cast<uint32_t>(v.as_int());
    auto seq = engine.catalog().sequence_by_oid(oid);
    if (!seq) {
      std::string name = regclass_name(oid);
      throw DbError(sqlstate::kWrongObjectType, "\"" + name + "\" is not a sequence");
    }
    return seq;
  }
  Value nextval(const Value& v) override {
    auto seq = sequence_of(v);
    int64_t n = sequence_nextval(*seq);
    if (txn) txn->touch_sequence(seq->oid);
    currvals[seq->oid] = n;
    last_value = n;
    return Value::int8(n);
  }
  Value currval(const Value& v) override {
    auto seq = sequence_of(v);
    auto it = currvals.find(seq->oid);
    if (it == currvals.end())
      throw DbError(sqlstate::kObjectNotInPrerequisiteState,
                    "currval of sequence \"" + seq->name + "\" is not yet defined in this session");
    return Value::int8(it->second);
  }
  Value setval(const Value& s, const Value& value, bool is_called) override {
    auto seq = sequence_of(s);
    sequence_setval(*seq, value.as_int(), is_called);
    if (txn) txn->touch_sequence(seq->oid);
    if (is_called) {
      currvals[seq->oid] = value.as_int();
      last_value = value.as_int();
    }
    return Value::int8(value.as_int());
  }
  Value lastval() override {
    if (!last_value)
      throw DbError(sqlstate::kObjectNotInPrerequisiteState, "lastval is not yet defined in this session");
    return Value::int8(*last_value);
  }
  std::string current_user() override { return settings.get("session_authorization"); }
  std::string current_database() override { return "postgres"; }
  std::string setting(const std::string& name) override { return settings.get(name); }
  int32_t backend_pid() override { return pid; }
  void reset_conflict_stats() override { engine.conflict_stats().reset(); }
  std::string dump_script() override { return dump_script_to_json(build_dump_script(engine.catalog())); }
  double random() override { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }
  Value regclass_from_name(const std::string& name) override {
    return cast_value(Value::text(name), Type(TypeId::kRegclass), CastContext::kExplicit);
  }
  std::string regclass_name(uint32_t oid) override {
    return value_to_text(Value::oid(oid, TypeId::kRegclass));
  }

  // ---- transactions
  void txn_for_savepoint(const char* command) const {
    if (!in_block)
      throw DbError(sqlstate::kNoActiveSqlTransaction, std::string(command) + " can only be used in transaction blocks");
  }
  int savepoint_index(const std::string& name) const {
    int i = txn->find_savepoint(name);
    if (i < 0) throw DbError(sqlstate::kInvalidSavepoint, "savepoint \"" + name + "\" does not exist");
    return i;
  }
  IsolationLevel default_isolation() const {
    return parse_isolation(settings.get("default_transaction_isolation"));
  }
  void begin_txn(IsolationLevel level) {
    txn = engine.transactions().begin(pid);
    txn->isolation = level;
    txn->read_only = settings.get("default_transaction_read_only") == "on";
    have_snapshot = false;
    txn_ts = wall_clock_micros();
  }
  // Settings as they were when the transaction block started: SET is undone by
  // ROLLBACK and SET LOCAL by the end of the block, as in PostgreSQL.
  std::optional<SessionSettings> settings_at_begin;
  // Deferred unique checks of the transaction, and SET CONSTRAINTS modes.
  std::vector<PendingUniqueCheck> deferred_unique;
  std::vector<PendingForeignKeyCheck> deferred_fk;
  std::optional<bool> all_deferred;                  // SET CONSTRAINTS ALL ...
  std::map<std::string, bool> constraint_deferred;   // SET CONSTRAINTS name ...
  bool is_deferred(const IndexInfo& index) const {
    return is_deferred(index.constraint_name.empty() ? index.name : index.constraint_name, index.initially_deferred);
  }
  bool is_deferred(const std::string& name, bool initially_deferred) const {
    auto it = constraint_deferred.find(name);
    if (it != constraint_deferred.end()) return it->second;
    if (all_deferred) return *all_deferred;
    return initially_deferred;
  }
  std::atomic<bool>* cancel_flag = nullptr;
  std::unique_lock<std::mutex>* latch = nullptr;   // held by the running statement
  uint64_t timeouts_version = 0;
  int64_t statement_timeout_us = 0;
  int64_t lock_timeout_us = 0;
  uint64_t synchronous_commit_version = 0;
  bool synchronous_commit_on = true;
  // Set during execute_each with a describe callback (see session.h).
  const std::function<void(const std::vector<ColumnDesc>&)>* on_describe = nullptr;
  // A timeout setting in microseconds (0 = none); SET stored it validated.
  int64_t timeout_micros(const char* name) const { return parse_timeout_micros(settings.get(name)).value_or(0); }
  ExecContext make_context() {
    ExecContext ctx;
    ctx.cancel_requested = cancel_flag;
    ctx.latch = latch;
    if (timeouts_version != settings.version() + 1) {
      // Parsed once per change of the settings, not per statement. (+1 so that a
      // fresh session, version 0, parses once too.)
      timeouts_version = settings.version() + 1;
      statement_timeout_us = timeout_micros("statement_timeout");
      lock_timeout_us = timeout_micros("lock_timeout");
    }
    if (statement_timeout_us) ctx.deadline_micros = wall_clock_micros() + statement_timeout_us;
    ctx.lock_timeout_micros = lock_timeout_us;
    ctx.engine = &engine;
    ctx.catalog = &engine.catalog();
    ctx.txn = txn.get();
    ctx.functions = this;
    ctx.unique_deferred = [this](const IndexInfo& i) { return is_deferred(i); };
    ctx.constraint_deferred = [this](const std::string& n, bool initially) { return is_deferred(n, initially); };
    return ctx;
  }
  // Runs the deferred unique checks that are no longer deferred (all of them at commit).
  void run_deferred_checks(bool at_commit) {
    if (deferred_unique.empty() && deferred_fk.empty()) return;
    ExecContext ctx = make_context();
    ctx.snapshot = snapshot();
    std::vector<PendingUniqueCheck> keep;
    for (auto& c : deferred_unique) {
      if (!at_commit && is_deferred(*c.index)) keep.push_back(c);
      else ctx.unique_checks.push_back(c);
    }
    deferred_unique = std::move(keep);
    // Foreign keys: run the ones no longer deferred (all of them at commit);
    // those still deferred come back through ctx.deferred_fk.
    ctx.fk_checks = std::move(deferred_fk);
    deferred_fk.clear();
    if (at_commit) {
      ctx.unique_deferred = [](const IndexInfo&) { return false; };
      ctx.constraint_deferred = [](const std::string&, bool) { return false; };
    }
    run_unique_checks(ctx);
    run_fk_checks(ctx);
    run_unique_checks(ctx);
    deferred_fk = std::move(ctx.deferred_fk);
    deferred_unique.insert(deferred_unique.end(), ctx.deferred_unique.begin(), ctx.deferred_unique.end());
  }
  std::optional<SessionSettings> settings_before_local;
  // A statement failed inside a transaction block (or a multi-statement
  // string's implicit one). PostgreSQL aborts the transaction at that moment:
  // its row locks and in-flight keys are released, so the sessions waiting
  // for it go on, and the block only waits for ROLLBACK. With a savepoint the
  // transaction must survive for ROLLBACK TO SAVEPOINT, so it is kept (its
  // waiters wait on until it ends: one marker per transaction, no subtransactions).
  void fail_in_block() {
    failed = true;
    if (!txn || txn_aborted || txn->savepoint_count() > 0) return;
    engine.transactions().rollback(*txn);
    txn_aborted = true;
  }
  // Under the latch: begins the implicit transaction begin_implicit_transaction() announced.
  void open_pending_implicit() {
    if (!implicit_pending) return;
    implicit_pending = false;
    if (txn) return;
    begin_txn(default_isolation());
    implicit_block = true;
  }
  // Under the latch: ends the implicit transaction, committing unless a statement failed.
  void finish_implicit_block() {
    implicit_block = false;
    if (failed) {
      end_txn(false);
      return;
    }
    try {
      run_deferred_checks(true);
    } catch (...) {
      end_txn(false);
      throw;
    }
    end_txn(true);
  }
  void end_txn(bool commit) {
    if (!txn) return;
    uint64_t durable_at = 0;
    if (commit) {
      try {
        // SERIALIZABLE: a dangerous structure fails the commit before anything is written.
        if (txn->ssi) engine.transactions().ssi().pre_commit(*txn->ssi);
        // Roles first: their file is written and synced before the commit is acknowledged.
        engine.roles().commit(pending_roles);
        durable_at = engine.commit(*txn, latch);
      } catch (...) {
        // The log refused the commit record: nothing was stamped, so undo it all.
        end_txn(false);
        throw;
      }
    } else {
      if (!txn_aborted) engine.transactions().rollback(*txn);
      if (settings_at_begin) settings = *settings_at_begin;
    }
    txn_aborted = false;
    if (settings_before_local && (commit || !settings_at_begin)) {
      // SET LOCAL values end with the block; plain SETs made in it survive a commit.
      SessionSettings kept = settings;
      settings = *settings_before_local;
      (void)kept;
    }
    settings_at_begin.reset();
    settings_before_local.reset();
    pending_roles.clear();
    role_savepoints.clear();
    deferred_unique.clear();
    deferred_fk.clear();
    all_deferred.reset();
    constraint_deferred.clear();
    txn.reset();
    in_block = false;
    failed = false;
    // The client hears of the commit once it is on disk; the session waits for
    // that after it has let go of the engine latch (Session::await_durable_commits).
    if (durable_at && synchronous_commit()) durable_wait_lsn = std::max(durable_wait_lsn, durable_at);
  }
  bool synchronous_commit() {
    if (synchronous_commit_version != settings.version() + 1) {
      synchronous_commit_version = settings.version() + 1;
      synchronous_commit_on = settings.get("synchronous_commit") != "off";
    }
    return synchronous_commit_on;
  }
  Snapshot snapshot() {
    Snapshot s;
    if (txn->isolation == IsolationLevel::kReadCommitted || !have_snapshot) {
      txn_read_ts = engine.transactions().now();
      txn->set_snapshot_ts(txn_read_ts);   // the garbage collector keeps what it sees
      have_snapshot = true;
      if (txn->isolation == IsolationLevel::kSerializable && !txn->ssi)
        txn->ssi = engine.transactions().ssi().begin(txn->marker(), txn_read_ts, txn->read_only);
    }
    s.read_ts = txn_read_ts;
    s.own_marker = txn->marker();
    s.cid = txn->current_cid();
    return s;
  }
};

// Records which lock holds the engine latch, so waits can release it.
struct LatchScope {
  Session::State& st;
  std::unique_lock<std::mutex>* saved;
  LatchScope(Session::State& s, std::unique_lock<std::mutex>& lock) : st(s), saved(s.latch) { st.latch = &lock; }
  ~LatchScope() { st.latch = saved; }
};

Session::Session(Engine& engine) : engine_(engine), state_(std::make_unique<State>(engine)) {
  install_catalog_hooks();
  for (const auto& [name, value] : engine.server_settings()) state_->settings.define_server_setting(name, value);
  state_->cancel_flag = &cancel_requested_;
}

void Session::set_backend_pid(int32_t pid) { state_->pid = pid; }

void Session::set_authenticated_role(const std::string& name, bool superuser) {
  // Fixed for the session's life: there is no SET ROLE / SET SESSION AUTHORIZATION.
  state_->settings.define_server_setting("session_authorization", name);
  state_->settings.define_server_setting("is_superuser", superuser ? "on" : "off");
}
void Session::set_copy_channel(CopyChannel* channel) { state_->copy_channel = channel; }
void Session::set_prepared_statements(PreparedStatements* owner) { state_->prepared = owner; }

void Session::begin_implicit_transaction() {
  State& st = *state_;
  if (!st.txn) st.implicit_pending = true;   // begun by the next statement (State::open_pending_implicit)
}

void Session::end_implicit_transaction() {
  State& st = *state_;
  st.implicit_pending = false;
  if (st.implicit_commit_error) std::rethrow_exception(std::exchange(st.implicit_commit_error, nullptr));
  if (!st.implicit_block) return;
  {
    std::unique_lock<std::mutex> lock = engine_.lock_latch();
    LatchScope latch_scope(*state_, lock);
    CurrentCatalogScope catalog_scope(&engine_.catalog());
    st.finish_implicit_block();
  }
  await_durable_commits();
}

// Without the engine latch, so other sessions run (and commit into the same
// flush) while this one waits for the log.
void Session::await_durable_commits() {
  State& st = *state_;
  if (!st.durable_wait_lsn) return;
  uint64_t lsn = st.durable_wait_lsn;
  st.durable_wait_lsn = 0;
  engine_.wait_durable(lsn);
}

// On an error path: the commits made before the error are still awaited, and
// the original error is the one reported.
void Session::await_durable_commits_quietly() {
  try {
    await_durable_commits();
  } catch (...) {
  }
}

Session::~Session() {
  if (state_->txn) {
    std::unique_lock<std::mutex> lock = engine_.lock_latch();
    LatchScope latch_scope(*state_, lock);
    state_->end_txn(false);
  }
}

char Session::transaction_status() const {
  if (!state_->in_block) return 'I';
  return state_->failed ? 'E' : 'T';
}

std::string Session::get_setting(const std::string& name) const { return state_->settings.show(name); }
uint64_t Session::settings_version() const { return state_->settings.version(); }
void Session::set_setting(const std::string& name, const std::string& value) { state_->settings.set(name, value); }

// Several statements in one string run as one implicit transaction, as
// PostgreSQL runs a multi-statement simple Query: an error undoes them all,
// unless an explicit BEGIN/COMMIT inside the string says otherwise.
void Session::execute_each(std::string_view sql, const std::function<void(QueryResult&)>& on_result) {
  execute_each(sql, nullptr, on_result);
}

void Session::execute_each(std::string_view sql,
                           const std::function<void(const std::vector<ColumnDesc>&)>& on_describe,
                           const std::function<void(QueryResult&)>& on_result) {
  State& st = *state_;
  st.on_describe = on_describe ? &on_describe : nullptr;
  struct ClearHook {
    State& st;
    ~ClearHook() { st.on_describe = nullptr; }
  } clear_hook{st};
  std::vector<ast::ParsedStatement> statements;
  const ast::ParsedStatement* cached =
      st.running_cached ? nullptr : st.statement_cache.get(sql, statements);
  if (!cached && st.running_cached) statements = parse_sql(sql);
  if (cached) {
    // One statement whose tree came from the cache: its error positions are
    // in the first text's coordinates.
    struct Running {
      State& st;
      explicit Running(State& s) : st(s) { st.running_cached = true; }
      ~Running() { st.running_cached = false; }
    } running(st);
    QueryResult r;
    try {
      r = run_statement(*cached);
    } catch (DbError& e) {
      int& pos = e.fields().position;
      pos = st.statement_cache.map_position(pos);
      await_durable_commits_quietly();
      throw;
    }
    await_durable_commits();
    on_result(r);
    return;
  }
  bool implicit_block = statements.size() > 1 && !st.txn;
  if (implicit_block) {
    std::unique_lock<std::mutex> lock = engine_.lock_latch();
    LatchScope latch_scope(*state_, lock);
    st.begin_txn(st.default_isolation());
    st.implicit_block = true;
  }
  auto finish = [&](bool commit) {
    if (!st.implicit_block) return;
    std::unique_lock<std::mutex> lock = engine_.lock_latch();
    LatchScope latch_scope(*state_, lock);
    CurrentCatalogScope catalog_scope(&engine_.catalog());
    if (commit) {
      st.finish_implicit_block();
    } else {
      st.implicit_block = false;
      st.end_txn(false);
    }
  };
  try {
    for (const auto& ps : statements) {
      QueryResult r = run_statement(ps);
      await_durable_commits();
      on_result(r);
    }
  } catch (...) {
    finish(false);
    await_durable_commits_quietly();
    throw;
  }
  finish(true);
  await_durable_commits();
}

std::vector<QueryResult> Session::execute(std::string_view sql) {
  std::vector<QueryResult> results;
  execute_each(sql, [&](QueryResult& r) { results.push_back(std::move(r)); });
  return results;
}

// Runs `body` inside the session's transaction (an implicit one outside a
// block), with statement-end checks, and the error rules of PostgreSQL.
template <typename Body>
static QueryResult in_transaction(Session::State& st, Body&& body) {
  bool implicit = !st.txn;
  if (implicit) st.begin_txn(st.default_isolation());
  st.stmt_ts = wall_clock_micros();
  if (implicit) st.txn_ts = st.stmt_ts;
  ExecContext ctx = st.make_context();
  try {
    ctx.snapshot = st.snapshot();
    QueryResult r = body(ctx);
    run_statement_end_checks(ctx);
    st.deferred_unique.insert(st.deferred_unique.end(), ctx.deferred_unique.begin(), ctx.deferred_unique.end());
    for (auto& c : ctx.deferred_fk) st.deferred_fk.push_back(std::move(c));
    st.txn->next_command();
    if (implicit) {
      st.run_deferred_checks(true);
      st.end_txn(true);
    }
    return r;
  } catch (...) {
    if (implicit) {
      st.end_txn(false);
    } else {
      st.fail_in_block();
    }
    throw;
  }
}

static QueryResult run_bound(BoundStatement& b, ExecContext& ctx,
                             const std::function<void(const std::vector<ColumnDesc>&)>* on_describe = nullptr) {
  QueryResult r;
  r.columns = b.columns;
  r.returns_rows = b.returns_rows;
  if (on_describe && b.returns_rows) (*on_describe)(b.columns);
  b.root->open(ctx);
  Row row;
  uint64_t n = 0;
  while (b.root->next(ctx, row)) {
    ctx.check_interrupts();
    if (b.returns_rows) r.rows.push_back(row);
    ++n;
  }
  r.affected = b.dml ? b.dml->affected : n;
  r.command_tag = command_tag(b, r.affected);
  return r;
}

static QueryResult run_transaction_statement(Session::State& st, const ast::TransactionStmt& t) {
  QueryResult r;
  using K = ast::TxnKind;
  switch (t.txn_kind) {
    case K::kBegin:
    case K::kStart:
      r.command_tag = t.txn_kind == K::kStart ? "START TRANSACTION" : "BEGIN";
      if (st.implicit_block && !st.in_block) {
        // BEGIN inside a multi-statement string turns its implicit transaction into a block.
        st.implicit_block = false;
        st.in_block = true;
        st.settings_at_begin = st.settings;
        if (!t.isolation.empty()) st.txn->isolation = parse_isolation(t.isolation);
        return r;
      }
      if (st.in_block) {
        r.notices.push_back("there is already a transaction in progress");
        return r;
      }
      st.begin_txn(t.isolation.empty() ? st.default_isolation() : parse_isolation(t.isolation));
      if (t.read_only) st.txn->read_only = *t.read_only;
      st.in_block = true;
      st.settings_at_begin = st.settings;
      if (t.txn_kind == K::kStart) r.command_tag = "START TRANSACTION";
      return r;
    case K::kCommit:
      if (st.implicit_block && !st.in_block) {
        // COMMIT inside a multi-statement string: commit what ran so far, continue implicitly.
        st.run_deferred_checks(true);
        st.end_txn(true);
        st.begin_txn(st.default_isolation());
        r.command_tag = "COMMIT";
        r.notices.push_back("there is no transaction in progress");
        return r;
      }
      if (!st.in_block) {
        r.command_tag = "COMMIT";
        r.notices.push_back("there is no transaction in progress");
        return r;
      }
      if (st.failed) {
        st.end_txn(false);
        r.command_tag = "ROLLBACK";
        return r;
      }
      try {
        st.run_deferred_checks(true);
      } catch (...) {
        st.end_txn(false);
        throw;
      }
      st.end_txn(true);
      r.command_tag = "COMMIT";
      return r;
    case K::kRollback:
      r.command_tag = "ROLLBACK";
      if (st.implicit_block && !st.in_block) {
        st.end_txn(false);
        st.begin_txn(st.default_isolation());
        r.notices.push_back("there is no transaction in progress");
        return r;
      }
      if (!st.in_block) {
        r.notices.push_back("there is no transaction in progress");
        return r;
      }
      st.end_txn(false);
      return r;
    case K::kSavepoint:
      st.txn_for_savepoint("SAVEPOINT");
      st.txn->push_savepoint(t.savepoint);
      st.role_savepoints.push_back(st.pending_roles.size());
      r.command_tag = "SAVEPOINT";
      return r;
    case K::kRelease: {
      st.txn_for_savepoint("RELEASE SAVEPOINT");
      int index = st.savepoint_index(t.savepoint);
      st.txn->release_savepoint(index);
      if (static_cast<size_t>(index) < st.role_savepoints.size()) st.role_savepoints.resize(static_cast<size_t>(index));
      r.command_tag = "RELEASE";
      return r;
    }
    case K::kRollbackTo: {
      st.txn_for_savepoint("ROLLBACK TO SAVEPOINT");
      int index = st.savepoint_index(t.savepoint);
      st.txn->rollback_to_savepoint(index);
      if (static_cast<size_t>(index) < st.role_savepoints.size()) {
        st.pending_roles.resize(st.role_savepoints[static_cast<size_t>(index)]);
        st.role_savepoints.resize(static_cast<size_t>(index) + 1);
      }
      st.failed = false;
      r.command_tag = "ROLLBACK";
      return r;
    }
    default:
      throw_not_supported("prepared transactions (two-phase commit) are not supported");
  }
}

QueryResult Session::run_statement(const ast::ParsedStatement& ps) {
  State& st = *state_;
  std::unique_lock<std::mutex> lock = engine_.lock_latch();
  LatchScope latch_scope(*state_, lock);
  cancel_requested_.store(false);
  CurrentCatalogScope catalog_scope(&engine_.catalog());
  try {
    st.open_pending_implicit();
    return run_locked(st, ps);
  } catch (...) {
    // Any error inside a transaction block aborts the block (PostgreSQL's rule).
    if (st.in_block || st.implicit_block) st.fail_in_block();
    throw;
  }
}

QueryResult Session::run_locked(State& st, const ast::ParsedStatement& ps) {
  const ast::Stmt& stmt = *ps.stmt;
  if (st.failed) {
    bool allowed = false;
    if (stmt.kind == ast::StmtKind::kTransaction) {
      auto k = static_cast<const ast::TransactionStmt&>(stmt).txn_kind;
      allowed = k == ast::TxnKind::kRollback || k == ast::TxnKind::kCommit || k == ast::TxnKind::kRollbackTo;
    }
    if (!allowed)
      throw DbError(sqlstate::kInFailedTransaction,
                    "current transaction is aborted, commands ignored until end of transaction block");
  }
  switch (stmt.kind) {
    case ast::StmtKind::kTransaction:
      return run_transaction_statement(st, static_cast<const ast::TransactionStmt&>(stmt));
    case ast::StmtKind::kSet: {
      const auto& s = static_cast<const ast::SetStmt&>(stmt);
      QueryResult r;
      r.command_tag = s.is_constraints ? "SET CONSTRAINTS" : "SET";
      try {
        if (s.is_constraints) {
          if (!st.in_block) {
            r.notices.push_back("SET CONSTRAINTS can only be used in transaction blocks");
            return r;
          }
          if (s.constraint_names.empty()) {
            st.all_deferred = s.deferred;
            st.constraint_deferred.clear();
          } else {
            for (const auto& n : s.constraint_names) {
              const std::string& name = n.back();
              bool found = false, deferrable = false;
              for (const auto& [_, t] : engine_.catalog().tables())
                for (const auto& c : t->constraints)
                  if (c.name == name) {
                    found = true;
                    deferrable |= c.deferrable;
                  }
              if (!found) throw DbError(sqlstate::kUndefinedObject, "constraint \"" + name + "\" does not exist");
              if (!deferrable)
                throw DbError(sqlstate::kWrongObjectType, "constraint \"" + name + "\" is not deferrable");
              st.constraint_deferred[name] = s.deferred;
            }
          }
          if (!s.deferred) st.run_deferred_checks(false);
          return r;
        }
        if (s.set_kind == ast::SetStmt::Kind::kMulti) {
          if (s.name == "transaction") {
            if (!st.in_block) {
              r.notices.push_back("SET TRANSACTION can only be used in transaction blocks");
            } else if (!s.isolation.empty()) {
              // After the first query the snapshot rules are fixed (PostgreSQL's FirstSnapshotSet).
              IsolationLevel level = parse_isolation(s.isolation);
              if (level != st.txn->isolation && st.have_snapshot)
                throw DbError(sqlstate::kActiveSqlTransaction,
                              "SET TRANSACTION ISOLATION LEVEL must be called before any query");
              st.txn->isolation = level;
            }
            if (st.in_block && s.read_only) {
              if (!*s.read_only && st.txn->read_only && st.have_snapshot)
                throw DbError(sqlstate::kActiveSqlTransaction, "transaction read-write mode must be set before any query");
              st.txn->read_only = *s.read_only;
            }
          } else if (!s.isolation.empty()) {
            st.settings.set("default_transaction_isolation", s.isolation);
          }
          return r;
        }
        if (s.name == "transaction_isolation") {
          if (st.in_block && !s.values.empty()) st.txn->isolation = parse_isolation(s.values[0]);
          return r;
        }
        if (s.set_kind == ast::SetStmt::Kind::kReset || s.set_kind == ast::SetStmt::Kind::kResetAll)
          r.command_tag = "RESET";
        if (s.is_local) {
          if (!st.in_block) {
            r.notices.push_back("SET LOCAL can only be used in transaction blocks");
            return r;
          }
          if (!st.settings_before_local) st.settings_before_local = st.settings;
        }
        st.settings.apply(s);
      } catch (...) {
        if (st.in_block) st.fail_in_block();
        throw;
      }
      return r;
    }
    case ast::StmtKind::kShow: {
      const auto& s = static_cast<const ast::ShowStmt&>(stmt);
      QueryResult r;
      try {
        if (s.name == "transaction_read_only") {
          bool read_only = st.txn ? st.txn->read_only : st.settings.get("default_transaction_read_only") == "on";
          r.columns.push_back(ColumnDesc{"transaction_read_only", Type(TypeId::kText)});
          r.rows.push_back({Value::text(read_only ? "on" : "off")});
        } else if (s.name == "transaction_isolation" || s.name == "transaction isolation level") {
          IsolationLevel l = st.txn ? st.txn->isolation : st.default_isolation();
          std::string v = l == IsolationLevel::kReadCommitted ? "read committed"
                          : l == IsolationLevel::kRepeatableRead ? "repeatable read" : "serializable";
          r.columns.push_back(ColumnDesc{"transaction_isolation", Type(TypeId::kText)});
          r.rows.push_back({Value::text(v)});
        } else {
          r = st.settings.show_result(s.name);
        }
      } catch (...) {
        if (st.in_block) st.fail_in_block();
        throw;
      }
      r.returns_rows = true;
      r.command_tag = "SHOW";
      r.affected = r.rows.size();
      return r;
    }
    case ast::StmtKind::kCheckpoint: {
      // Waits for another session's open schema change by polling with the
      // latch released: CHECKPOINT is rare, and it is no transaction to queue.
      engine_.checkpoint(st.txn ? st.txn->marker() : 0, [&](uint64_t) {
        if (st.latch) st.latch->unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (st.latch) st.latch->lock();
      });
      QueryResult r;
      r.command_tag = "CHECKPOINT";
      return r;
    }
    case ast::StmtKind::kDeallocate: {
      const auto& d = static_cast<const ast::DeallocateStmt&>(stmt);
      QueryResult r;
      if (d.name.empty()) {
        if (st.prepared) st.prepared->deallocate_all();
        r.command_tag = "DEALLOCATE ALL";
      } else {
        if (!st.prepared || !st.prepared->deallocate(d.name))
          throw DbError(sqlstate::kInvalidSqlStatementName, "prepared statement \"" + d.name + "\" does not exist");
        r.command_tag = "DEALLOCATE";
      }
      return r;
    }
    case ast::StmtKind::kDiscard: {
      const auto& d = static_cast<const ast::DiscardStmt&>(stmt);
      if (st.in_block && d.target == "all")
        throw DbError(sqlstate::kActiveSqlTransaction, "DISCARD ALL cannot run inside a transaction block");
      if (d.target == "all" || d.target == "sequences") {
        st.currvals.clear();
        st.last_value.reset();
      }
      if (d.target == "all" && st.prepared) st.prepared->deallocate_all();
      QueryResult r;
      r.command_tag = "DISCARD " + std::string(d.target == "all" ? "ALL" : d.target == "plans" ? "PLANS"
                                                : d.target == "sequences" ? "SEQUENCES" : "TEMP");
      return r;
    }
    case ast::StmtKind::kCreateSchema: {
      const auto& c = static_cast<const ast::CreateSchemaStmt&>(stmt);
      if (c.name == "public" || c.name == "pg_catalog") {
        if (c.if_not_exists) {
          QueryResult r;
          r.command_tag = "CREATE SCHEMA";
          r.notices.push_back("schema \"" + c.name + "\" already exists, skipping");
          return r;
        }
        throw DbError(sqlstate::kDuplicateSchema, "schema \"" + c.name + "\" already exists");
      }
      throw_not_supported("CREATE SCHEMA is not supported (only the public schema exists)");
    }
    case ast::StmtKind::kRole: {
      const auto& role = static_cast<const ast::RoleStmt&>(stmt);
      bool read_only = st.txn ? st.txn->read_only : st.settings.get("default_transaction_read_only") == "on";
      if (read_only)
        throw DbError(sqlstate::kReadOnlyTransaction, "cannot execute " + role.tag + " in a read-only transaction");
      std::string user = st.settings.get("session_authorization");
      return in_transaction(st, [&](ExecContext&) {
        return execute_role_statement(role, engine_.roles(), st.pending_roles, user, user,
                                      st.settings.get("password_encryption"));
      });
    }
    case ast::StmtKind::kCreateView:
      throw_not_supported("CREATE VIEW is not supported");
    case ast::StmtKind::kExplain:
      throw_not_supported("EXPLAIN is not supported");
    case ast::StmtKind::kCopy: {
      // COPY: exec/copy_exec.h. COPY FROM writes like INSERT, in the session's transaction.
      const auto& copy = static_cast<const ast::CopyStmt&>(stmt);
      bool read_only = st.txn ? st.txn->read_only : st.settings.get("default_transaction_read_only") == "on";
      if (copy.is_from && read_only)
        throw DbError(sqlstate::kReadOnlyTransaction, "cannot execute COPY FROM in a read-only transaction");
      return in_transaction(st, [&](ExecContext& ctx) { return execute_copy(copy, ctx, st.copy_channel); });
    }
    default:
      break;
  }
  if (is_ddl(stmt) || is_write(stmt)) {
    bool read_only = st.txn ? st.txn->read_only : st.settings.get("default_transaction_read_only") == "on";
    if (read_only)
      throw DbError(sqlstate::kReadOnlyTransaction,
                    "cannot execute " + statement_name(stmt) + " in a read-only transaction");
  }
  if (is_ddl(stmt)) {
    return in_transaction(st, [&](ExecContext& ctx) { return execute_ddl(stmt, ctx); });
  }
  if (is_query(stmt)) {
    // SELECT ... FOR UPDATE/SHARE locks rows by writing: refused in a read-only transaction.
    if (stmt.kind == ast::StmtKind::kSelect) {
      const auto& sel = static_cast<const ast::SelectStmt&>(stmt);
      bool read_only = st.txn ? st.txn->read_only : st.settings.get("default_transaction_read_only") == "on";
      if (read_only && !sel.locking.empty() && !sel.from.empty()) {
        static const char* kNames[] = {"", "FOR KEY SHARE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR UPDATE"};
        throw DbError(sqlstate::kReadOnlyTransaction,
                      std::string("cannot execute SELECT ") + kNames[static_cast<int>(sel.locking[0].strength)] +
                          " in a read-only transaction");
      }
    }
    return in_transaction(st, [&](ExecContext& ctx) {
      Binder binder(engine_.catalog(), nullptr);
      BoundStatement b = binder.bind(stmt);
      if (!b.param_types->empty())
        throw DbError(sqlstate::kUndefinedParameter, "there is no parameter $1");
      std::vector<Value> none;
      ctx.params = &none;
      return run_bound(b, ctx, st.on_describe);
    });
  }
  throw_not_supported("statement is not supported");
}

std::shared_ptr<PreparedPlan> Session::prepare(std::string_view sql, const std::vector<Type>& param_types) {
  auto statements = parse_sql(sql);
  if (statements.size() > 1)
    throw DbError(sqlstate::kSyntaxError, "cannot insert multiple commands into a prepared statement");
  auto plan = std::make_shared<PreparedPlan>();
  *plan->param_types = param_types;
  plan->declared_params = param_types.size();
  if (statements.empty()) return plan;
  plan->parsed = std::move(statements[0]);
  if (is_query(*plan->parsed.stmt)) {
    std::unique_lock<std::mutex> lock = engine_.lock_latch();
    LatchScope latch_scope(*state_, lock);
    CurrentCatalogScope catalog_scope(&engine_.catalog());
    Binder binder(engine_.catalog(), plan->param_types);
    plan->bound = std::make_shared<BoundStatement>(binder.bind(*plan->parsed.stmt));
    plan->catalog_version = engine_.catalog().version();
    for (size_t i = 0; i < plan->param_types->size(); ++i) {
      Type& t = (*plan->param_types)[i];
      if (t.id != TypeId::kUnknown) continue;
      // A parameter nothing refers to has no type to infer (PostgreSQL's 42P18);
      // one used only where any type fits becomes text.
      if (!binder.referenced_params.count(static_cast<int>(i)) && i >= plan->declared_params)
        throw DbError("42P18", "could not determine data type of parameter $" + std::to_string(i + 1));
      t = Type(TypeId::kText);
    }
  }
  return plan;
}

std::vector<Type> Session::parameter_types(const PreparedPlan& plan) const { return *plan.param_types; }

bool Session::is_copy(const PreparedPlan& plan) const {
  return plan.parsed.stmt && plan.parsed.stmt->kind == ast::StmtKind::kCopy;
}

std::vector<ColumnDesc> Session::result_columns(const PreparedPlan& plan) const {
  if (plan.bound && plan.bound->returns_rows) return plan.bound->columns;
  return {};
}

QueryResult Session::execute_prepared(PreparedPlan& plan, const std::vector<Value>& params, bool sync_follows) {
  QueryResult r;
  try {
    r = execute_prepared_unguarded(plan, params, sync_follows);
  } catch (...) {
    await_durable_commits_quietly();
    throw;
  }
  await_durable_commits();
  return r;
}

QueryResult Session::execute_prepared_unguarded(PreparedPlan& plan, const std::vector<Value>& params,
                                                bool sync_follows) {
  if (!plan.parsed.stmt) return QueryResult{};
  if (!plan.bound) {
    if (!params.empty())
      throw DbError(sqlstate::kProtocolViolation, "bind message supplies " + std::to_string(params.size()) +
                                                      " parameters, but prepared statement \"\" requires 0");
    return run_statement(plan.parsed);
  }
  State& st = *state_;
  std::unique_lock<std::mutex> lock = engine_.lock_latch();
  LatchScope latch_scope(*state_, lock);
  cancel_requested_.store(false);
  CurrentCatalogScope catalog_scope(&engine_.catalog());
  QueryResult r;
  try {
    st.open_pending_implicit();
    r = run_prepared_locked(st, plan, params);
  } catch (...) {
    // Any error inside a transaction block aborts the block (PostgreSQL's rule).
    if (st.in_block || st.implicit_block) st.fail_in_block();
    throw;
  }
  if (sync_follows && st.implicit_block && !st.in_block) {
    // The client's Sync is already here: the implicit transaction ends now,
    // in this latch hold, rather than in one more at the Sync. A failing
    // commit is reported at the Sync, after this statement's CommandComplete.
    try {
      st.finish_implicit_block();
    } catch (...) {
      st.implicit_commit_error = std::current_exception();
    }
  }
  return r;
}

QueryResult Session::run_prepared_locked(State& st, PreparedPlan& plan, const std::vector<Value>& params) {
  if (params.size() != plan.param_types->size())
    throw DbError(sqlstate::kProtocolViolation, "bind message supplies " + std::to_string(params.size()) +
                                                    " parameters, but prepared statement \"\" requires " +
                                                    std::to_string(plan.param_types->size()));
  if (st.failed)
    throw DbError(sqlstate::kInFailedTransaction,
                  "current transaction is aborted, commands ignored until end of transaction block");
  if (plan.catalog_version != engine_.catalog().version()) {
    // The schema changed: re-plan with the parameter types fixed by the first planning.
    Binder binder(engine_.catalog(), plan.param_types);
    plan.bound = std::make_shared<BoundStatement>(binder.bind(*plan.parsed.stmt));
    plan.catalog_version = engine_.catalog().version();
  }
  std::vector<Value>& values = plan.param_values;
  values.clear();
  for (size_t i = 0; i < params.size(); ++i) {
    const Type& t = (*plan.param_types)[i];
    const Value& v = params[i];
    if (v.is_null()) values.push_back(Value::null(t.id));
    else if (v.type() == TypeId::kUnknown || (v.type() == TypeId::kText && t.id != TypeId::kText))
      values.push_back(value_from_text(v.as_str(), t));
    else values.push_back(cast_value(v, t, CastContext::kAssignment));
  }
  BoundStatement& b = *plan.bound;
  return in_transaction(st, [&](ExecContext& ctx) {
    ctx.params = &values;
    return run_bound(b, ctx);
  });
}

}  // namespace upsertdb
