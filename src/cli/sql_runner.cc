#include "cli/sql_runner.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/describe.h"
#include "common/error.h"
#include "engine/engine.h"
#include "engine/query_result.h"
#include "engine/session.h"
#include "exec/copy_channel.h"
#include "exec/copy_exec.h"
#include "format/error_report.h"
#include "format/table_printer.h"
#include "types/type.h"
#include "types/value.h"

namespace upsertdb::cli {

namespace {

void write_out(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

void write_err(const std::string& s) {
  std::fflush(stdout);   // keep stdout and stderr in order when both go to one file
  std::fwrite(s.data(), 1, s.size(), stderr);
  std::fflush(stderr);
}

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  return true;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// What psql prints for one result: the table for row-returning statements
// (followed by the command tag for DML ... RETURNING), else the command tag.
std::string render_result(const QueryResult& r) {
  std::string out;
  if (r.returns_rows) {
    format::Table t;
    for (const auto& c : r.columns)
      t.columns.push_back({c.name, format::psql_alignment_for_type_oid(type_oid(c.type.id))});
    t.rows.reserve(r.rows.size());
    for (const auto& row : r.rows) {
      std::vector<std::string> cells;
      cells.reserve(row.size());
      for (const auto& v : row) cells.push_back(v.is_null() ? std::string() : value_to_text(v));
      t.rows.push_back(std::move(cells));
    }
    out = format::render_aligned(t);
    const std::string& tag = r.command_tag;
    if (starts_with(tag, "INSERT") || starts_with(tag, "UPDATE") || starts_with(tag, "DELETE") ||
        starts_with(tag, "MERGE"))
      out += tag + "\n";
  } else if (!r.command_tag.empty()) {
    out = r.command_tag + "\n";
  }
  return out;
}

// psql's PrintTiming.
std::string timing_line(double ms) {
  char buf[128];
  if (ms < 1000.0) {
    std::snprintf(buf, sizeof buf, "Time: %.3f ms\n", ms);
    return buf;
  }
  double seconds = ms / 1000.0;
  double minutes = std::floor(seconds / 60.0);
  seconds -= 60.0 * minutes;
  if (minutes < 60.0) {
    std::snprintf(buf, sizeof buf, "Time: %.3f ms (%02d:%06.3f)\n", ms, static_cast<int>(minutes), seconds);
    return buf;
  }
  double hours = std::floor(minutes / 60.0);
  minutes -= 60.0 * hours;
  if (hours < 24.0) {
    std::snprintf(buf, sizeof buf, "Time: %.3f ms (%02d:%02d:%06.3f)\n", ms, static_cast<int>(hours),
                  static_cast<int>(minutes), seconds);
    return buf;
  }
  double days = std::floor(hours / 24.0);
  hours -= 24.0 * days;
  std::snprintf(buf, sizeof buf, "Time: %.3f ms (%.0f d %02d:%02d:%06.3f)\n", ms, days, static_cast<int>(hours),
                static_cast<int>(minutes), seconds);
  return buf;
}

// Splits meta-command arguments on whitespace, keeping double-quoted text
// (quotes included, for the pattern matcher) together.
std::vector<std::string> split_args(std::string_view s) {
  std::vector<std::string> args;
  std::string cur;
  bool quoted = false, any = false;
  for (char c : s) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == ' ' || c == '\t')) {
      if (any) args.push_back(cur);
      cur.clear();
      any = false;
      continue;
    }
    cur += c;
    any = true;
  }
  if (any) args.push_back(cur);
  return args;
}

const char* kHelp =
    "General\n"
    "  \\q                      quit upsertdb\n"
    "  \\?                      show this help\n"
    "\n"
    "Informational\n"
    "  \\d[+]  [NAME]           describe table, index or sequence; without NAME, list them\n"
    "  \\dt[+] [PATTERN]        list tables\n"
    "  \\di[+] [PATTERN]        list indexes\n"
    "  \\ds[+] [PATTERN]        list sequences\n"
    "\n"
    "Formatting\n"
    "  \\timing [on|off]        toggle timing of commands (currently %s)\n"
    "\n"
    "SQL statements end with a semicolon and may span several lines.\n";

}  // namespace

// Serves a script's COPY data (collected up to `\.`) and prints COPY TO STDOUT.
class SqlRunner::ScriptCopyChannel : public CopyChannel {
 public:
  std::string data;
  bool served = false;
  bool wrote_out = false;   // psql prints no command tag after COPY TO STDOUT
  void begin_in(const CopyStart&) override {}
  bool read(std::string& chunk) override {
    if (served) return false;
    served = true;
    chunk = std::move(data);
    return true;
  }
  void begin_out(const CopyStart&) override { wrote_out = true; }
  void write(std::string_view out) override { write_out(std::string(out)); }
  void end_out() override {}
};

SqlRunner::SqlRunner(Engine& engine)
    : engine_(engine), session_(std::make_unique<Session>(engine)), copy_channel_(std::make_unique<ScriptCopyChannel>()) {
  session_->set_copy_channel(copy_channel_.get());
}
SqlRunner::~SqlRunner() = default;

