// COPY's text and csv formats, as PostgreSQL 15 reads and writes them.
//
// Reading is in two steps, like PostgreSQL's copyfromparse.c:
//   1. CopyLineReader cuts the byte stream into rows. Input arrives in chunks
//      of any size (CopyData messages need not align with rows); each byte is
//      scanned once, so input of any size streams in linear time. The line
//      ending (\n, \r or \r\n) is fixed by the first row; a different one later
//      is 22P04 "literal newline found in data" (text) / "unquoted newline ..."
//      (csv). `\.` ends the data: in text format anywhere (what precedes it on
//      its line is a last row), in csv only alone on a line. A csv row may span
//      lines inside quotes.
//   2. split_text_row / split_csv_row cut a row into fields, undo escapes
//      (text: \b \f \n \r \t \v \\ \NNN octal, \xHH hex, \<other> = other;
//      csv: quotes, doubled quote / ESCAPE) and recognise the NULL string,
//      which is compared with the field as written (before unescaping; in csv
//      only when unquoted).
// Writing: append_text_field / append_csv_field produce one field exactly as
// COPY TO does (text: backslash escapes for \ , the delimiter and control
// characters; csv: quotes when the value holds the delimiter, the quote, CR or
// LF, equals the NULL string, or is `\.` alone on a line).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exec/copy_options.h"

namespace upsertdb {

using CopyField = std::optional<std::string>;   // nullopt = NULL

class CopyLineReader {
 public:
  explicit CopyLineReader(const CopyOptions& options) : opts_(options) {}
  // Appends input. Cheap: consumed input is dropped as rows are taken.
  void feed(std::string_view chunk);
  // No more input will come: a last row without a line ending is a row.
  void finish() { eof_ = true; }

  enum class Status { kRow, kNeedMore, kEnd };
  // The next row (without its line ending) into `row`; kNeedMore when the
  // input so far ends inside a row; kEnd after `\.` or at the end of input.
  // Throws 22P04 for inconsistent line endings or a corrupt end marker.
  Status next(std::string& row);
  // Physical line number of the row last returned (1-based), for messages.
  uint64_t line_number() const { return line_number_; }

 private:
  enum class Eol { kUnknown, kNl, kCr, kCrNl };
  [[noreturn]] void bad_newline(bool carriage_return) const;
  const CopyOptions& opts_;
  std::string buf_;
  size_t start_ = 0;          // first byte of the current row
  size_t scan_ = 0;           // next byte to examine (scanning resumes here)
  bool in_quote_ = false;     // csv scan state at scan_
  bool last_was_escape_ = false;
  bool eof_ = false;
  bool ended_ = false;        // `\.` seen or input exhausted
  Eol eol_ = Eol::kUnknown;
  uint64_t line_number_ = 0;
  uint64_t lines_in_row_ = 0; // csv newlines inside quotes, counted as PostgreSQL does
};

// Splits one row into fields. Text: an invalid UTF-8 result of \NNN / \xHH
// escapes is 22021 "invalid byte sequence for encoding "UTF8": 0x..".
// Csv: 22P04 "unterminated CSV quoted field". `saw_quote` (csv) tells which
// fields were quoted (for FORCE_NULL); pass null when not needed.
void split_text_row(std::string_view row, const CopyOptions& opts, std::vector<CopyField>& fields);
void split_csv_row(std::string_view row, const CopyOptions& opts, std::vector<CopyField>& fields);

// 22021 unless `s` is valid UTF-8 without NUL bytes (PostgreSQL's message
// shows the offending character's bytes: 0xc3 0x28).
void check_copy_utf8(std::string_view s);

// HEADER MATCH: the header row's fields must be the column names, in order.
void check_header_fields(const std::vector<CopyField>& fields, const std::vector<std::string>& names,
                         const CopyOptions& opts);

// One output field (not NULL: the caller writes opts.null_string for that).
void append_text_field(std::string& out, std::string_view value, char delimiter);
void append_csv_field(std::string& out, std::string_view value, const CopyOptions& opts, bool force_quote,
                      bool single_column);

}  // namespace upsertdb
