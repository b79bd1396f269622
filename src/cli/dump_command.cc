// `upsertdb dump`: writes a plain SQL script that recreates the database —
// PostgreSQL 15's psql loads it unchanged, and so does UpsertDB
// (`upsertdb sql NEWDIR -f dump.sql`, or psql against `upsertdb serve`).
// It reads either a data directory (opened by this process; no server may
// hold it) or a running server (libpq connection options, as pg_dump's).
//
// The script follows pg_dump's order, so that loading it is fast and never
// trips over a constraint half-way:
//   SET lines; CREATE SEQUENCE (free-standing and serial ones); CREATE TABLE
//   (columns, types, NOT NULL, DEFAULTs, identity columns with their sequence
//   options); ALTER SEQUENCE ... OWNED BY; per table COPY ... FROM stdin with
//   the rows in text format; setval of every sequence; PRIMARY KEY / UNIQUE /
//   CHECK constraints; other indexes; FOREIGN KEYs last.
// The pieces come from engine/dump_script.h, the order from cli/dump_writer.h.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/dump_sources.h"
#include "cli/dump_writer.h"
#include "common/error.h"
#include "engine/engine.h"
#include "format/error_report.h"

namespace upsertdb::cli {

namespace {

const char* kDumpUsage =
    "upsertdb dump writes a database as a plain SQL script (schema, data, sequences,\n"
    "constraints, indexes) that PostgreSQL's psql and UpsertDB both load.\n"
    "\n"
    "Usage:\n"
    "  upsertdb dump DIR [-f FILE] [-q]                       a data directory\n"
    "  upsertdb dump [-h HOST] [-p PORT] [-U USER] [-d DB] [-f FILE] [-q]\n"
    "                                                         a running server\n"
    "\n"
    "  DIR                       data directory to dump (opened read-only; no server\n"
    "                            may be running on it: dump through the server instead)\n"
    "  -h, --host=HOST           server host (as libpq: PGHOST, default local socket)\n"
    "  -p, --port=PORT           server port (PGPORT, default 5432)\n"
    "  -U, --username=USER       user name (PGUSER); the password comes from PGPASSWORD\n"
    "                            or ~/.pgpass\n"
    "  -d, --dbname=DB           database name, or a connection string or URI\n"
    "  -f, --file=FILE           write the script to FILE instead of standard output\n"
    "  -q, --quiet               no progress messages on standard error\n"
    "  -?, --help                show this help, then exit\n"
    "\n"
    "Rows come from one snapshot (a REPEATABLE READ transaction) in both modes.\n"
    "Load the script with: psql -v ON_ERROR_STOP=1 -f FILE   (into an empty database)\n"
    "                  or: upsertdb sql NEWDIR -f FILE\n";

struct DumpArgs {
  std::string dir;
  ConnParams server;      // non-empty: dump through a server
  std::string file;
  bool quiet = false;
};

// Parses the arguments; returns -1 to go on, or the exit code.
int parse_args(const std::vector<std::string>& args, DumpArgs& out) {
  bool have_dir = false, want_server = false;
  static const std::pair<const char*, const char*> kConnOptions[] = {
      {"host", "h"}, {"port", "p"}, {"username", "U"}, {"dbname", "d"}};
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    // --name=value or -x value / -xvalue / --name value
    auto value_of = [&](const char* long_name, const char* short_name, std::string& value) -> int {
      std::string l = std::string("--") + long_name, s = std::string("-") + short_name;
      if (a.rfind(l + "=", 0) == 0) {
        value = a.substr(l.size() + 1);
        return 1;
      }
      if (a.size() > s.size() && a.rfind(s, 0) == 0 && short_name[0] != '\0') {
        value = a.substr(s.size());
        return 1;
      }
      if (a != l && a != s) return 0;
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "upsertdb dump: option %s needs an argument\n", a.c_str());
        return -1;
      }
      value = args[++i];
      return 1;
    };
    std::string value;
    int m = 0;
    if (a == "--help" || a == "-?") {
      std::fputs(kDumpUsage, stdout);
      return 0;
    }
    if (a == "-q" || a == "--quiet") {
      out.quiet = true;
      continue;
    }
    if ((m = value_of("file", "f", value)) != 0) {
      if (m < 0) return 2;
      out.file = value;
      continue;
    }
    bool matched = false;
    for (const auto& [long_name, short_name] : kConnOptions) {
      if ((m = value_of(long_name, short_name, value)) == 0) continue;
      if (m < 0) return 2;
      std::string key = std::string(long_name) == "username" ? "user" : long_name;
      out.server.emplace_back(key, value);
      want_server = matched = true;
      break;
    }
    if (matched) continue;
    if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "upsertdb dump: unknown option \"%s\"\nTry \"upsertdb dump --help\".\n", a.c_str());
      return 2;
    }
    if (have_dir) {
      std::fprintf(stderr, "upsertdb dump: unexpected argument \"%s\"\nTry \"upsertdb dump --help\".\n", a.c_str());
      return 2;
    }
    out.dir = a;
    have_dir = true;
  }
  if (have_dir && want_server) {
    std::fprintf(stderr,
                 "upsertdb dump: give a data directory or connection options, not both\n"
                 "Try \"upsertdb dump --help\".\n");
    return 2;
  }
  if (!want_server && out.dir.empty()) {
    std::fprintf(stderr, "upsertdb dump: no data directory given\nTry \"upsertdb dump --help\".\n");
    return 2;
  }
  return -1;
}

