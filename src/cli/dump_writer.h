// Writes a dump script: the catalog's pieces (engine/dump_script.h) around
// each table's rows, all read inside one REPEATABLE READ READ ONLY transaction
// so that rows come from one snapshot. Where the statements run is a
// DumpSource: an Engine opened on a data directory, or a running server over
// libpq (cli/dump_sources.h). Both ask for the pieces with
// `SELECT upsertdb_dump_script()`, so the two paths write the same script.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace upsertdb::cli {

// Where the statements of a dump run. Errors are thrown as DbError.
class DumpSource {
 public:
  virtual ~DumpSource() = default;
  virtual void run(const std::string& sql) = 0;                // BEGIN, COMMIT
  virtual std::string query_text(const std::string& sql) = 0;  // one row, one text column
  // COPY ... TO STDOUT: `sink` receives the text-format rows in chunks.
  virtual void copy_out(const std::string& sql, const std::function<void(std::string_view)>& sink) = 0;
};

// Output with error checking: a full disk must fail the dump, not truncate it.
class DumpOutput {
 public:
  explicit DumpOutput(std::FILE* f) : f_(f) {}
  void put(std::string_view s);
  void flush();

 private:
  [[noreturn]] void fail();
  std::FILE* f_;
};

// Progress lines on stderr: every `every` rows of a table and when it ends.
struct DumpProgress {
  bool quiet = false;
  uint64_t every = 1000000;
};

void write_dump(DumpSource& source, DumpOutput& out, const DumpProgress& progress);

}  // namespace upsertdb::cli
