// sqltest: runs SQL scenario files (tests/sql/*.sql) on UpsertDB and PostgreSQL.
//
//   sqltest run FILE.sql...                 UpsertDB vs the recorded FILE.out
//   sqltest record --pg CONNINFO FILE.sql... write FILE.out from PostgreSQL
//   sqltest diff --pg CONNINFO FILE.sql...   UpsertDB vs PostgreSQL, statement by statement
//                                            (--all shows every differing statement)
//
// Every file runs on a fresh database (in-memory UpsertDB in a child process; a new
// PostgreSQL database sqltest_<pid>_<n>, dropped after). Output format: outcome.h;
// directives: script.h. Ends with "sqltest: N passed, M failed" (files) and exits 1
// when any file failed.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "backend.h"
#include "line_diff.h"
#include "script.h"

namespace sqltest {
namespace {

struct Options {
  std::string mode;
  std::string conninfo;
  unsigned timeout_seconds = 120;
  bool verbose = false;
  bool all_diffs = false;  // diff mode: print every differing statement, not just the first
  std::vector<std::string> files;
};

[[noreturn]] void usage(const char* why = nullptr) {
  if (why) std::fprintf(stderr, "sqltest: %s\n", why);
  std::fprintf(stderr,
               "usage: sqltest run [options] FILE.sql...\n"
               "       sqltest record --pg CONNINFO [options] FILE.sql...\n"
               "       sqltest diff --pg CONNINFO [options] FILE.sql...\n"
               "options: --timeout SECONDS  per-file limit for UpsertDB (default 120)\n"
               "         --all              diff: show every differing statement, not only the first\n"
               "         -v                 also list passing files\n");
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  if (argc < 2) usage();
  o.mode = argv[1];
  if (o.mode != "run" && o.mode != "record" && o.mode != "diff") usage("unknown mode");
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--pg" && i + 1 < argc) o.conninfo = argv[++i];
    else if (a == "--timeout" && i + 1 < argc) o.timeout_seconds = std::stoul(argv[++i]);
    else if (a == "-v") o.verbose = true;
    else if (a == "--all") o.all_diffs = true;
    else if (a.size() > 1 && a[0] == '-') usage(("unknown option " + a).c_str());
    else o.files.push_back(a);
  }
  if (o.mode != "run" && o.conninfo.empty()) usage("--pg CONNINFO is required");
  if (o.files.empty()) usage("no files");
  return o;
}

std::string expected_path(const std::string& sql_path) {
  std::string base = sql_path;
  if (base.size() > 4 && base.compare(base.size() - 4, 4, ".sql") == 0) base.resize(base.size() - 4);
  return base + ".out";
}

std::string concat(const std::vector<std::string>& blocks) {
  std::string s;
  for (const auto& b : blocks) s += b;
  return s;
}

// Splits a recorded .out into one block per statement by finding each statement's
// echo line in order; empty when the file does not line up with the script.
std::vector<std::string> split_expected(const std::string& expected, const Script& script) {
  std::vector<size_t> starts;
  size_t from = 0;
  for (const auto& st : script.statements) {
    std::string echo = echo_line(st) + "\n";
    size_t p = from;
    for (;;) {
      p = expected.find(echo, p);
      if (p == std::string::npos) return {};
      if (p == 0 || expected[p - 1] == '\n') break;
      ++p;
    }
    starts.push_back(p);
    from = p + echo.size();
  }
  std::vector<std::string> blocks;
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t end = i + 1 < starts.size() ? starts[i + 1] : expected.size();
    blocks.push_back(expected.substr(starts[i], end - starts[i]));
  }
  return blocks;
}

std::string first_lines(const std::string& text, int max_lines) {
  size_t p = 0;
  for (int n = 0; n < max_lines; ++n) {
    p = text.find('\n', p);
    if (p == std::string::npos) return text;
    ++p;
  }
  return p >= text.size() ? text : text.substr(0, p) + "... (truncated)\n";
}

struct Tally {
  int passed = 0, failed = 0, skipped = 0;
  long compared = 0, identical = 0;
};

