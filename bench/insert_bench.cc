// Insert benchmark (issue 2's numbers): N prepared single-row INSERTs of
// (k bigint primary key, v text ~10 chars, n int) in one transaction, through
// UpsertDB's embedded API and through SQLite's C API in the same process run,
// plus UpsertDB's resident memory per row. Prints one line per engine:
//   upsertdb rows=N seconds=S rows_per_s=R bytes_per_row=B
//   sqlite   rows=N seconds=S rows_per_s=R
// bench/run.sh repeats it and reports medians and the ratio.
#include <malloc.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "upsertdb/upsertdb.h"

namespace {

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

std::string value_for(long i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "val%07ld", i % 10000000);
  return buf;
}

void bench_upsertdb(long rows) {
  auto db = upsertdb::Database::open("");
  auto conn = db->connect();
  conn->execute("CREATE TABLE t (k bigint PRIMARY KEY, v text, n int)");
  auto ins = conn->prepare("INSERT INTO t VALUES ($1, $2, $3)");
  malloc_trim(0);
  long before = resident_bytes();
  double start = now_seconds();
  conn->execute("BEGIN");
  for (long i = 0; i < rows; ++i) {
    ins.bind(1, static_cast<int64_t>(i)).bind(2, value_for(i)).bind(3, static_cast<int64_t>(i % 1000)).execute();
  }
  conn->execute("COMMIT");
  double secs = now_seconds() - start;
  malloc_trim(0);   // hand freed transaction logs back, so what remains is the live data
  long after = resident_bytes();
  auto r = conn->execute("SELECT count(*) FROM t");
  r.next();
  if (r.get_int64(0) != rows) {
    std::fprintf(stderr, "upsertdb: expected %ld rows, found %lld\n", rows, static_cast<long long>(r.get_int64(0)));
    std::exit(1);
  }
  std::printf("upsertdb rows=%ld seconds=%.3f rows_per_s=%.0f bytes_per_row=%.1f\n", rows, secs, rows / secs,
              static_cast<double>(after - before) / static_cast<double>(rows));
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "sqlite %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

void bench_sqlite(long rows) {
  sqlite3* db = nullptr;
  check(sqlite3_open(":memory:", &db), db, "open");
  check(sqlite3_exec(db, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT, n INTEGER)", nullptr, nullptr, nullptr), db,
        "create");
  sqlite3_stmt* stmt = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, ?)", -1, &stmt, nullptr), db, "prepare");
  double start = now_seconds();
  check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  for (long i = 0; i < rows; ++i) {
    std::string v = value_for(i);
    sqlite3_bind_int64(stmt, 1, i);
    sqlite3_bind_text(stmt, 2, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 3, i % 1000);
    check(sqlite3_step(stmt), db, "step");
    sqlite3_reset(stmt);
  }
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  double secs = now_seconds() - start;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  std::printf("sqlite rows=%ld seconds=%.3f rows_per_s=%.0f\n", rows, secs, rows / secs);
}

}  // namespace

int main(int argc, char** argv) {
  long rows = argc > 1 ? std::atol(argv[1]) : 1000000;
  std::string which = argc > 2 ? argv[2] : "both";
  if (which == "both" || which == "upsertdb") bench_upsertdb(rows);
  if (which == "both" || which == "sqlite") bench_sqlite(rows);
  return 0;
}
