// PostgreSQL side of the runner: libpq, one fresh database per file.
#include <libpq-fe.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

#include "backend.h"

namespace sqltest {

namespace {

void ignore_notice(void*, const char*) {}

// Connects to `conninfo` (a libpq connection string), optionally overriding its
// database name. The settings pin what would otherwise depend on the server's config.
PGconn* connect(const std::string& conninfo, const char* dbname) {
  std::vector<const char*> keys = {"dbname", "options"};
  std::vector<const char*> values = {conninfo.c_str(), "-c TimeZone=UTC -c DateStyle=ISO,MDY"};
  if (dbname) {  // a later dbname is a plain name overriding the one in the string
    keys.push_back("dbname");
    values.push_back(dbname);
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to PostgreSQL (" + conninfo + "): " + msg);
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  return conn;
}

void admin_command(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

std::string field(const PGresult* r, int code) {
  const char* v = PQresultErrorField(r, code);
  return v ? v : "";
}

class PostgresBackend : public Backend {
 public:
  explicit PostgresBackend(const std::string& conninfo) {
    static int counter = 0;
    dbname_ = "sqltest_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    admin_ = connect(conninfo, nullptr);
    try {
      admin_command(admin_, "DROP DATABASE IF EXISTS " + dbname_);
      admin_command(admin_, "CREATE DATABASE " + dbname_);
      conn_ = connect(conninfo, dbname_.c_str());
    } catch (...) {
      PQfinish(admin_);
      throw;
    }
  }

  ~PostgresBackend() override {
    PQfinish(conn_);
    try {
      admin_command(admin_, "DROP DATABASE IF EXISTS " + dbname_ + " WITH (FORCE)");
    } catch (...) {
      // A leftover database is harmless in a throwaway cluster.
    }
    PQfinish(admin_);
  }

  Outcome execute(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    Outcome o = to_outcome(r);
    PQclear(r);
    // COPY is not part of the scenario format: abort it so the connection stays usable.
    while ((r = PQgetResult(conn_)) != nullptr) PQclear(r);
    return o;
  }

 private:
  Outcome to_outcome(PGresult* r) {
    switch (PQresultStatus(r)) {
      case PGRES_TUPLES_OK:
        if (PQnfields(r) > 0) return rows(r);
        [[fallthrough]];
      case PGRES_COMMAND_OK:
      case PGRES_EMPTY_QUERY: {
        Outcome o;
        o.kind = Outcome::Kind::kCommand;
        o.command_tag = PQcmdStatus(r);
        return o;
      }
      case PGRES_COPY_IN:
        PQputCopyEnd(conn_, "COPY is not supported by sqltest");
        return Outcome::error("?????", "COPY is not supported by sqltest");
      case PGRES_COPY_OUT:
        return Outcome::error("?????", "COPY is not supported by sqltest");
      default: {
        std::string state = field(r, PG_DIAG_SQLSTATE);
        if (state.empty())  // no server error: the connection itself failed
          return Outcome::error("?????", PQerrorMessage(conn_));
        Outcome o = Outcome::error(state, field(r, PG_DIAG_MESSAGE_PRIMARY), field(r, PG_DIAG_MESSAGE_DETAIL),
                                   field(r, PG_DIAG_MESSAGE_HINT));
        o.schema = field(r, PG_DIAG_SCHEMA_NAME);
        o.table = field(r, PG_DIAG_TABLE_NAME);
        o.column = field(r, PG_DIAG_COLUMN_NAME);
        o.datatype = field(r, PG_DIAG_DATATYPE_NAME);
        o.constraint = field(r, PG_DIAG_CONSTRAINT_NAME);
        return o;
      }
    }
  }

  static Outcome rows(PGresult* r) {
    Outcome o;
    o.kind = Outcome::Kind::kRows;
    int ncols = PQnfields(r);
    for (int c = 0; c < ncols; ++c) {
      o.column_names.push_back(PQfname(r, c));
      o.column_types.push_back(PQftype(r, c));
    }
    for (int i = 0; i < PQntuples(r); ++i) {
      std::vector<std::optional<std::string>> row;
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(r, i, c)) row.emplace_back(std::nullopt);
        else row.emplace_back(std::string(PQgetvalue(r, i, c), PQgetlength(r, i, c)));
      }
      o.rows.push_back(std::move(row));
    }
    return o;
  }

  std::string dbname_;
  PGconn* admin_ = nullptr;
  PGconn* conn_ = nullptr;
};

}  // namespace

std::unique_ptr<Backend> open_postgres(const std::string& conninfo) {
  return std::make_unique<PostgresBackend>(conninfo);
}

}  // namespace sqltest
