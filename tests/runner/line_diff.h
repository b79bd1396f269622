// A small unified diff of two texts, line by line, for showing expected vs actual.
#pragma once

#include <string>

namespace sqltest {

// Returns "" when equal, else "--- a_name\n+++ b_name\n@@ ... @@\n" hunks with
// `context` lines around each change.
std::string unified_diff(const std::string& a_name, const std::string& a, const std::string& b_name,
                         const std::string& b, int context = 3);

}  // namespace sqltest
