// Embedded benchmark (issue 7): the same five workloads through UpsertDB's
// C++ API and SQLite's C API, single thread, prepared statements, one engine
// per process (bench/run.sh alternates the processes and takes medians).
//
//   embedded_bench ENGINE suite ROWS AUTOCOMMIT_ROWS
//     ENGINE = upsertdb | sqlite. Runs, on a fresh database in a temp dir:
//     (a) a_insert        ROWS upserts of new bigint keys (shuffled), one transaction
//     (b) b_update        the same ROWS keys again, all updates, one transaction
//     (c) c_text_unique   ROWS upserts on a text UNIQUE column (serial primary
//                         key); ROWS/2 names, each twice: half are conflicts
//     (d) d_point_select  ROWS selects by primary key, autocommit, rows read as text
//     (e) e_autocommit    AUTOCOMMIT_ROWS single-row upserts, each its own
//                         transaction, keys over 2*ROWS (about half conflicts)
//     (f) f_plain_insert  ROWS plain INSERTs of new bigint keys (shuffled), one
//                         transaction, into a second table (issue 2's measure)
//     and (UpsertDB only) the heap allocations of one steady-state prepared
//     upsert, counted through the global operator new of this binary, and the
//     bytes in the data directory after (a)'s commit (0 = nothing logged).
//
//   embedded_bench upsertdb footprint ROWS
//     loads ROWS rows of (k bigint PK, v text, n int) in one synchronous
//     transaction and reports resident bytes per row (with the heap bytes in
//     use and the row versions' share) and the data directory's bytes per row
//     after close; the peer is PostgreSQL's pg_total_relation_size (bench/served.sh).
//
// Output, one line each, parsed by bench/report.py:
//   result engine=E workload=W rows=N seconds=S rate=R
//   metric engine=E name=NAME value=V
//   note engine=E free text
// Every workload checks its result (row counts, sums) and exits 1 on a mismatch.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "embedded_engines.h"

// ---- allocation counting ----------------------------------------------------
// Counts operator new while `g_counting` is set. Memory the engine allocates
// with malloc directly is not seen; the C++ engine allocates through new.
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
void* counted_alloc(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  return p;
}
void* counted_aligned_alloc(std::size_t n, std::align_val_t a) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  void* p = nullptr;
  if (posix_memalign(&p, std::max(sizeof(void*), static_cast<std::size_t>(a)), n ? n : 1) != 0) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_aligned_alloc(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_aligned_alloc(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

using bench::EmbeddedDb;
using bench::Statement;

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// "VmRSS" (now) or "VmHWM" (peak) of this process, in kB.
long status_kb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  std::string prefix = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::atol(line.c_str() + prefix.size());
  }
  return 0;
}

std::string value_for(long i, int round) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "val%d-%07ld", round, i % 10000000);
  return buf;
}

std::string name_for(long i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "user-%09ld", i);
  return buf;
}

std::vector<int64_t> shuffled(long n, uint64_t seed) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (long i = 0; i < n; ++i) v[static_cast<size_t>(i)] = i;
  std::mt19937_64 rng(seed);
  std::shuffle(v.begin(), v.end(), rng);
  return v;
}

struct Context {
  std::string engine;
  EmbeddedDb* db;
  long rows;
};

void report(const Context& c, const char* workload, long rows, double seconds) {
  std::printf("result engine=%s workload=%s rows=%ld seconds=%.3f rate=%.0f\n", c.engine.c_str(), workload, rows,
              seconds, rows / seconds);
  std::fflush(stdout);
}

void metric(const Context& c, const char* name, double value) {
  std::printf("metric engine=%s name=%s value=%.2f\n", c.engine.c_str(), name, value);
  std::fflush(stdout);
}

void expect(const Context& c, const char* what, int64_t got, int64_t want) {
  if (got != want) {
    bench::die(c.engine + " " + what + ": expected " + std::to_string(want) + ", got " + std::to_string(got));
  }
}

const char* kUpsertT =
    "INSERT INTO t (k, v, n) VALUES ($1, $2, $3) ON CONFLICT (k) DO UPDATE SET v = excluded.v, n = excluded.n";

// (a) and (b): the same statement; round 0 inserts every key, round 1 updates every key.
void upsert_round(Context& c, Statement& ups, const std::vector<int64_t>& keys, int round, const char* name) {
  double start = now_seconds();
  c.db->exec("BEGIN");
  for (int64_t k : keys) {
    ups.bind_int(1, k);
    ups.bind_text(2, value_for(k, round));
    ups.bind_int(3, k % 1000 + round);
    ups.run();
  }
  c.db->exec("COMMIT");
  report(c, name, c.rows, now_seconds() - start);
  expect(c, "row count", c.db->scalar("SELECT count(*) FROM t"), c.rows);
  // sum(n) = sum(k % 1000) + rows * round
  int64_t want = 0;
  for (int64_t k : keys) want += k % 1000 + round;
  expect(c, "sum(n)", c.db->scalar("SELECT sum(n) FROM t"), want);
}

