// COPY text/csv reading and writing; the rules are PostgreSQL 15's
// (copyfromparse.c, copyto.c), restated in copy_codec.h.
#include "exec/copy_codec.h"

#include <cstdio>

#include "common/error.h"

namespace upsertdb {

namespace {

constexpr const char* kBadCopyData = "22P04";   // bad_copy_file_format

[[noreturn]] void bad_copy(std::string message) { throw DbError(kBadCopyData, std::move(message)); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_octal(char c) { return c >= '0' && c <= '7'; }

// Bytes in the UTF-8 sequence starting at s[i]; 0 when it is not a valid one.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  unsigned char c1 = byte(i + 1);
  if (c1 < 0x80 || c1 > 0xBF) return 0;
  if (len == 2 && c < 0xC2) return 0;                          // overlong
  if (len == 3 && c == 0xE0 && c1 < 0xA0) return 0;            // overlong
  if (len == 3 && c == 0xED && c1 > 0x9F) return 0;            // surrogates
  if (len == 4 && ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F) || c > 0xF4)) return 0;
  for (size_t k = 2; k < len; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return len;
}

}  // namespace

void check_copy_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != 0 && c < 0x80) {
      ++i;
      continue;
    }
    size_t len = c == 0 ? 0 : utf8_sequence_length(s, i);
    if (len == 0) {
      size_t shown = c == 0 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      std::string bytes;
      char buf[8];
      for (size_t k = 0; k < shown && i + k < s.size(); ++k) {
        std::snprintf(buf, sizeof buf, "%s0x%02x", k ? " " : "", static_cast<unsigned char>(s[i + k]));
        bytes += buf;
      }
      throw DbError("22021", "invalid byte sequence for encoding \"UTF8\": " + bytes);
    }
    i += len;
  }
}

// ---- rows -------------------------------------------------------------------------

void CopyLineReader::feed(std::string_view chunk) {
  if (start_ > 0) {   // drop consumed rows; what remains is at most one partial row
    buf_.erase(0, start_);
    scan_ -= start_;
    start_ = 0;
  }
  buf_.append(chunk);
}

void CopyLineReader::bad_newline(bool carriage_return) const {
  if (opts_.csv()) {
    throw DbError(kBadCopyData, carriage_return ? "unquoted carriage return found in data"
                                                : "unquoted newline found in data")
        .hint(carriage_return ? "Use quoted CSV field to represent carriage return."
                              : "Use quoted CSV field to represent newline.");
  }
  throw DbError(kBadCopyData, carriage_return ? "literal carriage return found in data"
                                              : "literal newline found in data")
      .hint(carriage_return ? "Use \"\\r\" to represent carriage return." : "Use \"\\n\" to represent newline.");
}

