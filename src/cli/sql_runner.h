// SqlRunner: feeds input lines through the statement splitter, runs each
// complete statement on one Session, handles backslash meta-commands, and
// prints results, notices and errors as psql does (results on stdout, errors
// and notices on stderr). Shared by `upsertdb shell` and `upsertdb sql`.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "format/statement_splitter.h"

namespace upsertdb {
class Engine;
class Session;
}

namespace upsertdb::cli {

class SqlRunner {
 public:
  explicit SqlRunner(Engine& engine);
  ~SqlRunner();

  // Processes one input line. Returns false when the input asked to quit (\q).
  bool add_line(std::string_view line);
  // End of input: runs a pending unterminated statement, as psql does.
  void finish();
  // Runs `text` (one or more statements) as a whole: used for `-c`. Stops at
  // the first failing statement, like a multi-statement simple query.
  // Returns false when the input asked to quit.
  bool run_command_string(std::string_view text);

  bool had_error() const { return had_error_; }
  // 'I', 'T' or 'E' (see Session::transaction_status).
  char transaction_status() const;
  // psql's %R character for the pending input ('=' when none).
  char prompt_char() const { return splitter_.prompt_char(); }
  bool has_pending() const { return !splitter_.empty(); }
  // Drops the pending statement text (Ctrl-C at the prompt).
  void reset_pending() { splitter_.reset(); }

 private:
  // Runs one statement; returns false on error.
  bool run_statement(const std::string& sql);
  // Returns false for \q.
  bool run_meta_command(std::string_view line);
  void print_help();

  // COPY ... FROM STDIN in a script: the lines up to `\.` are its data (as
  // psql and pg_dump scripts have them); COPY TO STDOUT prints to stdout.
  class ScriptCopyChannel;
  bool collect_copy_line(std::string_view line);
  void run_statements(const std::vector<std::string>& statements);

  Engine& engine_;
  std::unique_ptr<Session> session_;
  std::unique_ptr<ScriptCopyChannel> copy_channel_;
  bool collecting_copy_ = false;              // between a COPY FROM STDIN and its `\.`
  std::string copy_statement_;
  std::vector<std::string> after_copy_;       // statements that followed it on its line
  format::StatementSplitter splitter_;
  bool timing_ = false;
  bool had_error_ = false;
};

}  // namespace upsertdb::cli
