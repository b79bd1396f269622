#include "engine/config_file.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace upsertdb {

namespace {

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }
// Characters of an unquoted value: a word, a number with a unit, a path.
bool bare_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '+' || c == ':' ||
         c == '/' || c == '*' || c == '$';
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_config_text(std::string_view text, const std::string& file) {
  std::vector<std::pair<std::string, std::string>> out;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    size_t i = 0;
    auto skip_space = [&] {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    };
    auto error = [&](std::string_view near) {
      return ConfigFileError("syntax error in file \"" + file + "\" line " + std::to_string(line_no) +
                             (near.empty() ? std::string(", near end of line") : ", near token \"" + std::string(near) + "\""));
    };
    skip_space();
    if (i == line.size() || line[i] == '#') continue;
    size_t start = i;
    while (i < line.size() && name_char(line[i])) ++i;
    if (i == start) throw error(line.substr(i, 1));
    std::string name(line.substr(start, i - start));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    skip_space();
    if (i < line.size() && line[i] == '=') ++i;
    skip_space();
    std::string value;
    if (i < line.size() && line[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        char c = line[i++];
        if (c == '\'' && i < line.size() && line[i] == '\'') {
          value.push_back('\'');
          ++i;
        } else if (c == '\\' && i < line.size() && line[i] == '\'') {
          value.push_back('\'');
          ++i;
        } else if (c == '\'') {
          closed = true;
          break;
        } else {
          value.push_back(c);
        }
      }
      if (!closed) throw error("");
    } else {
      start = i;
      while (i < line.size() && bare_char(line[i])) ++i;
      if (i == start) throw error(i < line.size() ? line.substr(i, 1) : std::string_view());
      value = std::string(line.substr(start, i - start));
    }
    skip_space();
    if (i < line.size() && line[i] != '#') throw error(line.substr(i, 1));
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> read_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigFileError("could not open configuration file \"" + path + "\": " + std::strerror(errno));
  std::stringstream buf;
  buf << in.rdbuf();
  return parse_config_text(buf.str(), path);
}

}  // namespace upsertdb
