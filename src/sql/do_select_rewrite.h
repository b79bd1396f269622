// ON CONFLICT ... DO SELECT [FOR lock]: PostgreSQL's development branch adds
// this get-or-create action; PostgreSQL 15's grammar (libpg_query) cannot
// parse it. Before parsing, the action is rewritten into a DO UPDATE SET of a
// reserved marker column that the translator turns back into a DO SELECT
// clause, so everything else about the statement parses as usual.
#pragma once

#include <string>
#include <string_view>

namespace upsertdb::sql_internal {

// The marker column name the rewrite uses (never a real column).
inline constexpr std::string_view kDoSelectMarker = "upsertdb_do_select__";

// `sql` with every ON CONFLICT ... DO SELECT [FOR ...] rewritten; unchanged
// when there is none. The marker's value is the LockStrength as an integer.
std::string rewrite_do_select(std::string_view sql);

}  // namespace upsertdb::sql_internal