void text_unique(Context& c) {
  long distinct = c.rows / 2;
  std::vector<int64_t> order(static_cast<size_t>(distinct * 2));
  for (long i = 0; i < distinct * 2; ++i) order[static_cast<size_t>(i)] = i % distinct;
  std::mt19937_64 rng(3);
  std::shuffle(order.begin(), order.end(), rng);
  auto ups = c.db->prepare("INSERT INTO u (name, n) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET n = u.n + excluded.n");
  double start = now_seconds();
  c.db->exec("BEGIN");
  for (int64_t id : order) {
    ups->bind_text(1, name_for(id));
    ups->bind_int(2, 1);
    ups->run();
  }
  c.db->exec("COMMIT");
  report(c, "c_text_unique", distinct * 2, now_seconds() - start);
  expect(c, "distinct names", c.db->scalar("SELECT count(*) FROM u"), distinct);
  expect(c, "sum(n)", c.db->scalar("SELECT sum(n) FROM u"), distinct * 2);
}

void point_selects(Context& c, const std::vector<int64_t>& keys) {
  auto sel = c.db->prepare("SELECT v, n FROM t WHERE k = $1");
  long found = 0;
  double start = now_seconds();
  for (int64_t k : keys) {
    sel->bind_int(1, k);
    found += sel->run();
  }
  report(c, "d_point_select", c.rows, now_seconds() - start);
  expect(c, "rows found", found, c.rows);
}

void autocommit_upserts(Context& c, Statement& ups, long n) {
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<int64_t> key(0, 2 * c.rows - 1);
  int64_t before = c.db->scalar("SELECT count(*) FROM t");
  long fresh_keys = 0;
  std::vector<int64_t> keys(static_cast<size_t>(n));
  for (auto& k : keys) k = key(rng);
  {
    std::vector<int64_t> distinct_new;
    for (int64_t k : keys) if (k >= c.rows) distinct_new.push_back(k);
    std::sort(distinct_new.begin(), distinct_new.end());
    fresh_keys = std::unique(distinct_new.begin(), distinct_new.end()) - distinct_new.begin();
  }
  double start = now_seconds();
  for (int64_t k : keys) {
    ups.bind_int(1, k);
    ups.bind_text(2, value_for(k, 2));
    ups.bind_int(3, 2);
    ups.run();
  }
  report(c, "e_autocommit", n, now_seconds() - start);
  expect(c, "row count after autocommit upserts", c.db->scalar("SELECT count(*) FROM t"), before + fresh_keys);
}

// Heap allocations of one prepared upsert that updates an existing row, after warm-up.
void count_allocations(Context& c, Statement& ups, const std::vector<int64_t>& keys) {
  const long n = std::min<long>(10000, static_cast<long>(keys.size()));
  std::vector<std::string> values;
  for (long i = 0; i < n; ++i) values.push_back(value_for(keys[static_cast<size_t>(i)], 3));
  c.db->exec("BEGIN");
  for (long i = 0; i < std::min<long>(n, 1000); ++i) {   // warm-up
    ups.bind_int(1, keys[static_cast<size_t>(i)]);
    ups.bind_text(2, values[static_cast<size_t>(i)]);
    ups.bind_int(3, 3);
    ups.run();
  }
  g_allocations = 0;
  g_counting = true;
  for (long i = 0; i < n; ++i) {
    ups.bind_int(1, keys[static_cast<size_t>(i)]);
    ups.bind_text(2, values[static_cast<size_t>(i)]);
    ups.bind_int(3, 3);
    ups.run();
  }
  g_counting = false;
  c.db->exec("COMMIT");
  metric(c, "allocs_per_prepared_upsert", static_cast<double>(g_allocations.load()) / static_cast<double>(n));
}

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "upsertdb-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) bench::die("mkdtemp failed");
  return tmpl;
}

