// A place to run statements: a fresh UpsertDB in-memory database through the public
// embedded API, or a fresh PostgreSQL database created for one file and dropped after.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "outcome.h"
#include "script.h"

namespace sqltest {

class Backend {
 public:
  virtual ~Backend() = default;
  // Runs one statement; never throws for SQL errors (they become Kind::kError).
  virtual Outcome execute(const std::string& sql) = 0;
};

// Fresh in-memory UpsertDB (Database::open("")) with one connection.
std::unique_ptr<Backend> open_upsertdb();

// Connects with `conninfo`, creates a fresh database sqltest_<pid>_<n>, and works in it;
// the database is dropped when the backend is destroyed. Throws std::runtime_error
// when PostgreSQL cannot be reached.
std::unique_ptr<Backend> open_postgres(const std::string& conninfo);

// Runs every statement of `script` and returns one canonical block per statement.
std::vector<std::string> run_script(Backend& backend, const Script& script);

// The result of running a script on UpsertDB in a child process, so that a crash or
// a hang in the engine fails one file instead of the whole run.
struct IsolatedRun {
  std::vector<std::string> blocks;  // one per statement completed
  std::string failure;              // empty, or e.g. "crashed (signal 11) in statement 7"
};
IsolatedRun run_upsertdb_isolated(const Script& script, unsigned timeout_seconds);

}  // namespace sqltest
