// COPY option validation, in PostgreSQL 15's order so that the first error
// reported for a bad combination is the one PostgreSQL reports.
#include "exec/copy_options.h"

#include <strings.h>

#include <optional>

#include "common/error.h"

namespace upsertdb {

namespace {

using Arg = ast::CopyOption::Arg;

[[noreturn]] void conflicting(const ast::CopyOption& o) {
  DbError e(sqlstate::kSyntaxError, "conflicting or redundant options");
  if (o.location >= 0) e.position(o.location + 1);
  throw e;
}

// PostgreSQL's defGetString: the argument as text; none is an error.
std::string string_arg(const ast::CopyOption& o) {
  if (o.arg == Arg::kNone) throw DbError(sqlstate::kSyntaxError, o.name + " requires a parameter");
  if (o.arg == Arg::kList) {
    std::string out;
    for (const auto& n : o.list) out += (out.empty() ? "" : ".") + n;
    return out;
  }
  return o.value;
}

// defGetBoolean, and defGetCopyHeaderChoice when `header` (which also takes "match").
std::optional<bool> boolean_arg(const ast::CopyOption& o, bool header, bool* match) {
  if (o.arg == Arg::kNone) return true;
  if (o.arg == Arg::kInteger) {
    if (o.value == "0") return false;
    if (o.value == "1") return true;
  } else if (o.arg != Arg::kList && o.arg != Arg::kStar) {
    const char* v = o.value.c_str();
    if (strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0) return true;
    if (strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0) return false;
    if (header && strcasecmp(v, "match") == 0) {
      *match = true;
      return true;
    }
  }
  throw DbError(sqlstate::kSyntaxError,
                o.name + (header ? " requires a Boolean value or \"match\"" : " requires a Boolean value"));
}

std::vector<std::string> column_list_arg(const ast::CopyOption& o) {
  if (o.arg == Arg::kList) return o.list;
  DbError e(sqlstate::kInvalidParameterValue, "argument to option \"" + o.name + "\" must be a list of column names");
  if (o.location >= 0) e.position(o.location + 1);
  throw e;
}

[[noreturn]] void not_supported(const char* message) { throw DbError(sqlstate::kFeatureNotSupported, message); }
[[noreturn]] void invalid(std::string message) { throw DbError(sqlstate::kInvalidParameterValue, std::move(message)); }

}  // namespace

CopyOptions resolve_copy_options(const std::vector<ast::CopyOption>& options, bool is_from) {
  CopyOptions out;
  bool format_seen = false, freeze_seen = false, header_seen = false, binary = false, encoding_seen = false;
  bool force_quote_seen = false, force_not_null_seen = false, force_null_seen = false;
  std::optional<std::string> delimiter, null_string, quote, escape;
  for (const auto& o : options) {
    if (o.name == "format") {
      if (format_seen) conflicting(o);
      format_seen = true;
      std::string f = string_arg(o);
      if (f == "csv") out.format = CopyFormat::kCsv;
      else if (f == "text") out.format = CopyFormat::kText;
      else if (f == "binary") binary = true;
      else {
        DbError e(sqlstate::kInvalidParameterValue, "COPY format \"" + f + "\" not recognized");
        if (o.location >= 0) e.position(o.location + 1);
        throw e;
      }
    } else if (o.name == "freeze") {
      if (freeze_seen) conflicting(o);
      freeze_seen = true;
      boolean_arg(o, false, nullptr);   // validated; rows are visible to nobody else until commit anyway
    } else if (o.name == "delimiter") {
      if (delimiter) conflicting(o);
      delimiter = string_arg(o);
    } else if (o.name == "null") {
      if (null_string) conflicting(o);
      null_string = string_arg(o);
    } else if (o.name == "header") {
      if (header_seen) conflicting(o);
      header_seen = true;
      bool match = false;
      bool on = *boolean_arg(o, true, &match);
      if (match && !is_from) not_supported("cannot use \"match\" with HEADER in COPY TO");
      out.header = match ? CopyHeader::kMatch : on ? CopyHeader::kSkip : CopyHeader::kNone;
    } else if (o.name == "quote") {
      if (quote) conflicting(o);
      quote = string_arg(o);
    } else if (o.name == "escape") {
      if (escape) conflicting(o);
      escape = string_arg(o);
    } else if (o.name == "force_quote") {
      if (force_quote_seen) conflicting(o);
      force_quote_seen = true;
      if (o.arg == Arg::kStar) out.force_quote_all = true;
      else out.force_quote = column_list_arg(o);
    } else if (o.name == "force_not_null") {
      if (force_not_null_seen) conflicting(o);
      force_not_null_seen = true;
      out.force_not_null = column_list_arg(o);
    } else if (o.name == "force_null") {
      if (force_null_seen) conflicting(o);
      force_null_seen = true;
      out.force_null = column_list_arg(o);
    } else if (o.name == "encoding") {
      if (encoding_seen) conflicting(o);
      encoding_seen = true;
      std::string enc = string_arg(o);
      std::string norm;
      for (char c : enc)
        if (c != '-' && c != '_') norm += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (norm != "utf8" && norm != "unicode") not_supported("COPY with an ENCODING other than UTF8 is not supported");
    } else {
      DbError e(sqlstate::kSyntaxError, "option \"" + o.name + "\" not recognized");
      if (o.location >= 0) e.position(o.location + 1);
      throw e;
    }
  }

  if (binary && delimiter) throw DbError(sqlstate::kSyntaxError, "cannot specify DELIMITER in BINARY mode");
  if (binary && null_string) throw DbError(sqlstate::kSyntaxError, "cannot specify NULL in BINARY mode");

  const bool csv = out.csv();
  std::string delim = delimiter ? *delimiter : csv ? "," : "\t";
  out.null_string = null_string ? *null_string : csv ? "" : "\\N";
  if (delim.size() != 1) not_supported("COPY delimiter must be a single one-byte character");
  if (delim[0] == '\r' || delim[0] == '\n') invalid("COPY delimiter cannot be newline or carriage return");
  if (out.null_string.find_first_of("\r\n") != std::string::npos)
    invalid("COPY null representation cannot use newline or carriage return");
  if (!csv && std::string_view("\\.abcdefghijklmnopqrstuvwxyz0123456789").find(delim[0]) != std::string_view::npos)
    invalid("COPY delimiter cannot be \"" + delim + "\"");
  if (binary && out.header != CopyHeader::kNone) not_supported("cannot specify HEADER in BINARY mode");
  if (!csv && quote) not_supported("COPY quote available only in CSV mode");
  std::string q = quote ? *quote : "\"";
  if (csv && q.size() != 1) not_supported("COPY quote must be a single one-byte character");
  if (csv && delim[0] == q[0]) invalid("COPY delimiter and quote must be different");
  if (!csv && escape) not_supported("COPY escape available only in CSV mode");
  std::string esc = escape ? *escape : q;
  if (csv && esc.size() != 1) not_supported("COPY escape must be a single one-byte character");
  if (!csv && force_quote_seen) not_supported("COPY force quote available only in CSV mode");
  if (force_quote_seen && is_from) not_supported("COPY force quote only available using COPY TO");
  if (!csv && force_not_null_seen) not_supported("COPY force not null available only in CSV mode");
  if (force_not_null_seen && !is_from) not_supported("COPY force not null only available using COPY FROM");
  if (!csv && force_null_seen) not_supported("COPY force null available only in CSV mode");
  if (force_null_seen && !is_from) not_supported("COPY force null only available using COPY FROM");
  if (out.null_string.find(delim[0]) != std::string::npos)
    not_supported("COPY delimiter must not appear in the NULL specification");
  if (csv && out.null_string.find(q[0]) != std::string::npos)
    not_supported("CSV quote character must not appear in the NULL specification");
  if (binary) not_supported("COPY BINARY is not supported");

  out.delimiter = delim[0];
  out.quote = q[0];
  out.escape = esc[0];
  return out;
}

}  // namespace upsertdb