uintmax_t directory_bytes(const std::string& dir) {
  uintmax_t total = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

// (f): plain prepared INSERTs, no ON CONFLICT (issue 2 asks for their ratio).
void plain_inserts(Context& c, const std::vector<int64_t>& keys) {
  auto ins = c.db->prepare("INSERT INTO p (k, v, n) VALUES ($1, $2, $3)");
  double start = now_seconds();
  c.db->exec("BEGIN");
  for (int64_t k : keys) {
    ins->bind_int(1, k);
    ins->bind_text(2, value_for(k, 0));
    ins->bind_int(3, k % 1000);
    ins->run();
  }
  c.db->exec("COMMIT");
  report(c, "f_plain_insert", static_cast<long>(keys.size()), now_seconds() - start);
  expect(c, "row count of p", c.db->scalar("SELECT count(*) FROM p"), static_cast<int64_t>(keys.size()));
}

void run_suite(const std::string& engine, long rows, long autocommit_rows) {
  std::string dir = make_temp_dir();
  std::unique_ptr<EmbeddedDb> db;
  if (engine == "upsertdb") {
    db = std::make_unique<bench::UpsertDb>(dir + "/data");
    db->exec("CREATE TABLE t (k bigint PRIMARY KEY, v text, n int)");
    db->exec("CREATE TABLE u (id serial PRIMARY KEY, name text UNIQUE, n int)");
    db->exec("CREATE TABLE p (k bigint PRIMARY KEY, v text, n int)");
  } else if (engine == "sqlite") {
    db = std::make_unique<bench::SqliteDb>(dir + "/bench.sqlite");
    db->exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
    db->exec("CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER)");
    db->exec("CREATE TABLE p (k INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
  } else {
    bench::die("unknown engine " + engine);
  }
  Context c{engine, db.get(), rows};
  std::printf("note engine=%s :: %s\n", engine.c_str(), db->durability_note().c_str());
  std::vector<int64_t> keys = shuffled(rows, 1);
  auto ups = db->prepare(kUpsertT);
  upsert_round(c, *ups, keys, 0, "a_insert");
  // What (a)'s commit left on disk: 0 means commits are not durable (no log
  // written), and report.py says the comparison is not at equal durability.
  if (engine == "upsertdb") metric(c, "data_dir_bytes_after_commit", static_cast<double>(directory_bytes(dir + "/data")));
  upsert_round(c, *ups, keys, 1, "b_update");
  text_unique(c);
  point_selects(c, shuffled(rows, 2));
  autocommit_upserts(c, *ups, autocommit_rows);
  plain_inserts(c, keys);
  if (engine == "upsertdb") count_allocations(c, *ups, keys);
  ups.reset();
  double close_start = now_seconds();
  db.reset();
  metric(c, "close_seconds", now_seconds() - close_start);
  metric(c, "peak_rss_mb", status_kb("VmHWM") / 1024.0);
  std::filesystem::remove_all(dir);
}

// Bytes the allocator has handed out and not had back (every arena, and the
// blocks it mmapped itself).
double heap_in_use_bytes() {
  struct mallinfo2 mi = mallinfo2();
  return static_cast<double>(mi.uordblks + mi.hblkhd);
}

// The table's memory is measured once it is settled: the COMMIT is
// synchronous, so the log writer has written (and freed) the commit's log
// copy before it returns, and malloc_trim hands back what the load freed.
// Measured with synchronous_commit=off instead, the result depended on
// whether the background flusher (every 200 ms) had run yet: 120 or 176 B at
// 1M rows, the 56 B being the in-memory copy of the commit's log record.
// resident_bytes_per_row is the process's resident growth: rows, indexes,
// version headers and the allocator's overhead and fragmentation, as the
// kernel sees them. The other metrics split it up.
void run_footprint(long rows) {
  std::string dir = make_temp_dir();
  Context c{"upsertdb", nullptr, rows};
  {
    bench::UpsertDb db(dir + "/data");
    c.db = &db;
    db.exec("CREATE TABLE t (k bigint PRIMARY KEY, v text, n int)");
    db.exec("SET synchronous_commit = on");
    auto ins = db.prepare("INSERT INTO t (k, v, n) VALUES ($1, $2, $3)");
    malloc_trim(0);
    long before_kb = status_kb("VmRSS");
    double before_heap = heap_in_use_bytes();
    db.exec("BEGIN");
    for (long i = 0; i < rows; ++i) {
      ins->bind_int(1, i);
      ins->bind_text(2, value_for(i, 0));
      ins->bind_int(3, i % 1000);
      ins->run();
    }
    db.exec("COMMIT");
    ins.reset();
    malloc_trim(0);   // hand freed transaction logs back, so what remains is the live data
    long after_kb = status_kb("VmRSS");
    double after_heap = heap_in_use_bytes();
    expect(c, "row count", db.scalar("SELECT count(*) FROM t"), rows);
    double n = static_cast<double>(rows);
    metric(c, "resident_bytes_per_row", (after_kb - before_kb) * 1024.0 / n);
    metric(c, "heap_in_use_bytes_per_row", (after_heap - before_heap) / n);
    metric(c, "version_bytes_per_row",
           static_cast<double>(db.scalar("SELECT version_bytes FROM upsertdb_stat_versions WHERE relname = 't'")) / n);
    db.close();
  }
  metric(c, "disk_bytes_per_row", static_cast<double>(directory_bytes(dir + "/data")) / static_cast<double>(rows));
  std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: embedded_bench upsertdb|sqlite suite ROWS [AUTOCOMMIT_ROWS]\n"
                 "       embedded_bench upsertdb footprint ROWS\n");
    return 2;
  }
  std::string engine = argv[1], mode = argv[2];
  long rows = std::atol(argv[3]);
  if (rows < 2) bench::die("ROWS must be at least 2");
  try {
    if (mode == "suite") {
      long autocommit_rows = argc > 4 ? std::atol(argv[4]) : 20000;
      run_suite(engine, rows, autocommit_rows);
    } else if (mode == "footprint" && engine == "upsertdb") {
      run_footprint(rows);
    } else {
      bench::die("unknown mode " + mode + " for " + engine);
    }
  } catch (const upsertdb::Error& e) {
    bench::die(engine + " error " + e.sqlstate() + ": " + e.message());
  }
  return 0;
}
