// psql's aligned format, border 1, ASCII line style. The rules mirror psql's
// print_aligned_text (fe_utils/print.c) for the non-wrapping case:
//   header line(s): " " + centred header + (" " | "+" when the header continues)
//                   columns joined by "|"
//   rule:           "-" + width dashes per column joined by "-+-" + "-"
//   data line(s):   " " + cell (left: padded unless last column and complete;
//                   right: padded before) + (" " | "+" when the cell continues),
//                   joined by "|"; the last column gets no trailing space
//   footers, then one empty line.
#include "format/table_printer.h"

#include "format/display_width.h"

#include <algorithm>
#include <cstdio>

namespace upsertdb::format {

namespace {

struct Line {
  std::string text;
  int width = 0;
};

// Splits a cell into display lines, expanding tabs to the next multiple of 8
// and showing control characters as \r, \xNN or \uNNNN, as psql does.
std::vector<Line> format_cell(std::string_view s) {
  std::vector<Line> lines(1);
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    size_t len = decode_utf8(s, i, cp);
    Line& cur = lines.back();
    if (cp == '\n') {
      lines.emplace_back();
    } else if (cp == '\t') {
      do {
        cur.text += ' ';
        ++cur.width;
      } while (cur.width % 8 != 0);
    } else if (cp == '\r') {
      cur.text += "\\r";
      cur.width += 2;
    } else {
      int w = codepoint_width(cp);
      char buf[16];
      if (w < 0 && len == 1) {
        std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(cp));
        cur.text += buf;
        cur.width += 4;
      } else if (w < 0) {
        std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
        cur.text += buf;
        cur.width += 6;
      } else {
        cur.text.append(s.substr(i, len));
        cur.width += w;
      }
    }
    i += len;
  }
  return lines;
}

int max_width(const std::vector<Line>& lines) {
  int w = 0;
  for (const auto& l : lines) w = std::max(w, l.width);
  return w;
}

void spaces(std::string& out, int n) {
  if (n > 0) out.append(static_cast<size_t>(n), ' ');
}

}  // namespace

int display_width(std::string_view utf8) { return max_width(format_cell(utf8)); }

Align psql_alignment_for_type_oid(uint32_t oid) {
  switch (oid) {
    case 20:    // int8
    case 21:    // int2
    case 23:    // int4
    case 26:    // oid
    case 28:    // xid
    case 29:    // cid
    case 700:   // float4
    case 701:   // float8
    case 790:   // money
    case 1700:  // numeric
    case 5069:  // xid8
      return Align::kRight;
    default:
      return Align::kLeft;
  }
}

std::string render_aligned(const Table& t) {
  const size_t ncols = t.columns.size();
  std::vector<std::vector<Line>> headers(ncols);
  std::vector<int> width(ncols, 0);
  for (size_t c = 0; c < ncols; ++c) {
    headers[c] = format_cell(t.columns[c].header);
    width[c] = max_width(headers[c]);
  }
  std::vector<std::vector<std::vector<Line>>> cells(t.rows.size());
  for (size_t r = 0; r < t.rows.size(); ++r) {
    cells[r].resize(ncols);
    for (size_t c = 0; c < ncols; ++c) {
      cells[r][c] = format_cell(c < t.rows[r].size() ? std::string_view(t.rows[r][c]) : std::string_view());
      width[c] = std::max(width[c], max_width(cells[r][c]));
    }
  }

  std::string out;
  if (!t.title.empty()) {
    int total = ncols > 0 ? static_cast<int>(ncols) * 3 - 1 : 0;
    for (int w : width) total += w;
    int tw = display_width(t.title);
    if (tw < total) spaces(out, (total - tw) / 2);
    out += t.title;
    out += '\n';
  }

  // Header lines.
  size_t header_lines = 0;
  for (const auto& h : headers) header_lines = std::max(header_lines, h.size());
  for (size_t ln = 0; ln < header_lines; ++ln) {
    for (size_t c = 0; c < ncols; ++c) {
      out += ' ';
      bool more = false;
      if (ln < headers[c].size()) {
        const Line& l = headers[c][ln];
        int pad = width[c] - l.width;
        spaces(out, pad / 2);
        out += l.text;
        spaces(out, (pad + 1) / 2);
        more = ln + 1 < headers[c].size();
      } else {
        spaces(out, width[c]);
      }
      out += more ? '+' : ' ';
      if (c + 1 < ncols) out += '|';
    }
    out += '\n';
  }

  // Rule.
  out += '-';
  for (size_t c = 0; c < ncols; ++c) {
    out.append(static_cast<size_t>(width[c]), '-');
    if (c + 1 < ncols) out += "-+-";
  }
  out += "-\n";

  // Data lines (none without columns: psql walks cells, and there are none).
  for (const auto& row : ncols > 0 ? cells : decltype(cells){}) {
    size_t lines = 1;
    for (const auto& cell : row) lines = std::max(lines, cell.size());
    for (size_t ln = 0; ln < lines; ++ln) {
      for (size_t c = 0; c < ncols; ++c) {
        bool last_col = c + 1 == ncols;
        out += ' ';
        bool continues = false;
        if (ln >= row[c].size()) {
          if (!last_col) spaces(out, width[c]);
        } else {
          const Line& l = row[c][ln];
          continues = ln + 1 < row[c].size();
          if (t.columns[c].align == Align::kRight) {
            spaces(out, width[c] - l.width);
            out += l.text;
          } else {
            out += l.text;
            if (!last_col || continues) spaces(out, width[c] - l.width);
          }
        }
        if (continues)
          out += '+';
        else if (!last_col)
          out += ' ';
        if (!last_col) out += '|';
      }
      out += '\n';
    }
  }

  // Footers and the closing blank line.
  if (!t.footers.empty()) {
    for (const auto& f : t.footers) out += f + "\n";
  } else if (t.default_footer) {
    size_t n = t.rows.size();
    out += "(" + std::to_string(n) + (n == 1 ? " row)" : " rows)") + "\n";
  }
  out += '\n';
  return out;
}

}  // namespace upsertdb::format