CopyLineReader::Status CopyLineReader::next(std::string& row) {
  if (ended_) return Status::kEnd;
  const bool csv = opts_.csv();
  // An escape equal to the quote needs no tracking: the quote alone toggles.
  const char quote = opts_.quote, escape = opts_.escape == opts_.quote ? '\0' : opts_.escape;
  const size_t n = buf_.size();
  size_t i = scan_;
  auto at = [&](size_t k) -> char { return i + k < n ? buf_[i + k] : '\0'; };
  auto take_row = [&](size_t end, size_t next) {
    row.assign(buf_, start_, end - start_);
    line_number_ += 1 + lines_in_row_;
    lines_in_row_ = 0;
    start_ = scan_ = next;
  };
  for (;;) {
    if (i >= n) {
      if (!eof_) {
        scan_ = i;
        return Status::kNeedMore;
      }
      ended_ = true;
      if (start_ >= n) return Status::kEnd;
      take_row(n, n);   // a last row without a line ending
      return Status::kRow;
    }
    const char c = buf_[i];
    const bool marker_candidate = c == '\\' && (!csv || i == start_);
    // Look ahead before changing any state, so a resumed scan starts clean.
    if ((marker_candidate || c == '\r') && i + 3 >= n && !eof_) {
      scan_ = i;
      return Status::kNeedMore;
    }
    if (csv) {
      if (in_quote_ && c == escape) last_was_escape_ = !last_was_escape_;
      if (c == quote && !last_was_escape_) in_quote_ = !in_quote_;
      if (c != escape) last_was_escape_ = false;
      // PostgreSQL compares with '\r' while the line ending is still unknown (first row).
      if (in_quote_ && c == (eol_ == Eol::kNl ? '\n' : '\r')) ++lines_in_row_;
    }
    if (marker_candidate) {
      if (at(1) == '.') {
        // `\.`: the end-of-data marker, which must be followed by the line ending.
        // In csv, a malformed one is just data.
        bool is_marker = true;
        char after = at(2);
        if (eol_ == Eol::kCrNl) {
          if (after == '\n') {
            if (!csv) bad_copy("end-of-copy marker does not match previous newline style");
            is_marker = false;
          } else if (after != '\r') {
            if (!csv) bad_copy("end-of-copy marker corrupt");
            is_marker = false;
          }
          after = at(3);
        }
        if (is_marker && after != '\r' && after != '\n') {
          if (!csv) bad_copy("end-of-copy marker corrupt");
          is_marker = false;
        }
        if (is_marker) {
          if ((eol_ == Eol::kNl && after != '\n') || (eol_ == Eol::kCrNl && after != '\n') ||
              (eol_ == Eol::kCr && after != '\r'))
            bad_copy("end-of-copy marker does not match previous newline style");
          ended_ = true;
          if (i == start_) return Status::kEnd;
          take_row(i, n);   // text: what precedes `\.` on its line is a last row
          return Status::kRow;
        }
      } else if (!csv) {
        // A backslash quotes the next byte, even a line ending.
        i += i + 1 < n ? 2 : 1;
        continue;
      }
    }
    if (c == '\r' && !(csv && in_quote_)) {
      if (eol_ == Eol::kUnknown || eol_ == Eol::kCrNl) {
        if (at(1) == '\n') {
          eol_ = Eol::kCrNl;
          take_row(i, i + 2);
          return Status::kRow;
        }
        if (eol_ == Eol::kCrNl) bad_newline(true);
        eol_ = Eol::kCr;
      } else if (eol_ == Eol::kNl) {
        bad_newline(true);
      }
      take_row(i, i + 1);
      return Status::kRow;
    }
    if (c == '\n' && !(csv && in_quote_)) {
      if (eol_ == Eol::kCr || eol_ == Eol::kCrNl) bad_newline(false);
      eol_ = Eol::kNl;
      take_row(i, i + 1);
      return Status::kRow;
    }
    ++i;
  }
}

// ---- fields -------------------------------------------------------------------------

void split_text_row(std::string_view row, const CopyOptions& opts, std::vector<CopyField>& fields) {
  fields.clear();
  const char delim = opts.delimiter;
  const size_t n = row.size();
  size_t i = 0;
  for (;;) {
    const size_t start = i;
    size_t end = i;
    bool found_delim = false, saw_non_ascii = false;
    std::string value;
    for (;;) {
      end = i;
      if (i >= n) break;
      char c = row[i++];
      if (c == delim) {
        found_delim = true;
        break;
      }
      if (c == '\\') {
        if (i >= n) break;   // a trailing backslash is dropped
        c = row[i++];
        switch (c) {
          case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            int v = c - '0';
            if (i < n && is_octal(row[i])) {
              v = (v << 3) + (row[i++] - '0');
              if (i < n && is_octal(row[i])) v = (v << 3) + (row[i++] - '0');
            }
            c = static_cast<char>(v & 0xFF);
            if (c == '\0' || (v & 0x80)) saw_non_ascii = true;
            break;
          }
          case 'x':
            if (i < n && is_hex(row[i])) {
              int v = hex_value(row[i++]);
              if (i < n && is_hex(row[i])) v = (v << 4) + hex_value(row[i++]);
              c = static_cast<char>(v & 0xFF);
              if (c == '\0' || (v & 0x80)) saw_non_ascii = true;
            }
            break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'n': c = '\n'; break;
          case 'r': c = '\r'; break;
          case 't': c = '\t'; break;
          case 'v': c = '\v'; break;
          default: break;   // any other byte stands for itself
        }
      }
      value.push_back(c);
    }
    // The NULL string is matched against the field as written, before unescaping.
    if (row.substr(start, end - start) == opts.null_string) {
      fields.emplace_back(std::nullopt);
    } else {
      if (saw_non_ascii) check_copy_utf8(value);
      fields.emplace_back(std::move(value));
    }
    if (!found_delim) break;
  }
}

