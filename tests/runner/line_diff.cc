// Longest-common-subsequence diff after trimming the common prefix and suffix; the
// middle is small for scenario files, so the quadratic table is fine. A very large
// middle falls back to "replace everything in it".
#include "line_diff.h"

#include <algorithm>
#include <vector>

namespace sqltest {

namespace {

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    lines.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

struct Edit {
  char op;  // ' ', '-', '+'
  size_t a_line, b_line;  // 0-based positions before this edit
  std::string text;
};

std::vector<Edit> edit_script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    ++suf;
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;

  std::vector<Edit> edits;
  for (size_t i = 0; i < pre; ++i) edits.push_back({' ', i, i, a[i]});
  if (n * m <= 16'000'000) {
    // lcs[i][j] = LCS length of a[pre+i..pre+n) and b[pre+j..pre+m)
    std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        lcs[i][j] = a[pre + i] == b[pre + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i] == b[pre + j]) {
        edits.push_back({' ', pre + i, pre + j, a[pre + i]});
        ++i, ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        edits.push_back({'-', pre + i, pre + j, a[pre + i]});
        ++i;
      } else {
        edits.push_back({'+', pre + i, pre + j, b[pre + j]});
        ++j;
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) edits.push_back({'-', pre + i, pre, a[pre + i]});
    for (size_t j = 0; j < m; ++j) edits.push_back({'+', pre + n, pre + j, b[pre + j]});
  }
  for (size_t k = 0; k < suf; ++k) edits.push_back({' ', pre + n + k, pre + m + k, a[pre + n + k]});
  return edits;
}

}  // namespace

std::string unified_diff(const std::string& a_name, const std::string& a, const std::string& b_name,
                         const std::string& b, int context) {
  if (a == b) return "";
  auto edits = edit_script(split_lines(a), split_lines(b));
  std::string out = "--- " + a_name + "\n+++ " + b_name + "\n";
  const long ctx = context;
  size_t k = 0;
  while (k < edits.size()) {
    while (k < edits.size() && edits[k].op == ' ') ++k;
    if (k == edits.size()) break;
    // Hunk: from ctx lines before the first change to ctx lines after the last change
    // that is followed by fewer than 2*ctx unchanged lines.
    size_t begin = k >= static_cast<size_t>(ctx) ? k - ctx : 0;
    size_t end = k;
    while (end < edits.size()) {
      size_t run = 0;
      size_t p = end;
      while (p < edits.size() && edits[p].op != ' ') ++p;
      while (p + run < edits.size() && edits[p + run].op == ' ') ++run;
      if (p + run >= edits.size() || run > static_cast<size_t>(2 * ctx)) {
        end = std::min(edits.size(), p + static_cast<size_t>(ctx));
        break;
      }
      end = p + run;
    }
    size_t a_count = 0, b_count = 0;
    for (size_t i = begin; i < end; ++i) {
      if (edits[i].op != '+') ++a_count;
      if (edits[i].op != '-') ++b_count;
    }
    out += "@@ -" + std::to_string(edits[begin].a_line + 1) + "," + std::to_string(a_count) + " +" +
           std::to_string(edits[begin].b_line + 1) + "," + std::to_string(b_count) + " @@\n";
    for (size_t i = begin; i < end; ++i) out += std::string(1, edits[i].op) + edits[i].text + "\n";
    k = end;
  }
  return out;
}

}  // namespace sqltest