void report(const DbError& e) { std::fputs(format::format_error_report(e.fields(), "").c_str(), stderr); }

// Opens the data directory for reading; null (after reporting) when it cannot.
std::unique_ptr<Engine> open_directory(const std::string& dir, bool quiet) {
  // Opening an Engine creates a missing directory; a dump must not.
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    std::fprintf(stderr, "upsertdb dump: data directory \"%s\" does not exist\n", dir.c_str());
    return nullptr;
  }
  try {
    // A dump reads: no checkpoint at close. Opening still recovers after a
    // crash (in memory; a torn log tail is cut off as at any start).
    EngineOptions options;
    options.checkpoint_at_shutdown = false;
    if (quiet) options.log = [](const std::string&) {};
    return std::make_unique<Engine>(dir, options);
  } catch (const DbError& e) {
    report(e);
    if (e.fields().sqlstate == "55006")
      std::fputs("upsertdb dump: a server is running on it: dump through the server (-h HOST -p PORT)\n", stderr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "upsertdb dump: cannot open database \"%s\": %s\n", dir.c_str(), e.what());
  }
  return nullptr;
}

}  // namespace

int run_dump(const std::vector<std::string>& args) {
  DumpArgs opts;
  if (int rc = parse_args(args, opts); rc >= 0) return rc;

  std::unique_ptr<Engine> engine;
  std::unique_ptr<DumpSource> source;
  if (opts.server.empty()) {
    engine = open_directory(opts.dir, opts.quiet);
    if (!engine) return 1;
    source = make_engine_dump_source(*engine);
  } else {
    try {
      source = make_server_dump_source(opts.server);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "upsertdb dump: %s\n", e.what());
      return 1;
    }
  }

  std::FILE* f = stdout;
  if (!opts.file.empty()) {
    f = std::fopen(opts.file.c_str(), "w");
    if (!f) {
      std::fprintf(stderr, "upsertdb dump: could not open \"%s\" for writing: %s\n", opts.file.c_str(),
                   std::strerror(errno));
      return 1;
    }
  }
  static char buffer[1 << 16];
  std::setvbuf(f, buffer, _IOFBF, sizeof(buffer));
  int rc = 0;
  try {
    DumpOutput out(f);
    DumpProgress progress;
    progress.quiet = opts.quiet;
    write_dump(*source, out, progress);
    out.flush();
  } catch (const DbError& e) {
    report(e);
    rc = 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "upsertdb dump: %s\n", e.what());
    rc = 1;
  }
  if (f != stdout && std::fclose(f) != 0 && rc == 0) {
    std::fprintf(stderr, "upsertdb dump: could not write \"%s\": %s\n", opts.file.c_str(), std::strerror(errno));
    rc = 1;
  }
  source.reset();
  engine.reset();
  return rc;
}

}  // namespace upsertdb::cli
