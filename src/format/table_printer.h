// Table printer: renders a result table exactly as psql's default "aligned"
// format with border 1 does (psql's print_aligned_text): headers centred, a
// `-+-` rule, numbers right-aligned and everything else left-aligned, embedded
// newlines continued with `+`, tabs and control characters shown the way psql
// shows them, and a footer ("(N rows)" by default) followed by a blank line.
// Widths are display widths (UTF-8, East Asian wide characters count 2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace upsertdb::format {

enum class Align { kLeft, kRight };

struct TableColumn {
  std::string header;
  Align align = Align::kLeft;
};

struct Table {
  std::string title;                              // centred above the table; empty = none
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;     // cells as text; psql shows NULL as ""
  std::vector<std::string> footers;               // lines after the table
  bool default_footer = true;                     // "(N rows)" when `footers` is empty
};

// The full text psql would print for `t`, ending with the blank line.
std::string render_aligned(const Table& t);

// psql's alignment rule: number types (int2/4/8, float4/8, numeric, oid, xid,
// cid, money) are right-aligned, all others left-aligned.
Align psql_alignment_for_type_oid(uint32_t type_oid);

// Display width of one line of UTF-8 text as psql measures it (no newlines).
int display_width(std::string_view utf8);

}  // namespace upsertdb::format
