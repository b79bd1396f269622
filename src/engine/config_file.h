// Settings files in postgresql.conf's syntax, for `upsertdb serve --config FILE`:
// one `name = value` per line (the `=` is optional), `#` starts a comment,
// a value is a bare word or number-with-unit or a single-quoted string ('' and
// \' inside it stand for a quote). Names are case-insensitive (lower-cased
// here). Later lines win over earlier ones, as in PostgreSQL.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace upsertdb {

struct ConfigFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// (name, value) pairs in file order. Throws ConfigFileError with PostgreSQL's
// wording ('syntax error in file "F" line N, near token "T"').
std::vector<std::pair<std::string, std::string>> parse_config_text(std::string_view text, const std::string& file_name);

// Reads and parses a file; ConfigFileError when it cannot be read.
std::vector<std::pair<std::string, std::string>> read_config_file(const std::string& path);

}  // namespace upsertdb