bool SqlRunner::collect_copy_line(std::string_view line) {
  if (!collecting_copy_) return false;
  if (line == "\\." || line == "\\.\r") {
    collecting_copy_ = false;
    copy_channel_->served = false;
    run_statement(copy_statement_);
    copy_channel_->data.clear();
    std::vector<std::string> rest = std::move(after_copy_);
    after_copy_.clear();
    run_statements(rest);
    return true;
  }
  copy_channel_->data.append(line);
  copy_channel_->data.push_back('\n');
  return true;
}

void SqlRunner::run_statements(const std::vector<std::string>& statements) {
  for (size_t i = 0; i < statements.size(); ++i) {
    if (is_copy_from_stdin(statements[i])) {
      collecting_copy_ = true;
      copy_statement_ = statements[i];
      copy_channel_->data.clear();
      after_copy_.assign(statements.begin() + static_cast<long>(i) + 1, statements.end());
      return;
    }
    run_statement(statements[i]);
  }
}

char SqlRunner::transaction_status() const { return session_->transaction_status(); }

bool SqlRunner::add_line(std::string_view line) {
  if (collect_copy_line(line)) return true;
  if (splitter_.empty()) {
    size_t i = line.find_first_not_of(" \t");
    if (i != std::string_view::npos && line[i] == '\\') return run_meta_command(line.substr(i));
  }
  std::vector<std::string> statements;
  splitter_.add_line(line, statements);
  run_statements(statements);
  return true;
}

void SqlRunner::finish() {
  if (collecting_copy_) collect_copy_line("\\.");   // the end of input ends COPY data, as in psql
  std::string rest = splitter_.take_pending();
  if (!is_blank(rest)) run_statement(rest);
}

bool SqlRunner::run_command_string(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '\\') {
    // A backslash -c string is a sequence of meta-commands, one per line.
    size_t pos = first;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      if (!is_blank(line) && !run_meta_command(line.substr(line.find_first_not_of(" \t")))) return false;
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
    return true;
  }
  format::StatementSplitter splitter;
  std::vector<std::string> statements;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    splitter.add_line(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos),
                      statements);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  std::string rest = splitter.take_pending();
  if (!is_blank(rest)) statements.push_back(rest);
  for (const auto& s : statements)
    if (!run_statement(s)) break;
  return true;
}

bool SqlRunner::run_statement(const std::string& sql) {
  auto start = std::chrono::steady_clock::now();
  bool ok = true;
  try {
    copy_channel_->wrote_out = false;
    std::vector<QueryResult> results = session_->execute(sql);
    for (const auto& r : results) {
      for (const auto& n : r.notices) write_err("NOTICE:  " + n + "\n");
      if (copy_channel_->wrote_out) continue;
      write_out(render_result(r));
    }
  } catch (const DbError& e) {
    write_err(format::format_error_report(e.fields(), sql));
    ok = false;
  } catch (const std::exception& e) {
    ErrorFields f;
    f.sqlstate = sqlstate::kInternalError;
    f.message = e.what();
    write_err(format::format_error_report(f, sql));
    ok = false;
  }
  if (timing_) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    write_out(timing_line(ms));
  }
  if (!ok) had_error_ = true;
  return ok;
}

bool SqlRunner::run_meta_command(std::string_view line) {
  // line starts with '\'; the command name runs to the first space.
  size_t end = line.find_first_of(" \t", 1);
  std::string cmd(line.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1));
  std::vector<std::string> args = split_args(end == std::string_view::npos ? std::string_view() : line.substr(end));
  std::string pattern = args.empty() ? "" : args[0];

  if (cmd == "q" || cmd == "quit") return false;
  if (cmd == "?") {
    char buf[2048];
    std::snprintf(buf, sizeof buf, kHelp, timing_ ? "on" : "off");
    write_out(buf);
    return true;
  }
  if (cmd == "timing") {
    if (args.empty())
      timing_ = !timing_;
    else if (args[0] == "on" || args[0] == "true" || args[0] == "1")
      timing_ = true;
    else if (args[0] == "off" || args[0] == "false" || args[0] == "0")
      timing_ = false;
    else {
      write_err("unrecognized value \"" + args[0] + "\" for \"\\timing\": Boolean expected\n");
      had_error_ = true;
      return true;
    }
    write_out(timing_ ? "Timing is on.\n" : "Timing is off.\n");
    return true;
  }
  // \d family: strip psql's + (more detail) and S (system objects) modifiers.
  std::string base = cmd;
  while (base.size() > 2 && (base.back() == '+' || base.back() == 'S')) base.pop_back();
  if (base == "d" || base == "d+" || base == "dt" || base == "di" || base == "ds") {
    if (base == "d+") base = "d";
    MetaOutput m = base != "d"         ? list_relations(engine_, base.substr(1), pattern)
                   : pattern.empty()   ? list_relations(engine_, "ts", "")
                                       : describe_relations(engine_, pattern);
    write_out(m.out);
    if (!m.err.empty()) write_err(m.err);
    return true;
  }
  write_err("invalid command \\" + cmd + "\nTry \\? for help.\n");
  had_error_ = true;
  return true;
}

}  // namespace upsertdb::cli
