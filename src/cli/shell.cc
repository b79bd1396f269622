// `upsertdb shell [DIR]`: the interactive SQL shell, psql-like. On a terminal
// it prompts (`upsertdb=> `, `upsertdb-> ` while a statement continues,
// `upsertdb=*> ` inside a transaction, `upsertdb=!> ` in a failed one), keeps
// readline history in ~/.upsertdb_history (or $UPSERTDB_HISTORY), and Ctrl-C
// discards the current input. Without a terminal it reads statements from
// standard input silently, like `psql < file`.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli/commands.h"
#include "cli/sql_runner.h"
#include "cli/version.h"
#include "common/error.h"
#include "engine/engine.h"
#include "format/error_report.h"

namespace upsertdb::cli {

namespace {

const char* kShellUsage =
    "upsertdb shell is the interactive SQL shell.\n"
    "\n"
    "Usage:\n"
    "  upsertdb shell [DIR]\n"
    "\n"
    "  DIR                       data directory (created if missing); in-memory when omitted\n"
    "  --help                    show this help, then exit\n"
    "\n"
    "Statements end with a semicolon. Type \\? for the meta-commands, \\q to quit.\n"
    "History is kept in ~/.upsertdb_history ($UPSERTDB_HISTORY overrides).\n";

volatile std::sig_atomic_t g_interrupted = 0;

// Ctrl-C at the prompt: abandon the line being typed, start a fresh prompt.
void on_sigint(int) {
  g_interrupted = 1;
  rl_replace_line("", 0);
  rl_crlf();
  rl_on_new_line();
  rl_redisplay();
}

std::string history_path() {
  if (const char* p = std::getenv("UPSERTDB_HISTORY")) return p;
  if (const char* home = std::getenv("HOME")) return std::string(home) + "/.upsertdb_history";
  return {};
}

std::string prompt_for(const SqlRunner& runner) {
  std::string p = "upsertdb";
  p += runner.prompt_char();
  switch (runner.transaction_status()) {
    case 'T': p += '*'; break;
    case 'E': p += '!'; break;
    default: break;
  }
  return p + "> ";
}

int interactive(SqlRunner& runner, const std::string& where) {
  std::printf("upsertdb %s (PostgreSQL 15 compatible)\n%s\nType \"\\?\" for help, \"\\q\" to quit.\n\n",
              kVersion, where.c_str());
  std::string hist = history_path();
  using_history();
  if (!hist.empty()) read_history(hist.c_str());

  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  rl_catch_signals = 0;   // our handler, not readline's (which re-raises and kills us)

  std::string entry;   // the lines of the statement being entered, for history
  while (true) {
    std::string prompt = prompt_for(runner);
    char* raw = readline(prompt.c_str());
    if (g_interrupted) {
      g_interrupted = 0;
      runner.reset_pending();
      entry.clear();
      if (!raw) continue;
    }
    if (!raw) {
      std::printf("\\q\n");
      break;
    }
    std::string line(raw);
    std::free(raw);
    bool was_empty = !runner.has_pending();
    if (!entry.empty()) entry += '\n';
    entry += line;
    bool go_on = runner.add_line(line);
    // A statement (or meta-command) is complete when nothing is pending again.
    if (!runner.has_pending()) {
      if (!(was_empty && line.find_first_not_of(" \t") == std::string::npos)) add_history(entry.c_str());
      entry.clear();
    }
    if (!go_on) break;
  }
  if (!hist.empty()) write_history(hist.c_str());
  return 0;
}

}  // namespace

int run_shell(const std::vector<std::string>& args) {
  std::string dir;
  bool have_dir = false;
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(kShellUsage, stdout);
      return 0;
    }
    if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "upsertdb shell: unknown option \"%s\"\nTry \"upsertdb shell --help\".\n", a.c_str());
      return 2;
    }
    if (have_dir) {
      std::fprintf(stderr, "upsertdb shell: unexpected argument \"%s\"\nTry \"upsertdb shell --help\".\n",
                   a.c_str());
      return 2;
    }
    dir = a;
    have_dir = true;
  }

  std::unique_ptr<Engine> engine;
  try {
    engine = std::make_unique<Engine>(dir);
  } catch (const DbError& e) {
    std::fputs(format::format_error_report(e.fields(), "").c_str(), stderr);
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "upsertdb shell: cannot open database \"%s\": %s\n", dir.c_str(), e.what());
    return 1;
  }

  int rc = 0;
  {
    SqlRunner runner(*engine);
    if (isatty(STDIN_FILENO)) {
      rc = interactive(runner, dir.empty() ? "Connected to an in-memory database (nothing is saved)."
                                           : "Connected to the database in \"" + dir + "\".");
    } else {
      std::string line;
      bool go_on = true;
      while (go_on && std::getline(std::cin, line)) go_on = runner.add_line(line);
      if (go_on) runner.finish();
    }
  }
  try {
    engine.reset();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "upsertdb shell: closing the database failed: %s\n", e.what());
    return 1;
  }
  return rc;
}

}  // namespace upsertdb::cli
