#include "format/error_report.h"

#include <vector>

#include "format/display_width.h"

namespace upsertdb::format {

std::string format_error_position(std::string_view query, int position) {
  constexpr int kDisplaySize = 60;   // screen columns shown at most
  constexpr int kMinRightCut = 10;   // keep the cursor this far from a right cut
  int loc = position - 1;
  if (loc < 0) return {};

  std::string text(query);
  // Per character: starting byte offset and starting screen column.
  std::vector<size_t> byte_at;
  std::vector<int> col_at;
  size_t off = 0;
  int col = 0;
  int line = 1;
  int begin = 0;
  int end = -1;
  int cno = 0;
  for (; off < text.size(); ++cno) {
    char ch = text[off];
    byte_at.push_back(off);
    col_at.push_back(col);
    if (ch == '\t') {
      text[off] = ' ';
    } else if (ch == '\r' || ch == '\n') {
      if (cno < loc) {
        // "\r\n" counts as one line break.
        if (ch == '\r' || cno == 0 || text[byte_at[cno - 1]] != '\r') ++line;
        begin = cno + 1;
      } else {
        end = cno;
        break;
      }
    }
    uint32_t cp;
    size_t len = decode_utf8(text, off, cp);
    int w = codepoint_width(cp);
    col += w <= 0 ? 1 : w;
    off += len;
  }
  if (end < 0) {
    end = cno;
    byte_at.push_back(off);
    col_at.push_back(col);
  }
  if (loc > cno) return {};

  bool cut_left = false, cut_right = false;
  if (col_at[end] - col_at[begin] > kDisplaySize) {
    if (col_at[begin] + kDisplaySize >= col_at[loc] + kMinRightCut) {
      while (col_at[end] - col_at[begin] > kDisplaySize) --end;
      cut_right = true;
    } else {
      while (col_at[loc] + kMinRightCut < col_at[end]) {
        --end;
        cut_right = true;
      }
      while (col_at[end] - col_at[begin] > kDisplaySize) {
        ++begin;
        cut_left = true;
      }
    }
  }

  std::string prefix = "LINE " + std::to_string(line) + ": ";
  if (cut_left) prefix += "...";
  std::string out = prefix;
  out.append(text, byte_at[begin], byte_at[end] - byte_at[begin]);
  if (cut_right) out += "...";
  out += '\n';
  int caret = static_cast<int>(prefix.size()) + col_at[loc] - col_at[begin];
  out.append(static_cast<size_t>(caret), ' ');
  out += "^\n";
  return out;
}

std::string format_error_report(const ErrorFields& f, std::string_view query) {
  std::string out = (f.severity.empty() ? std::string("ERROR") : f.severity) + ":  " + f.message + "\n";
  if (f.position > 0) out += format_error_position(query, f.position);
  if (!f.detail.empty()) out += "DETAIL:  " + f.detail + "\n";
  if (!f.hint.empty()) out += "HINT:  " + f.hint + "\n";
  // libpq's default PQSHOW_CONTEXT_ERRORS: context for errors, not for notices.
  bool is_error = f.severity.empty() || f.severity == "ERROR" || f.severity == "FATAL" || f.severity == "PANIC";
  if (!f.context.empty() && is_error) out += "CONTEXT:  " + f.context + "\n";
  return out;
}

}  // namespace upsertdb::format
