// Error report: the text psql prints for an error or notice, in libpq's
// default verbosity:
//
//   ERROR:  message
//   LINE 2:   nosuch;          <- only when the error has a cursor position
//             ^
//   DETAIL:  ...
//   HINT:  ...
//   CONTEXT:  ...              <- errors only (libpq's PQSHOW_CONTEXT_ERRORS)
//
// The LINE excerpt follows libpq's reportErrorPosition: the line holding the
// position, tabs shown as spaces, cut to about 60 columns around the cursor
// with "..." marking the cuts.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace upsertdb::format {

// `query` is the statement text the position refers to.
std::string format_error_report(const ErrorFields& f, std::string_view query);

// Just the "LINE n: ...\n    ^\n" part; empty when the position is outside `query`.
std::string format_error_position(std::string_view query, int position);

}  // namespace upsertdb::format
