// The two embedded engines behind one small interface, so every workload in
// embedded_bench.cc runs the same code against UpsertDB's C++ API and SQLite's
// C API: open a database file/directory, run DDL, prepare a statement, bind
// integers and text, execute, read the rows back.
//
// SQL is written once in PostgreSQL's spelling with $1, $2 ... parameters;
// the SQLite side rewrites "$n" to "?n" and gets its own DDL (SQLite's type
// names differ), passed separately by the caller.
//
// Both engines run at the same durability level: a commit is logged but not
// fsynced, so a power loss may take the last commits and never tears one.
//   SQLite:   a database file, journal_mode=WAL, synchronous=NORMAL (commits
//             are written to the WAL but not fsynced; checkpoints fsync).
//   UpsertDB: a data directory, synchronous_commit=off (commits are appended
//             to the write-ahead log and flushed with fdatasync every
//             wal_writer_delay, 200 ms; checkpoints fsync). One difference
//             remains: SQLite hands each commit to the OS at once, so killing
//             the process loses nothing, while UpsertDB keeps up to 200 ms of
//             commits in its own buffer, as PostgreSQL's synchronous_commit=off
//             does. embedded_bench measures the bytes commits leave on disk.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "upsertdb/upsertdb.h"

namespace bench {

class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_int(int index, int64_t v) = 0;
  virtual void bind_text(int index, const std::string& v) = 0;
  // Executes with the current bindings. Reads every produced row (all columns,
  // text as text) and returns how many there were.
  virtual long run() = 0;
};

class EmbeddedDb {
 public:
  virtual ~EmbeddedDb() = default;
  virtual void exec(const std::string& sql) = 0;
  virtual std::unique_ptr<Statement> prepare(const std::string& sql) = 0;
  virtual int64_t scalar(const std::string& sql) = 0;   // first column of the first row
  virtual std::string durability_note() const = 0;
};

[[noreturn]] inline void die(const std::string& what) {
  std::fprintf(stderr, "embedded_bench: %s\n", what.c_str());
  std::exit(1);
}

// ---- UpsertDB ---------------------------------------------------------------

class UpsertStatement : public Statement {
 public:
  explicit UpsertStatement(upsertdb::PreparedStatement s) : s_(std::move(s)) {}
  void bind_int(int index, int64_t v) override { s_.bind(index, v); }
  void bind_text(int index, const std::string& v) override { s_.bind(index, v); }
  long run() override {
    upsertdb::Result r = s_.execute();
    long rows = 0;
    size_t cols = r.column_count();
    while (r.next()) {
      for (size_t c = 0; c < cols; ++c) sink_ += r.get_text(c).size();
      ++rows;
    }
    return rows;
  }

 private:
  upsertdb::PreparedStatement s_;
  size_t sink_ = 0;   // keeps the column reads from being optimised away
};

class UpsertDb : public EmbeddedDb {
 public:
  explicit UpsertDb(const std::string& dir) : db_(upsertdb::Database::open(dir)), conn_(db_->connect()) {
    conn_->execute("SET synchronous_commit = off");   // SQLite's synchronous=NORMAL (see the top of this file)
  }
  void exec(const std::string& sql) override { conn_->execute(sql); }
  std::unique_ptr<Statement> prepare(const std::string& sql) override {
    return std::make_unique<UpsertStatement>(conn_->prepare(sql));
  }
  int64_t scalar(const std::string& sql) override {
    upsertdb::Result r = conn_->execute(sql);
    if (!r.next()) die("no row from: " + sql);
    return r.get_int64(0);
  }
  std::string durability_note() const override {
    return "data directory in a temp dir, synchronous_commit=off: logged, fdatasync every 200 ms (what commits "
           "write there is measured: data_dir_bytes_after_commit)";
  }
  // Closes the database (writes its snapshot) before the directory is measured.
  void close() {
    conn_.reset();
    db_.reset();
  }

 private:
  std::unique_ptr<upsertdb::Database> db_;
  std::unique_ptr<upsertdb::Connection> conn_;
};

// ---- SQLite -----------------------------------------------------------------

inline void sqlite_check(int rc, sqlite3* db, const std::string& what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) die("sqlite " + what + ": " + sqlite3_errmsg(db));
}

// "$1" -> "?1": SQLite reads "$1" as a named parameter, "?1" as number 1.
inline std::string sqlite_params(std::string sql) {
  for (size_t i = 0; i + 1 < sql.size(); ++i) {
    if (sql[i] == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') sql[i] = '?';
  }
  return sql;
}

class SqliteStatement : public Statement {
 public:
  SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
    sqlite_check(sqlite3_prepare_v2(db, sqlite_params(sql).c_str(), -1, &stmt_, nullptr), db, "prepare " + sql);
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  void bind_int(int index, int64_t v) override { sqlite3_bind_int64(stmt_, index, v); }
  void bind_text(int index, const std::string& v) override {
    sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  long run() override {
    long rows = 0;
    int rc;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
      int cols = sqlite3_column_count(stmt_);
      for (int c = 0; c < cols; ++c) {
        sqlite3_column_text(stmt_, c);   // text form, as UpsertDB's get_text
        sink_ += static_cast<size_t>(sqlite3_column_bytes(stmt_, c));
      }
      ++rows;
    }
    sqlite_check(rc, db_, "step");
    sqlite3_reset(stmt_);
    return rows;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  size_t sink_ = 0;
};

class SqliteDb : public EmbeddedDb {
 public:
  explicit SqliteDb(const std::string& file) {
    sqlite_check(sqlite3_open(file.c_str(), &db_), db_, "open");
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
  }
  ~SqliteDb() override { sqlite3_close(db_); }
  void exec(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      die("sqlite exec " + sql + ": " + msg);
    }
  }
  std::unique_ptr<Statement> prepare(const std::string& sql) override {
    return std::make_unique<SqliteStatement>(db_, sql);
  }
  int64_t scalar(const std::string& sql) override {
    sqlite3_stmt* s = nullptr;
    sqlite_check(sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr), db_, "prepare " + sql);
    if (sqlite3_step(s) != SQLITE_ROW) die("no row from: " + sql);
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
  }
  std::string durability_note() const override {
    return "database file; journal_mode=WAL, synchronous=NORMAL (" + std::string(sqlite3_libversion()) + ")";
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace bench
