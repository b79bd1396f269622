// `upsertdb sql [DIR] [-c SQL | -f FILE]...`: runs SQL non-interactively, like
// `psql -c` / `psql -f` / `psql < file`: results on stdout, errors on stderr,
// keeps going after an error and exits 1 if any statement failed.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/sql_runner.h"
#include "common/error.h"
#include "engine/engine.h"
#include "format/error_report.h"

namespace upsertdb::cli {

namespace {

const char* kSqlUsage =
    "upsertdb sql runs SQL against a database without prompting.\n"
    "\n"
    "Usage:\n"
    "  upsertdb sql [DIR] [-c SQL | -f FILE]...\n"
    "\n"
    "  DIR                       data directory (created if missing); in-memory when omitted\n"
    "  -c, --command=SQL         run SQL (several statements allowed); may be repeated\n"
    "  -f, --file=FILE           run the statements in FILE (\"-\" = standard input); may be repeated\n"
    "  --help                    show this help, then exit\n"
    "\n"
    "Without -c or -f, statements are read from standard input. Results go to\n"
    "standard output in psql's aligned format, errors to standard error. Execution\n"
    "continues after a failing statement; the exit status is 1 if any failed.\n";

struct Source {
  bool is_command;
  std::string text;   // the SQL for -c, the path for -f
};

// Runs lines from `in` through the runner; returns false if \q was seen.
bool run_stream(SqlRunner& runner, std::istream& in) {
  std::string line;
  while (std::getline(in, line)) {
    if (!runner.add_line(line)) return false;
  }
  runner.finish();
  return true;
}

}  // namespace

int run_sql(const std::vector<std::string>& args) {
  std::string dir;
  bool have_dir = false;
  std::vector<Source> sources;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* opt) -> const std::string* {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "upsertdb sql: option %s needs an argument\n", opt);
        return nullptr;
      }
      return &args[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kSqlUsage, stdout);
      return 0;
    } else if (a == "-c" || a == "--command") {
      const std::string* v = value(a.c_str());
      if (!v) return 2;
      sources.push_back({true, *v});
    } else if (a.rfind("--command=", 0) == 0) {
      sources.push_back({true, a.substr(10)});
    } else if (a == "-f" || a == "--file") {
      const std::string* v = value(a.c_str());
      if (!v) return 2;
      sources.push_back({false, *v});
    } else if (a.rfind("--file=", 0) == 0) {
      sources.push_back({false, a.substr(7)});
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "upsertdb sql: unknown option \"%s\"\nTry \"upsertdb sql --help\".\n", a.c_str());
      return 2;
    } else if (!have_dir) {
      dir = a;
      have_dir = true;
    } else {
      std::fprintf(stderr, "upsertdb sql: unexpected argument \"%s\"\nTry \"upsertdb sql --help\".\n", a.c_str());
      return 2;
    }
  }

  // Open every file first so a typo fails before any SQL runs.
  for (const auto& s : sources) {
    if (!s.is_command && s.text != "-") {
      std::ifstream probe(s.text);
      if (!probe) {
        std::fprintf(stderr, "upsertdb sql: %s: %s\n", s.text.c_str(), std::strerror(errno));
        return 1;
      }
    }
  }

  std::unique_ptr<Engine> engine;
  try {
    engine = std::make_unique<Engine>(dir);
  } catch (const DbError& e) {
    std::fputs(format::format_error_report(e.fields(), "").c_str(), stderr);
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "upsertdb sql: cannot open database \"%s\": %s\n", dir.c_str(), e.what());
    return 1;
  }

  bool failed = false;
  {
    SqlRunner runner(*engine);
    if (sources.empty()) {
      run_stream(runner, std::cin);
    } else {
      for (const auto& s : sources) {
        bool go_on;
        if (s.is_command) {
          go_on = runner.run_command_string(s.text);
        } else if (s.text == "-") {
          go_on = run_stream(runner, std::cin);
        } else {
          std::ifstream in(s.text);
          go_on = run_stream(runner, in);
        }
        if (!go_on) break;
      }
    }
    failed = runner.had_error();
  }   // the session ends (rolling back an open transaction) before the engine closes
  try {
    engine.reset();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "upsertdb sql: closing the database failed: %s\n", e.what());
    return 1;
  }
  return failed ? 1 : 0;
}

}  // namespace upsertdb::cli
