// upsertdb: one binary, one subcommand per mode (see DESIGN.md "Command line").
//   upsertdb shell [DIR]                    interactive SQL, embedded
//   upsertdb sql [DIR] [-c SQL | -f FILE]   run SQL non-interactively
//   upsertdb serve [--data DIR] [--port N]  the PostgreSQL wire-protocol server
//   upsertdb dump DIR | -h H -p P [-f FILE] a plain SQL script of the database
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
    "  serve [--data DIR] [--port N] [--listen ADDR]\n"
    "                            PostgreSQL wire-protocol server (default ./upsertdb-data, port 5432)\n"
    "  dump DIR [-f FILE] [-q]   write the database as a plain SQL script that psql and\n"
    "                            upsertdb load (to standard output unless -f); through a\n"
    "                            running server with dump -h HOST -p PORT [-U USER]\n"
    "\n"
    "Options:\n"
    "  --help                    show this help, then exit\n"
    "  --version                 show the version, then exit\n"
    "\n"
    "Run \"upsertdb COMMAND --help\" for a command's options.\n";

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
  if (cmd == "serve") return upsertdb::cli::run_serve(args);
  if (cmd == "dump") return upsertdb::cli::run_dump(args);
  std::fprintf(stderr, "upsertdb: unknown command \"%s\"\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
