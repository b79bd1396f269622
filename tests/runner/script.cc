#include "script.h"

#include <pg_query.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sqltest {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {

int line_of(const std::string& text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  return line;
}

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Applies one "--@name" comment line to `st`; returns false for an unknown name.
bool apply_directive(const std::string& line, bool first_in_file, Script& script, Statement& st) {
  std::string name = trim(line.substr(3));
  if (name == "sort") st.sort_rows = true;
  else if (name == "skip-diff") st.skip_diff = true;
  else if (name == "error-fields") st.error_fields = true;
  else if (name == "upsertdb-only" && first_in_file) script.upsertdb_only = true;
  else return false;
  return true;
}

// Skips whitespace, stray semicolons and comments at the start of `region`, applying
// any directives found; returns the offset where the statement proper begins.
size_t peel_leading_comments(const std::string& region, size_t region_start_in_file,
                             Script& script, Statement& st) {
  size_t i = 0;
  while (i < region.size()) {
    char c = region[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      ++i;
    } else if (region.compare(i, 2, "--") == 0) {
      size_t end = region.find('\n', i);
      if (end == std::string::npos) end = region.size();
      std::string line = region.substr(i, end - i);
      if (line.compare(0, 3, "--@") == 0) {
        bool first_in_file = region_start_in_file + i == 0;
        if (!apply_directive(line, first_in_file, script, st))
          throw std::runtime_error(script.path + ":" + std::to_string(st.line) +
                                   ": unknown or misplaced directive: " + trim(line));
      }
      i = end;
    } else if (region.compare(i, 2, "/*") == 0) {
      int depth = 0;  // PostgreSQL block comments nest
      while (i < region.size()) {
        if (region.compare(i, 2, "/*") == 0) { ++depth; i += 2; }
        else if (region.compare(i, 2, "*/") == 0) { i += 2; if (--depth == 0) break; }
        else ++i;
      }
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

Script load_script(const std::string& path) {
  Script script;
  script.path = path;
  const std::string text = read_file(path);

  PgQuerySplitResult split = pg_query_split_with_scanner(text.c_str());
  if (split.error) {
    std::string msg = split.error->message ? split.error->message : "scanner error";
    int at = split.error->cursorpos;
    pg_query_free_split_result(split);
    throw std::runtime_error(path + ":" + std::to_string(line_of(text, at > 0 ? at - 1 : 0)) +
                             ": cannot split statements: " + msg);
  }
  // Each region runs from the end of the previous statement to the end of this one,
  // so comments before a statement are seen whether or not the scanner included them.
  size_t prev_end = 0;
  for (int k = 0; k < split.n_stmts; ++k) {
    size_t loc = split.stmts[k]->stmt_location;
    size_t end = loc + split.stmts[k]->stmt_len;
    if (end > text.size()) end = text.size();
    size_t start = prev_end < loc ? prev_end : loc;
    std::string region = text.substr(start, end - start);
    prev_end = end;

    Statement st;
    st.line = line_of(text, start);
    size_t body = peel_leading_comments(region, start, script, st);
    // The scanner drops a statement without any keyword (e.g. "selec 1;") and starts
    // the next one after its semicolon: keep the dropped text as a statement of its own.
    if (start + body < loc) {
      Statement dropped = st;
      std::string chunk = trim(text.substr(start + body, loc - (start + body)));
      while (!chunk.empty() && chunk.back() == ';') chunk = trim(chunk.substr(0, chunk.size() - 1));
      dropped.text = chunk;
      dropped.line = line_of(text, start + body);
      if (!dropped.text.empty()) script.statements.push_back(std::move(dropped));
      st = Statement{};
      body = loc - start + peel_leading_comments(text.substr(loc, end - loc), loc, script, st);
    }
    st.text = trim(region.substr(body));
    st.line = line_of(text, start + body);
    if (st.text.empty()) continue;
    script.statements.push_back(std::move(st));
  }
  pg_query_free_split_result(split);

  // Anything but comments after the last statement was not split, e.g. text after an
  // unbalanced "(" (the scanner ignores semicolons inside parentheses): refuse the file
  // rather than silently skip statements.
  Statement tail;
  std::string rest = text.substr(prev_end);
  size_t tail_body = peel_leading_comments(rest, prev_end, script, tail);
  if (!trim(rest.substr(tail_body)).empty())
    throw std::runtime_error(path + ":" + std::to_string(line_of(text, prev_end + tail_body)) +
                             ": text the statement splitter could not place (unbalanced parentheses?)");
  return script;
}

}  // namespace sqltest
