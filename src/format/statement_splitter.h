// Statement splitter: cuts SQL input into statements the way psql's lexer
// does, line by line, so the shell knows when a statement is complete and
// which continuation prompt to show. A `;` ends a statement only outside
// quotes ('...', E'...', "..."), dollar quotes ($tag$...$tag$), comments
// (-- and nested /* */) and parentheses. As in psql, whitespace and `--`
// comments before a statement are dropped, and each statement keeps its `;`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace upsertdb::format {

class StatementSplitter {
 public:
  // Adds one input line (without its newline); appends every statement it
  // completes to `out`.
  void add_line(std::string_view line, std::vector<std::string>& out);
  // True when nothing but whitespace and `--` comments is pending.
  bool empty() const { return buffer_.empty(); }
  // Returns the pending (unterminated) text and resets the splitter.
  std::string take_pending();
  // Drops the pending text (psql's \r).
  void reset();
  // psql's %R prompt character: '=' nothing pending, '-' a statement continues,
  // '\'' / '"' / '$' inside that kind of quote, '*' inside a comment, '(' inside
  // parentheses.
  char prompt_char() const;

 private:
  enum class State { kNormal, kQuote, kEscapeQuote, kIdentifier, kDollar, kBlockComment };
  void append(char c) { buffer_ += c; }
  State state_ = State::kNormal;
  std::string buffer_;
  std::string dollar_tag_;   // "$tag$" while inside a dollar quote
  int paren_depth_ = 0;
  int comment_depth_ = 0;
};

}  // namespace upsertdb::format