void run_file(const Options& opt, const std::string& path, Tally& t) {
  Script script = load_script(path);
  std::string out_path = expected_path(path);
  std::string expected;
  try {
    expected = read_file(out_path);
  } catch (const std::exception&) {
    std::printf("FAIL %s: no expected output %s (record it with: sqltest record --pg ...)\n",
                path.c_str(), out_path.c_str());
    ++t.failed;
    return;
  }
  IsolatedRun run = run_upsertdb_isolated(script, opt.timeout_seconds);

  // --@skip-diff statements are run but their output is taken as expected.
  std::vector<std::string> expected_blocks = split_expected(expected, script);
  if (expected_blocks.size() == script.statements.size()) {
    for (size_t i = 0; i < run.blocks.size(); ++i)
      if (script.statements[i].skip_diff) run.blocks[i] = expected_blocks[i];
  }
  std::string actual = concat(run.blocks);
  if (!run.failure.empty()) actual += "!! UpsertDB " + run.failure + "\n";
  if (actual == expected) {
    if (opt.verbose) std::printf("ok   %s (%zu statements)\n", path.c_str(), script.statements.size());
    ++t.passed;
    return;
  }
  std::printf("FAIL %s%s\n%s", path.c_str(), run.failure.empty() ? "" : (": UpsertDB " + run.failure).c_str(),
              first_lines(unified_diff(out_path, expected, "UpsertDB", actual), 400).c_str());
  ++t.failed;
}

void record_file(const Options& opt, const std::string& path, Tally& t) {
  Script script = load_script(path);
  if (script.upsertdb_only) {
    std::printf("skip %s (upsertdb-only: its .out is maintained by hand)\n", path.c_str());
    ++t.skipped;
    return;
  }
  std::string output;
  {
    auto pg = open_postgres(opt.conninfo);
    output = concat(run_script(*pg, script));
  }
  std::string out_path = expected_path(path);
  std::string before;
  try {
    before = read_file(out_path);
  } catch (const std::exception&) {
  }
  std::ofstream f(out_path, std::ios::binary | std::ios::trunc);
  f << output;
  if (!f.flush()) throw std::runtime_error("cannot write " + out_path);
  std::printf("recorded %s (%zu statements%s)\n", out_path.c_str(), script.statements.size(),
              before.empty() ? ", new" : before == output ? "" : ", changed");
  ++t.passed;
}

void diff_file(const Options& opt, const std::string& path, Tally& t) {
  Script script = load_script(path);
  if (script.upsertdb_only) {
    if (opt.verbose) std::printf("skip %s (upsertdb-only)\n", path.c_str());
    ++t.skipped;
    return;
  }
  std::vector<std::string> pg_blocks;
  {
    auto pg = open_postgres(opt.conninfo);
    pg_blocks = run_script(*pg, script);
  }
  IsolatedRun run = run_upsertdb_isolated(script, opt.timeout_seconds);

  long compared = 0, identical = 0;
  std::vector<size_t> differing;
  for (size_t i = 0; i < script.statements.size(); ++i) {
    if (script.statements[i].skip_diff) continue;
    ++compared;
    if (i < run.blocks.size() && run.blocks[i] == pg_blocks[i]) ++identical;
    else differing.push_back(i);
  }
  t.compared += compared;
  t.identical += identical;
  if (differing.empty()) {
    if (opt.verbose) std::printf("ok   %s (%ld statements identical)\n", path.c_str(), identical);
    ++t.passed;
    return;
  }
  std::printf("FAIL %s: %ld of %ld statements differ; first at line %d\n", path.c_str(),
              compared - identical, compared, script.statements[differing[0]].line);
  size_t shown = opt.all_diffs ? differing.size() : 1;
  for (size_t k = 0; k < shown; ++k) {
    size_t i = differing[k];
    const Statement& st = script.statements[i];
    std::string ours = i < run.blocks.size() ? run.blocks[i]
                                             : echo_line(st) + "\n!! UpsertDB " + run.failure + "\n";
    std::printf("----- line %d, PostgreSQL\n%s----- line %d, UpsertDB\n%s", st.line,
                first_lines(pg_blocks[i], 40).c_str(), st.line, first_lines(ours, 40).c_str());
    if (i >= run.blocks.size()) break;  // nothing ran after a crash
  }
  ++t.failed;
}

int main_impl(int argc, char** argv) {
  Options opt = parse_args(argc, argv);
  Tally t;
  for (const auto& path : opt.files) {
    try {
      if (opt.mode == "run") run_file(opt, path, t);
      else if (opt.mode == "record") record_file(opt, path, t);
      else diff_file(opt, path, t);
    } catch (const std::exception& e) {
      std::printf("FAIL %s: %s\n", path.c_str(), e.what());
      ++t.failed;
    }
    std::fflush(stdout);
  }
  if (opt.mode == "diff")
    std::printf("sqltest: %ld statements compared, %ld identical (%d upsertdb-only files skipped)\n",
                t.compared, t.identical, t.skipped);
  std::printf("sqltest: %d passed, %d failed\n", t.passed, t.failed);
  return t.failed > 0 ? 1 : 0;
}

}  // namespace
}  // namespace sqltest

int main(int argc, char** argv) { return sqltest::main_impl(argc, argv); }
