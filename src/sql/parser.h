// Parser: SQL text -> our AST, through libpg_query (PostgreSQL 15's own grammar).
// Syntax errors come back exactly as PostgreSQL reports them (42601 with the
// cursor position); constructs we do not support raise 0A000 naming the
// construct. Never crashes on any input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/ast.h"

namespace upsertdb {

// Parses every statement in `sql`. Empty statements (";;") are skipped.
std::vector<ast::ParsedStatement> parse_sql(std::string_view sql);

// PostgreSQL's check of client text before parsing (22021 "invalid byte
// sequence for encoding \"UTF8\": 0x.."); parse_sql runs it first.
void check_utf8_text(std::string_view sql);

}  // namespace upsertdb
