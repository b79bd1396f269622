#include <algorithm>

#include "outcome.h"

namespace sqltest {

std::string echo_line(const Statement& st) {
  std::string line = "-- ";
  for (char c : st.text) {
    if (c == '\n') line += ' ';
    else if (c != '\r') line += c;
  }
  return line;
}

namespace {

std::string join_row(const std::vector<std::optional<std::string>>& row) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) line += " | ";
    line += row[i] ? *row[i] : "NULL";
  }
  return line;
}

}  // namespace

std::string format_block(const Statement& st, const Outcome& o) {
  std::string out = echo_line(st) + "\n";
  switch (o.kind) {
    case Outcome::Kind::kRows: {
      for (size_t i = 0; i < o.column_names.size(); ++i) {
        if (i) out += " | ";
        out += o.column_names[i] + ":" + type_name_for_oid(o.column_types[i]);
      }
      out += "\n";
      std::vector<std::string> lines;
      lines.reserve(o.rows.size());
      for (const auto& row : o.rows) lines.push_back(join_row(row));
      if (st.sort_rows) std::sort(lines.begin(), lines.end());
      for (const auto& l : lines) out += l + "\n";
      out += o.rows.size() == 1 ? "(1 row)\n" : "(" + std::to_string(o.rows.size()) + " rows)\n";
      break;
    }
    case Outcome::Kind::kCommand:
      out += o.command_tag + "\n";
      break;
    case Outcome::Kind::kError:
      out += "ERROR:  " + o.sqlstate + ": " + o.message + "\n";
      if (!o.detail.empty()) out += "DETAIL:  " + o.detail + "\n";
      if (!o.hint.empty()) out += "HINT:  " + o.hint + "\n";
      if (st.error_fields) {
        if (!o.schema.empty()) out += "SCHEMA NAME:  " + o.schema + "\n";
        if (!o.table.empty()) out += "TABLE NAME:  " + o.table + "\n";
        if (!o.column.empty()) out += "COLUMN NAME:  " + o.column + "\n";
        if (!o.datatype.empty()) out += "DATATYPE NAME:  " + o.datatype + "\n";
        if (!o.constraint.empty()) out += "CONSTRAINT NAME:  " + o.constraint + "\n";
      }
      break;
  }
  out += "\n";
  return out;
}

}  // namespace sqltest
