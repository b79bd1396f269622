// COPY options: the resolved form of COPY's WITH (...) list, validated with
// PostgreSQL 15's rules and error texts (ProcessCopyOptions): format text or
// csv, DELIMITER, NULL, HEADER [MATCH], QUOTE, ESCAPE, FORCE_QUOTE,
// FORCE_NOT_NULL, FORCE_NULL, ENCODING (UTF8 only), FREEZE (accepted, no
// effect). BINARY is refused with 0A000. Column names in the FORCE_* lists
// are resolved later against the copied columns (copy_exec).
#pragma once

#include <string>
#include <vector>

#include "sql/ast.h"

namespace upsertdb {

enum class CopyFormat { kText, kCsv };
enum class CopyHeader { kNone, kSkip, kMatch };   // COPY TO: kSkip = write a header line

struct CopyOptions {
  CopyFormat format = CopyFormat::kText;
  char delimiter = '\t';
  std::string null_string = "\\N";
  CopyHeader header = CopyHeader::kNone;
  char quote = '"';
  char escape = '"';
  bool force_quote_all = false;
  std::vector<std::string> force_quote;       // column names
  std::vector<std::string> force_not_null;
  std::vector<std::string> force_null;
  bool csv() const { return format == CopyFormat::kCsv; }
};

// Raises PostgreSQL's errors: 22023 unknown format, 42601 conflicting or
// redundant options / unknown option, 0A000 and 22023 invalid combinations.
CopyOptions resolve_copy_options(const std::vector<ast::CopyOption>& options, bool is_from);

}  // namespace upsertdb
