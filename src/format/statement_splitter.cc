#include "format/statement_splitter.h"

namespace upsertdb::format {

namespace {

bool is_ident_start(unsigned char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n'; }

// Length of a dollar-quote delimiter ($$ or $tag$) starting at s[i], or 0.
size_t dollar_tag_length(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '$') return 2;
  if (j >= s.size() || !is_ident_start(static_cast<unsigned char>(s[j]))) return 0;
  ++j;
  while (j < s.size() && s[j] != '$' && is_ident_char(static_cast<unsigned char>(s[j]))) ++j;
  return j < s.size() && s[j] == '$' ? j - i + 1 : 0;
}

}  // namespace

void StatementSplitter::add_line(std::string_view line, std::vector<std::string>& out) {
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    char next = i + 1 < line.size() ? line[i + 1] : '\0';
    switch (state_) {
      case State::kNormal:
        if (c == '-' && next == '-') {
          // A line comment runs to the end of the line; before any statement text it is dropped.
          if (!buffer_.empty()) buffer_.append(line.substr(i));
          i = line.size();
        } else if (c == '/' && next == '*') {
          buffer_ += "/*";
          ++i;
          state_ = State::kBlockComment;
          comment_depth_ = 1;
        } else if (c == '\'') {
          // E'...' (but not the E ending an identifier like `some'`) allows backslash escapes.
          size_t n = buffer_.size();
          bool escape = n >= 1 && (buffer_[n - 1] == 'E' || buffer_[n - 1] == 'e') &&
                        (n == 1 || !is_ident_char(static_cast<unsigned char>(buffer_[n - 2])));
          append(c);
          state_ = escape ? State::kEscapeQuote : State::kQuote;
        } else if (c == '"') {
          append(c);
          state_ = State::kIdentifier;
        } else if (c == '$' && (buffer_.empty() || !is_ident_char(static_cast<unsigned char>(buffer_.back())))) {
          size_t len = dollar_tag_length(line, i);
          if (len > 0) {
            dollar_tag_ = std::string(line.substr(i, len));
            buffer_ += dollar_tag_;
            i += len - 1;
            state_ = State::kDollar;
          } else {
            append(c);
          }
        } else if (c == '(') {
          ++paren_depth_;
          append(c);
        } else if (c == ')') {
          if (paren_depth_ > 0) --paren_depth_;
          append(c);
        } else if (c == ';' && paren_depth_ == 0) {
          append(c);
          out.push_back(std::move(buffer_));
          buffer_.clear();
        } else if (is_space(c)) {
          if (!buffer_.empty()) append(c);
        } else {
          append(c);
        }
        break;
      case State::kQuote:
        append(c);
        if (c == '\'') {
          if (next == '\'') {
            append(next);
            ++i;
          } else {
            state_ = State::kNormal;
          }
        }
        break;
      case State::kEscapeQuote:
        append(c);
        if (c == '\\' && i + 1 < line.size()) {
          append(next);
          ++i;
        } else if (c == '\'') {
          if (next == '\'') {
            append(next);
            ++i;
          } else {
            state_ = State::kNormal;
          }
        }
        break;
      case State::kIdentifier:
        append(c);
        if (c == '"') {
          if (next == '"') {
            append(next);
            ++i;
          } else {
            state_ = State::kNormal;
          }
        }
        break;
      case State::kDollar:
        if (line.substr(i, dollar_tag_.size()) == dollar_tag_) {
          buffer_ += dollar_tag_;
          i += dollar_tag_.size() - 1;
          state_ = State::kNormal;
        } else {
          append(c);
        }
        break;
      case State::kBlockComment:
        append(c);
        if (c == '/' && next == '*') {
          append(next);
          ++i;
          ++comment_depth_;
        } else if (c == '*' && next == '/') {
          append(next);
          ++i;
          if (--comment_depth_ == 0) state_ = State::kNormal;
        }
        break;
    }
  }
  // The line's newline belongs to the statement once it has begun.
  if (!buffer_.empty()) append('\n');
}

std::string StatementSplitter::take_pending() {
  std::string s = std::move(buffer_);
  reset();
  return s;
}

void StatementSplitter::reset() {
  buffer_.clear();
  state_ = State::kNormal;
  dollar_tag_.clear();
  paren_depth_ = 0;
  comment_depth_ = 0;
}

char StatementSplitter::prompt_char() const {
  switch (state_) {
    case State::kQuote:
    case State::kEscapeQuote:
      return '\'';
    case State::kIdentifier:
      return '"';
    case State::kDollar:
      return '$';
    case State::kBlockComment:
      return '*';
    case State::kNormal:
      break;
  }
  if (buffer_.empty()) return '=';
  return paren_depth_ > 0 ? '(' : '-';
}

}  // namespace upsertdb::format