void split_csv_row(std::string_view row, const CopyOptions& opts, std::vector<CopyField>& fields) {
  fields.clear();
  const char delim = opts.delimiter, quote = opts.quote, escape = opts.escape;
  const size_t n = row.size();
  size_t i = 0;
  for (;;) {
    const size_t start = i;
    size_t end = i;
    bool found_delim = false, saw_quote = false;
    std::string value;
    for (;;) {
      // Outside quotes: up to a delimiter, the end, or an opening quote.
      bool open_quote = false;
      for (;;) {
        end = i;
        if (i >= n) break;
        char c = row[i++];
        if (c == delim) {
          found_delim = true;
          break;
        }
        if (c == quote) {
          saw_quote = open_quote = true;
          break;
        }
        value.push_back(c);
      }
      if (!open_quote) break;
      // Inside quotes: ESCAPE before a quote or an escape takes it literally.
      for (;;) {
        end = i;
        if (i >= n) bad_copy("unterminated CSV quoted field");
        char c = row[i++];
        if (c == escape && i < n && (row[i] == escape || row[i] == quote)) {
          value.push_back(row[i++]);
          continue;
        }
        if (c == quote) break;
        value.push_back(c);
      }
    }
    if (!saw_quote && row.substr(start, end - start) == opts.null_string) fields.emplace_back(std::nullopt);
    else fields.emplace_back(std::move(value));
    if (!found_delim) break;
  }
}

void check_header_fields(const std::vector<CopyField>& fields, const std::vector<std::string>& names,
                         const CopyOptions& opts) {
  if (fields.size() != names.size())
    bad_copy("wrong number of fields in header line: got " + std::to_string(fields.size()) + ", expected " +
             std::to_string(names.size()));
  for (size_t i = 0; i < names.size(); ++i) {
    std::string field_no = std::to_string(i + 1);
    if (!fields[i])
      bad_copy("column name mismatch in header line field " + field_no + ": got null value (\"" + opts.null_string +
               "\"), expected \"" + names[i] + "\"");
    if (*fields[i] != names[i])
      bad_copy("column name mismatch in header line field " + field_no + ": got \"" + *fields[i] + "\", expected \"" +
               names[i] + "\"");
  }
}

// ---- output -------------------------------------------------------------------------

void append_text_field(std::string& out, std::string_view value, char delimiter) {
  size_t run = 0;   // start of the bytes not yet copied
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    char escaped = 0;
    if (static_cast<unsigned char>(c) < 0x20) {
      switch (c) {
        case '\b': escaped = 'b'; break;
        case '\f': escaped = 'f'; break;
        case '\n': escaped = 'n'; break;
        case '\r': escaped = 'r'; break;
        case '\t': escaped = 't'; break;
        case '\v': escaped = 'v'; break;
        default:
          if (c == delimiter) escaped = c;   // other control bytes pass through unless they delimit
          break;
      }
    } else if (c == '\\' || c == delimiter) {
      escaped = c;
    }
    if (!escaped) continue;
    out.append(value.substr(run, i - run));
    out.push_back('\\');
    out.push_back(escaped);
    run = i + 1;
  }
  out.append(value.substr(run));
}

void append_csv_field(std::string& out, std::string_view value, const CopyOptions& opts, bool force_quote,
                      bool single_column) {
  const char quote = opts.quote, escape = opts.escape, delim = opts.delimiter;
  bool use_quote = force_quote || value == opts.null_string;
  if (!use_quote) {
    if (single_column && value == "\\.") {
      use_quote = true;   // alone on a line it would read back as the end marker
    } else {
      for (char c : value) {
        if (c == delim || c == quote || c == '\n' || c == '\r') {
          use_quote = true;
          break;
        }
      }
    }
  }
  if (!use_quote) {
    out.append(value);
    return;
  }
  out.push_back(quote);
  for (char c : value) {
    if (c == quote || c == escape) out.push_back(escape);
    out.push_back(c);
  }
  out.push_back(quote);
}

}  // namespace upsertdb
