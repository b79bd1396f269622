// The upsertdb subcommands. Each takes the arguments after its name and
// returns the process exit code (0 ok, 1 a statement failed, 2 usage error).
#pragma once

#include <string>
#include <vector>

namespace upsertdb::cli {

int run_shell(const std::vector<std::string>& args);
int run_sql(const std::vector<std::string>& args);
int run_serve(const std::vector<std::string>& args);
int run_dump(const std::vector<std::string>& args);

}  // namespace upsertdb::cli
