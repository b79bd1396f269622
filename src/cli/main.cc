// upsertdb: one binary, one subcommand per mode (see DESIGN.md "Command line").
//   upsertdb shell [DIR]                    interactive SQL, embedded
//   upsertdb sql [DIR] [-c SQL | -f FILE]   run SQL non-interactively
//   upsertdb serve ...                      the PostgreSQL wire server (not built yet)
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/version.h"

namespace {

const char* kUsage =
    "upsertdb is a PostgreSQL-compatible database, embedded or served.\n"
    "\n"
    "Usage:\n"
    "  upsertdb COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  shell [DIR]               interactive SQL shell (in-memory database when no DIR)\n"
    "  sql [DIR] [-c SQL|-f FILE]\n"
    "                            run SQL from -c, -f or standard input\n"
    "  serve                     PostgreSQL wire-protocol server (not available yet)\n"
    "\n"
    "Options:\n"
    "  --help                    show this help, then exit\n"
    "  --version                 show the version, then exit\n"
    "\n"
    "Run \"upsertdb COMMAND --help\" for a command's options.\n";

// Subcommands that are planned but not built into this binary yet.
bool is_planned(const std::string& cmd) { return cmd == "serve"; }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (cmd == "--version" || cmd == "-V" || cmd == "version") {
    std::printf("upsertdb %s\n", upsertdb::cli::kVersion);
    return 0;
  }
  if (cmd == "shell") return upsertdb::cli::run_shell(args);
  if (cmd == "sql") return upsertdb::cli::run_sql(args);
  if (is_planned(cmd)) {
    std::fprintf(stderr, "upsertdb: the \"%s\" command is not available yet in this build\n", cmd.c_str());
    return 2;
  }
  std::fprintf(stderr, "upsertdb: unknown command \"%s\"\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
