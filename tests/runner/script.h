// A SQL scenario file: its statements in order, each with its original text and the
// runner directives written as comment lines immediately before it.
//
//   --@sort          sort this statement's result rows before printing (no ORDER BY)
//   --@skip-diff     leave this statement's output out of every comparison (still run)
//   --@error-fields  when this statement fails, also print the error's schema, table,
//                    column, data type and constraint fields (psql's VERBOSITY verbose)
//   --@upsertdb-only (first line of the file only) never run on PostgreSQL; the .out
//                    is maintained by hand because UpsertDB deliberately differs
//
// Statements are split with libpg_query's scanner, so quotes, dollar quotes and
// comments are handled exactly as PostgreSQL handles them.
#pragma once

#include <string>
#include <vector>

namespace sqltest {

struct Statement {
  std::string text;        // original text without leading comments, trimmed
  int line = 0;            // 1-based line of the file where the text starts
  bool sort_rows = false;  // --@sort
  bool skip_diff = false;  // --@skip-diff
  bool error_fields = false;  // --@error-fields
};

struct Script {
  std::string path;
  bool upsertdb_only = false;
  std::vector<Statement> statements;
};

// Reads and splits `path`; throws std::runtime_error on an unreadable file, a scanner
// error (e.g. an unterminated quote) or an unknown directive.
Script load_script(const std::string& path);

// Reads a whole file; throws std::runtime_error when it cannot.
std::string read_file(const std::string& path);

}  // namespace sqltest
