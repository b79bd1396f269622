#include "cli/dump_sources.h"

#include <libpq-fe.h>

#include <stdexcept>

#include "common/error.h"
#include "engine/engine.h"
#include "engine/session.h"
#include "exec/copy_channel.h"

namespace upsertdb::cli {

namespace {

// ---- An Engine in this process ------------------------------------------------

// Hands the rows of COPY ... TO STDOUT to the current sink as they are produced.
class SinkChannel : public CopyChannel {
 public:
  const std::function<void(std::string_view)>* sink = nullptr;

  void begin_in(const CopyStart&) override { throw std::logic_error("dump: unexpected COPY FROM"); }
  bool read(std::string&) override { return false; }
  void begin_out(const CopyStart&) override {}
  void write(std::string_view data) override { (*sink)(data); }
  void end_out() override {}
};

class EngineDumpSource : public DumpSource {
 public:
  explicit EngineDumpSource(Engine& engine) : session_(engine) { session_.set_copy_channel(&channel_); }

  void run(const std::string& sql) override { session_.execute(sql); }
  std::string query_text(const std::string& sql) override {
    std::vector<QueryResult> results = session_.execute(sql);
    if (results.size() != 1 || results[0].rows.size() != 1 || results[0].rows[0].size() != 1)
      throw std::runtime_error("dump: \"" + sql + "\" did not return one value");
    return std::string(results[0].rows[0][0].as_str());
  }
  void copy_out(const std::string& sql, const std::function<void(std::string_view)>& sink) override {
    channel_.sink = &sink;
    session_.execute(sql);
    channel_.sink = nullptr;
  }

 private:
  SinkChannel channel_;
  Session session_;
};

// ---- A server over libpq ----------------------------------------------------------

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// The server's ErrorResponse as the DbError the rest of the CLI reports.
DbError error_from(PGconn* conn, const PGresult* res) {
  auto field = [&](int code) {
    const char* v = res ? PQresultErrorField(res, code) : nullptr;
    return std::string(v ? v : "");
  };
  ErrorFields f;
  f.sqlstate = field(PG_DIAG_SQLSTATE);
  f.message = field(PG_DIAG_MESSAGE_PRIMARY);
  f.detail = field(PG_DIAG_MESSAGE_DETAIL);
  f.hint = field(PG_DIAG_MESSAGE_HINT);
  if (f.message.empty()) {
    // No ErrorResponse (the connection broke): libpq's own message.
    f.sqlstate = "08006";
    f.message = PQerrorMessage(conn);
    while (!f.message.empty() && f.message.back() == '\n') f.message.pop_back();
  }
  return DbError(std::move(f));
}

class ServerDumpSource : public DumpSource {
 public:
  explicit ServerDumpSource(PGconn* conn) : conn_(conn) {}
  ~ServerDumpSource() override { PQfinish(conn_); }

  void run(const std::string& sql) override { expect(sql, PGRES_COMMAND_OK); }

  std::string query_text(const std::string& sql) override {
    ResultPtr res = expect(sql, PGRES_TUPLES_OK);
    if (PQntuples(res.get()) != 1 || PQnfields(res.get()) != 1)
      throw std::runtime_error("dump: \"" + sql + "\" did not return one value");
    return std::string(PQgetvalue(res.get(), 0, 0), static_cast<size_t>(PQgetlength(res.get(), 0, 0)));
  }

  void copy_out(const std::string& sql, const std::function<void(std::string_view)>& sink) override {
    expect(sql, PGRES_COPY_OUT);
    for (;;) {
      char* buffer = nullptr;
      int n = PQgetCopyData(conn_, &buffer, /*async=*/0);
      if (n == -1) break;   // done; the final result follows
      if (n < 0) throw error_from(conn_, nullptr);
      std::unique_ptr<char, decltype(&PQfreemem)> owned(buffer, PQfreemem);
      sink(std::string_view(buffer, static_cast<size_t>(n)));
    }
    ResultPtr end(PQgetResult(conn_));
    if (!end || PQresultStatus(end.get()) != PGRES_COMMAND_OK) throw error_from(conn_, end.get());
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
  }

 private:
  ResultPtr expect(const std::string& sql, ExecStatusType want) {
    ResultPtr res(PQexec(conn_, sql.c_str()));
    if (!res || PQresultStatus(res.get()) != want) {
      DbError e = error_from(conn_, res.get());
      // PostgreSQL itself has no upsertdb_dump_script(): say what to use there.
      if (e.fields().sqlstate == "42883" && sql.find("upsertdb_dump_script") != std::string::npos)
        e.hint("The server is not UpsertDB; use PostgreSQL's pg_dump for it.");
      throw e;
    }
    return res;
  }

  PGconn* conn_;
};

}  // namespace

std::unique_ptr<DumpSource> make_engine_dump_source(Engine& engine) {
  return std::make_unique<EngineDumpSource>(engine);
}

std::unique_ptr<DumpSource> make_server_dump_source(const ConnParams& params) {
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back("fallback_application_name");
  values.push_back("upsertdb dump");
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (!conn) throw std::runtime_error("out of memory allocating a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw std::runtime_error(message);
  }
  return std::make_unique<ServerDumpSource>(conn);
}

}  // namespace upsertdb::cli
