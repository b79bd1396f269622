// String functions: PostgreSQL 15's text functions in a UTF8 database with
// collation C (lengths and positions count characters, case mapping is ASCII).
#include <regex.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <memory>

#include "functions/fn_util.h"
#include "types/regex_locale.h"
#include "types/text_format.h"

namespace upsertdb::fn {

namespace {

using T = TypeId;
using Chars = std::vector<std::string_view>;

std::string join(const Chars& c, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to && i < c.size(); ++i) out.append(c[i]);
  return out;
}

// ---- length family ---------------------------------------------------------

Value length_text(FunctionContext&, const Value* a, size_t) {
  return Value::int4(static_cast<int32_t>(utf8_length(str(a[0]))));
}
Value length_bpchar(FunctionContext&, const Value* a, size_t) {
  return Value::int4(static_cast<int32_t>(utf8_length(rtrim_spaces(str(a[0])))));
}
Value octet_length(FunctionContext&, const Value* a, size_t) {
  return Value::int4(static_cast<int32_t>(str(a[0]).size()));
}

// ---- case ------------------------------------------------------------------

Value lower(FunctionContext&, const Value* a, size_t) {
  std::string s = str(a[0]);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return text(std::move(s));
}
Value upper(FunctionContext&, const Value* a, size_t) {
  std::string s = str(a[0]);
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return text(std::move(s));
}
bool ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
Value initcap(FunctionContext&, const Value* a, size_t) {
  std::string s = str(a[0]);
  bool in_word = false;
  for (char& c : s) {
    if (in_word) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    } else if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 32);
    }
    in_word = ascii_alnum(c);
  }
  return text(std::move(s));
}

// ---- substrings ------------------------------------------------------------

// text_substr: characters [start, start + count) counted from 1, clipped.
std::string substring_chars(std::string_view s, int64_t start, int64_t count, bool has_count) {
  if (has_count && count < 0) throw_error("22011", "negative substring length not allowed");
  Chars c = utf8_chars(s);
  int64_t first = std::max<int64_t>(start, 1);
  int64_t end = has_count ? start + count : INT64_MAX;   // exclusive, 1-based
  if (end <= first) return "";
  return join(c, static_cast<size_t>(first - 1),
              end == INT64_MAX ? c.size() : static_cast<size_t>(std::min<int64_t>(end - 1, INT32_MAX)));
}
Value substr2(FunctionContext&, const Value* a, size_t) {
  return text(substring_chars(str(a[0]), a[1].as_int(), 0, false));
}
Value substr3(FunctionContext&, const Value* a, size_t) {
  return text(substring_chars(str(a[0]), a[1].as_int(), a[2].as_int(), true));
}
std::string substring_bytes(std::string_view s, int64_t start, int64_t count, bool has_count) {
  if (has_count && count < 0) throw_error("22011", "negative substring length not allowed");
  int64_t first = std::max<int64_t>(start, 1);
  int64_t end = has_count ? start + count : INT64_MAX;
  if (end <= first || first > static_cast<int64_t>(s.size())) return "";
  int64_t stop = std::min<int64_t>(end - 1, static_cast<int64_t>(s.size()));
  return std::string(s.substr(static_cast<size_t>(first - 1), static_cast<size_t>(stop - first + 1)));
}
Value bytea_substr2(FunctionContext&, const Value* a, size_t) {
  return Value::bytea(substring_bytes(str(a[0]), a[1].as_int(), 0, false));
}
Value bytea_substr3(FunctionContext&, const Value* a, size_t) {
  return Value::bytea(substring_bytes(str(a[0]), a[1].as_int(), a[2].as_int(), true));
}

// overlay(s placing repl from start [for count]): the characters before `start`,
// then `repl`, then what follows the `count` replaced characters (count defaults
// to repl's length). As in PostgreSQL, start < 1 is a negative prefix length.
template <typename Substr>
std::string overlay_impl(std::string_view s, std::string_view repl, int64_t start, int64_t count, Substr substr) {
  int32_t resume;
  if (__builtin_add_overflow(static_cast<int32_t>(start), static_cast<int32_t>(count), &resume)) {
    throw_error(sqlstate::kNumericValueOutOfRange, "integer out of range");
  }
  std::string out = substr(s, 1, start - 1, true);
  out.append(repl);
  out.append(substr(s, resume, 0, false));
  return out;
}
Value overlay3(FunctionContext&, const Value* a, size_t) {
  return text(overlay_impl(str(a[0]), str(a[1]), a[2].as_int(), static_cast<int64_t>(utf8_length(str(a[1]))),
                           substring_chars));
}
Value overlay4(FunctionContext&, const Value* a, size_t) {
  return text(overlay_impl(str(a[0]), str(a[1]), a[2].as_int(), a[3].as_int(), substring_chars));
}
Value bytea_overlay3(FunctionContext&, const Value* a, size_t) {
  return Value::bytea(overlay_impl(str(a[0]), str(a[1]), a[2].as_int(), static_cast<int64_t>(str(a[1]).size()),
                                   substring_bytes));
}
Value bytea_overlay4(FunctionContext&, const Value* a, size_t) {
  return Value::bytea(overlay_impl(str(a[0]), str(a[1]), a[2].as_int(), a[3].as_int(), substring_bytes));
}

// 1-based character position of `needle` in `hay`, 0 when absent.
int32_t char_position(std::string_view hay, std::string_view needle) {
  size_t at = hay.find(needle);
  if (at == std::string_view::npos) return 0;
  return static_cast<int32_t>(utf8_length(hay.substr(0, at))) + 1;
}
Value strpos(FunctionContext&, const Value* a, size_t) { return Value::int4(char_position(str(a[0]), str(a[1]))); }

Value left(FunctionContext&, const Value* a, size_t) {
  Chars c = utf8_chars(str(a[0]));
  int64_t n = a[1].as_int();
  int64_t keep = n >= 0 ? std::min<int64_t>(n, c.size()) : std::max<int64_t>(0, static_cast<int64_t>(c.size()) + n);
  return text(join(c, 0, static_cast<size_t>(keep)));
}
Value right(FunctionContext&, const Value* a, size_t) {
  Chars c = utf8_chars(str(a[0]));
  int64_t n = a[1].as_int();
  int64_t size = static_cast<int64_t>(c.size());
  int64_t keep = n >= 0 ? std::min<int64_t>(n, size) : std::max<int64_t>(0, size + n);
  return text(join(c, static_cast<size_t>(size - keep), c.size()));
}

// ---- replace / trim / pad ----------------------------------------------------

Value replace(FunctionContext&, const Value* a, size_t) {
  const std::string& s = str(a[0]);
  const std::string& from = str(a[1]);
  if (from.empty()) return text(s);
  std::string out;
  size_t pos = 0;
  for (size_t at; (at = s.find(from, pos)) != std::string::npos; pos = at + from.size()) {
    out.append(s, pos, at - pos);
    out.append(str(a[2]));
  }
  out.append(s, pos, std::string::npos);
  return text(std::move(out));
}

enum TrimSide { kLeading = 1, kTrailing = 2, kBoth = 3 };
std::string trim_chars(std::string_view s, std::string_view set, int side) {
  Chars c = utf8_chars(s);
  Chars members = utf8_chars(set);
  auto in_set = [&](std::string_view ch) { return std::find(members.begin(), members.end(), ch) != members.end(); };
  size_t b = 0, e = c.size();
  if (side & kLeading) {
    while (b < e && in_set(c[b])) ++b;
  }
  if (side & kTrailing) {
    while (e > b && in_set(c[e - 1])) --e;
  }
  return join(c, b, e);
}
template <int Side>
Value trim1(FunctionContext&, const Value* a, size_t) { return text(trim_chars(str(a[0]), " ", Side)); }
template <int Side>
Value trim2(FunctionContext&, const Value* a, size_t) { return text(trim_chars(str(a[0]), str(a[1]), Side)); }

std::string pad(std::string_view s, int64_t len, std::string_view fill, bool on_left) {
  if (len <= 0) return "";
  Chars c = utf8_chars(s);
  if (static_cast<int64_t>(c.size()) >= len || fill.empty()) return join(c, 0, static_cast<size_t>(std::min<int64_t>(len, c.size())));
  Chars f = utf8_chars(fill);
  std::string padding;
  for (int64_t i = 0, need = len - static_cast<int64_t>(c.size()); i < need; ++i) padding.append(f[i % f.size()]);
  return on_left ? padding + std::string(s) : std::string(s) + padding;
}
Value lpad2(FunctionContext&, const Value* a, size_t) { return text(pad(str(a[0]), a[1].as_int(), " ", true)); }
Value lpad3(FunctionContext&, const Value* a, size_t) { return text(pad(str(a[0]), a[1].as_int(), str(a[2]), true)); }
Value rpad2(FunctionContext&, const Value* a, size_t) { return text(pad(str(a[0]), a[1].as_int(), " ", false)); }
Value rpad3(FunctionContext&, const Value* a, size_t) { return text(pad(str(a[0]), a[1].as_int(), str(a[2]), false)); }

Value repeat(FunctionContext&, const Value* a, size_t) {
  int64_t n = a[1].as_int();
  const std::string& s = str(a[0]);
  if (n <= 0 || s.empty()) return text("");
  if (static_cast<uint64_t>(n) * s.size() >= (1u << 30)) throw_error("54000", "requested length too large");
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) out += s;
  return text(std::move(out));
}

Value reverse(FunctionContext&, const Value* a, size_t) {
  Chars c = utf8_chars(str(a[0]));
  std::string out;
  for (auto it = c.rbegin(); it != c.rend(); ++it) out.append(*it);
  return text(std::move(out));
}

Value split_part(FunctionContext&, const Value* a, size_t) {
  const std::string& s = str(a[0]);
  const std::string& sep = str(a[1]);
  int64_t field = a[2].as_int();
  if (field == 0) throw_error(sqlstate::kInvalidParameterValue, "field position must not be zero");
  std::vector<std::string_view> parts;
  if (sep.empty()) {
    parts.push_back(s);
  } else {
    size_t pos = 0;
    for (size_t at; (at = s.find(sep, pos)) != std::string::npos; pos = at + sep.size()) {
      parts.push_back(std::string_view(s).substr(pos, at - pos));
    }
    parts.push_back(std::string_view(s).substr(pos));
  }
  if (s.empty()) return text("");
  int64_t n = static_cast<int64_t>(parts.size());
  int64_t idx = field > 0 ? field - 1 : n + field;
  if (idx < 0 || idx >= n) return text("");
  return text(std::string(parts[static_cast<size_t>(idx)]));
}

Value translate(FunctionContext&, const Value* a, size_t) {
  Chars s = utf8_chars(str(a[0])), from = utf8_chars(str(a[1])), to = utf8_chars(str(a[2]));
  std::string out;
  for (std::string_view ch : s) {
    auto it = std::find(from.begin(), from.end(), ch);
    if (it == from.end()) {
      out.append(ch);
    } else {
      size_t i = static_cast<size_t>(it - from.begin());
      if (i < to.size()) out.append(to[i]);
    }
  }
  return text(std::move(out));
}

Value starts_with(FunctionContext&, const Value* a, size_t) {
  return Value::boolean(str(a[0]).compare(0, str(a[1]).size(), str(a[1])) == 0 && str(a[0]).size() >= str(a[1]).size());
}

// ---- characters and codes ----------------------------------------------------

Value ascii(FunctionContext&, const Value* a, size_t) {
  const std::string& s = str(a[0]);
  return Value::int4(s.empty() ? 0 : static_cast<int32_t>(utf8_decode(s)));
}
Value chr(FunctionContext&, const Value* a, size_t) {
  int64_t cp = a[0].as_int();
  if (cp < 0) throw_error(sqlstate::kInvalidParameterValue, "character number must be positive");
  if (cp == 0) throw_error("54000", "null character not permitted");
  if (cp > 0x10FFFF) throw_error("54000", "requested character too large for encoding: " + std::to_string(cp));
  if (cp >= 0xD800 && cp <= 0xDFFF) throw_error("54000", "requested character not valid for encoding: " + std::to_string(cp));
  std::string out;
  utf8_append(out, static_cast<uint32_t>(cp));
  return text(std::move(out));
}
std::string hex(uint64_t v) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[v & 15]);
    v >>= 4;
  } while (v);
  return out;
}
Value to_hex32(FunctionContext&, const Value* a, size_t) { return text(hex(static_cast<uint32_t>(a[0].as_int()))); }
Value to_hex64(FunctionContext&, const Value* a, size_t) { return text(hex(static_cast<uint64_t>(a[0].as_int()))); }

// ---- quoting -----------------------------------------------------------------

// Keywords quote_ident must quote: every PostgreSQL 15 keyword that is not
// UNRESERVED (pg_get_keywords() catcode <> 'U').
bool is_quoted_keyword(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
      "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check",
      "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
      "current_catalog", "current_date", "current_role", "current_schema", "current_time",
      "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct",
      "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
      "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
      "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull",
      "join", "lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp",
      "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
      "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
      "precision", "primary", "real", "references", "returning", "right", "row", "select", "session_user",
      "setof", "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", "then",
      "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using",
      "values", "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes",
      "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
      "xmlserialize", "xmltable",
  };
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

}  // namespace

std::string quote_identifier(std::string_view id) {
  bool safe = !id.empty() && ((id[0] >= 'a' && id[0] <= 'z') || id[0] == '_');
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) safe = false;
  }
  if (safe && !is_quoted_keyword(id)) return std::string(id);
  std::string out = "\"";
  for (char c : id) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string quote_literal_text(std::string_view s) {
  std::string out;
  if (s.find('\\') != std::string_view::npos) out += 'E';
  out += '\'';
  for (char c : s) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

namespace {

Value quote_ident(FunctionContext&, const Value* a, size_t) { return text(quote_identifier(str(a[0]))); }
Value quote_literal(FunctionContext&, const Value* a, size_t) { return text(quote_literal_text(str(a[0]))); }
// The anyelement forms are SQL functions over `$1::text`, so they see a
// type's text cast (true -> 'true'), not its output function (t).
std::string as_text_cast(const Value& v) { return cast_value(v, Type(T::kText), CastContext::kExplicit).as_str(); }
Value quote_literal_any(FunctionContext&, const Value* a, size_t) {
  return text(quote_literal_text(as_text_cast(a[0])));
}
// quote_nullable() is not strict: NULL becomes the word NULL.
Value quote_nullable(FunctionContext&, const Value* a, size_t) {
  if (a[0].is_null()) return text("NULL");
  return text(quote_literal_text(str(a[0])));
}
Value quote_nullable_any(FunctionContext&, const Value* a, size_t) {
  if (a[0].is_null()) return text("NULL");
  return text(quote_literal_text(as_text_cast(a[0])));
}

// ---- concat / format -----------------------------------------------------------

Value concat(FunctionContext&, const Value* a, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (!a[i].is_null()) out += output_text(a[i]);
  }
  return text(std::move(out));
}
Value concat_ws(FunctionContext&, const Value* a, size_t n) {
  if (a[0].is_null()) return Value::null(T::kText);
  std::string out;
  bool first = true;
  for (size_t i = 1; i < n; ++i) {
    if (a[i].is_null()) continue;
    if (!first) out += str(a[0]);
    out += output_text(a[i]);
    first = false;
  }
  return text(std::move(out));
}

[[noreturn]] void format_error(std::string msg, bool with_hint) {
  DbError e(sqlstate::kInvalidParameterValue, std::move(msg));
  if (with_hint) e.hint("For a single \"%\" use \"%%\".");
  throw e;
}

// format(): %[n$][-][width|*|*n$](s|I|L), and %%.
Value format(FunctionContext&, const Value* a, size_t n) {
  if (a[0].is_null()) return Value::null(T::kText);
  const std::string& f = str(a[0]);
  std::string out;
  size_t next_arg = 1;
  auto read_number = [&](size_t& i, int64_t* v) {
    if (i >= f.size() || !std::isdigit(static_cast<unsigned char>(f[i]))) return false;
    int64_t x = 0;
    while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) {
      x = x * 10 + (f[i] - '0');
      if (x > INT32_MAX) format_error("number is out of range", false);
      ++i;
    }
    *v = x;
    return true;
  };
  auto unterminated = [&]() { format_error("unterminated format() type specifier", true); };
  auto arg_at = [&](int64_t pos) -> const Value& {
    if (pos == 0) format_error("format specifies argument 0, but arguments are numbered from 1", false);
    if (static_cast<size_t>(pos) >= n) format_error("too few arguments for format()", false);
    return a[pos];
  };
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    if (++i >= f.size()) unterminated();
    if (f[i] == '%') {
      out += '%';
      continue;
    }
    int64_t arg_pos = -1, width = 0;
    bool left_align = false;
    // Optional "n$" argument position.
    size_t save = i;
    int64_t num;
    if (read_number(i, &num)) {
      if (i < f.size() && f[i] == '$') {
        arg_pos = num;
        ++i;
      } else {
        i = save;
      }
    }
    if (i >= f.size()) unterminated();
    if (f[i] == '-') {
      left_align = true;
      if (++i >= f.size()) unterminated();
    }
    if (f[i] == '*') {
      ++i;
      int64_t wpos = -1;
      size_t s2 = i;
      if (read_number(i, &num)) {
        if (i < f.size() && f[i] == '$') {
          wpos = num;
          ++i;
        } else {
          i = s2;
        }
      }
      const Value& w = arg_at(wpos >= 0 ? wpos : static_cast<int64_t>(next_arg));
      if (wpos < 0) ++next_arg;
      else next_arg = static_cast<size_t>(wpos) + 1;
      if (!w.is_null()) {
        Value wi = cast_value(w, Type(T::kInt4), CastContext::kExplicit);
        width = wi.as_int();
        if (width < 0) {
          left_align = true;
          width = -width;
        }
      }
    } else if (read_number(i, &num)) {
      width = num;
    }
    if (i >= f.size()) unterminated();
    char type = f[i];
    if (type != 's' && type != 'I' && type != 'L') {
      format_error("unrecognized format() type specifier \"" + std::string(1, type) + "\"", true);
    }
    const Value& v = arg_at(arg_pos >= 0 ? arg_pos : static_cast<int64_t>(next_arg));
    next_arg = static_cast<size_t>(arg_pos >= 0 ? arg_pos : static_cast<int64_t>(next_arg)) + 1;
    std::string piece;
    if (type == 's') {
      if (!v.is_null()) piece = output_text(v);
    } else if (type == 'I') {
      if (v.is_null()) throw_error("22004", "null values cannot be formatted as an SQL identifier");
      piece = quote_identifier(output_text(v));
    } else {
      piece = v.is_null() ? "NULL" : quote_literal_text(output_text(v));
    }
    int64_t len = static_cast<int64_t>(utf8_length(piece));
    if (len < width) {
      std::string spaces(static_cast<size_t>(width - len), ' ');
      piece = left_align ? piece + spaces : spaces + piece;
    }
    out += piece;
  }
  return text(std::move(out));
}

// ---- regular expressions --------------------------------------------------------

// PostgreSQL's AREs translated to the C library's POSIX EREs:
//  - \d \s \w (and negations) become bracket classes;
//  - non-capturing "(?:" becomes a plain group; `groups` remembers which ERE
//    groups the ARE captured, so \1 and substring() still count only those;
//  - a '?' after a quantifier (non-greedy in AREs) is dropped: an ERE would
//    read it as "optional", which changes what matches (a+? is not a*).
struct TranslatedRegex {
  std::string ere;
  std::vector<size_t> groups;   // ARE capturing group n (from 1) -> ERE group groups[n-1]
};

// With `fold` the pattern's literal ASCII letters are lowered: case-insensitive
// matching runs on an ASCII-lowered subject, as PostgreSQL's C locale folds only
// ASCII (REG_ICASE under C.UTF-8 would also fold 'É').
TranslatedRegex to_posix_regex(std::string_view p, bool fold) {
  TranslatedRegex out;
  std::string& ere = out.ere;
  int bracket_depth = 0;
  size_t ere_groups = 0;
  bool after_quantifier = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    bool quantifier = false;
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[++i];
      const char* cls = nullptr;
      bool neg = false;
      switch (e) {
        case 'd': cls = "0-9"; break;
        case 'D': cls = "0-9"; neg = true; break;
        case 's': cls = " \t\n\v\f\r"; break;
        case 'S': cls = " \t\n\v\f\r"; neg = true; break;
        case 'w': cls = "a-zA-Z0-9_"; break;
        case 'W': cls = "a-zA-Z0-9_"; neg = true; break;
        default: break;
      }
      if (cls && bracket_depth > 0 && !neg) {
        ere += cls;
      } else if (cls) {
        ere += neg ? "[^" : "[";
        ere += cls;
        ere += "]";
      } else {
        ere += '\\';
        ere += e;
      }
      after_quantifier = false;
      continue;
    }
    if (bracket_depth == 0) {
      if (c == '[') {
        bracket_depth = 1;
        ere += c;
        if (i + 1 < p.size() && p[i + 1] == '^') ere += p[++i];
        if (i + 1 < p.size() && p[i + 1] == ']') ere += p[++i];
        after_quantifier = false;
        continue;
      }
      if (c == '(') {
        ++ere_groups;
        if (p.substr(i, 3) == "(?:") {
          i += 2;
        } else {
          out.groups.push_back(ere_groups);
        }
        ere += '(';
        after_quantifier = false;
        continue;
      }
      if (c == '?' && after_quantifier) {
        after_quantifier = false;
        continue;
      }
      quantifier = c == '*' || c == '+' || c == '?' || c == '}';
    } else if (c == '[' && i + 1 < p.size() && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
      // [:class:], [.coll.], [=equiv=] inside a bracket; classes become ASCII-only members.
      size_t close = p.find(std::string(1, p[i + 1]) + "]", i + 2);
      if (close != std::string_view::npos) {
        const char* ascii = p[i + 1] == ':' ? ascii_class_members(p.substr(i + 2, close - i - 2)) : nullptr;
        if (ascii) {
          ere += ascii;
        } else {
          ere.append(p.substr(i, close + 2 - i));
        }
        i = close + 1;
        continue;
      }
    } else if (c == ']') {
      bracket_depth = 0;
    }
    ere += fold && c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    after_quantifier = quantifier;
  }
  return out;
}

struct Regex {
  regex_t re;
  std::vector<size_t> groups;   // see TranslatedRegex
  ~Regex() { regfree(&re); }
};

std::unique_ptr<Regex> compile(std::string_view pattern, bool icase) {
  TranslatedRegex translated = to_posix_regex(pattern, icase);
  Utf8RegexScope utf8;   // multibyte-aware matching; regexec must run in a scope too
  regex_t re;
  int rc = regcomp(&re, translated.ere.c_str(), REG_EXTENDED);
  if (rc != 0) {
    std::string why;
    switch (rc) {
      case REG_EPAREN: why = "parentheses () not balanced"; break;
      case REG_EBRACK: why = "brackets [] not balanced"; break;
      case REG_EBRACE: why = "braces {} not balanced"; break;
      case REG_BADRPT: why = "quantifier operand invalid"; break;
      case REG_EESCAPE: why = "invalid escape \\ sequence"; break;
      case REG_ERANGE: why = "invalid character range"; break;
      case REG_ECTYPE: why = "invalid character class"; break;
      default: {
        char buf[256];
        regerror(rc, &re, buf, sizeof buf);
        why = buf;
      }
    }
    throw_error("2201B", "invalid regular expression: " + why);   // a failed regcomp needs no regfree
  }
  auto rx = std::make_unique<Regex>();
  rx->re = re;
  rx->groups = std::move(translated.groups);
  return rx;
}

Value regexp_replace_impl(const Value* a, std::string_view flags) {
  bool global = false, icase = false;
  for (char f : flags) {
    switch (f) {
      case 'g': global = true; break;
      case 'i': icase = true; break;
      case 'c': icase = false; break;
      default:
        throw_error(sqlstate::kInvalidParameterValue, "invalid regular expression option: \"" + std::string(1, f) + "\"");
    }
  }
  auto rx = compile(str(a[1]), icase);
  const std::string& src = str(a[0]);
  // Matching runs on an ASCII-lowered copy when icase (same byte offsets).
  std::string folded;
  if (icase) {
    folded = src;
    for (char& c : folded) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
  }
  const std::string& subject = icase ? folded : src;
  const std::string& rep = str(a[2]);
  std::string out;
  size_t pos = 0;
  std::vector<regmatch_t> m(rx->re.re_nsub + 1);
  while (pos <= src.size()) {
    int flags_exec = pos > 0 ? REG_NOTBOL : 0;
    int rc;
    {
      Utf8RegexScope utf8;
      rc = regexec(&rx->re, subject.c_str() + pos, m.size(), m.data(), flags_exec);
    }
    if (rc != 0) break;
    size_t ms = pos + static_cast<size_t>(m[0].rm_so), me = pos + static_cast<size_t>(m[0].rm_eo);
    out.append(src, pos, ms - pos);
    for (size_t i = 0; i < rep.size(); ++i) {
      char c = rep[i];
      if (c == '\\' && i + 1 < rep.size()) {
        char d = rep[i + 1];
        if (d >= '1' && d <= '9') {
          size_t n = static_cast<size_t>(d - '0');
          const regmatch_t g = n <= rx->groups.size() ? m[rx->groups[n - 1]] : regmatch_t{-1, -1};
          if (g.rm_so >= 0) out.append(src, pos + static_cast<size_t>(g.rm_so), static_cast<size_t>(g.rm_eo - g.rm_so));
          ++i;
          continue;
        }
        if (d == '&') {
          out.append(src, ms, me - ms);
          ++i;
          continue;
        }
        if (d == '\\') {
          out += '\\';
          ++i;
          continue;
        }
      }
      out += c;
    }
    if (me == ms) {
      // Empty match: copy one character and move past it.
      if (ms >= src.size()) {
        pos = src.size() + 1;
        break;
      }
      size_t step = utf8_char_bytes(static_cast<unsigned char>(src[ms]));
      out.append(src, ms, step);
      pos = ms + step;
    } else {
      pos = me;
    }
    if (!global) break;
  }
  if (pos < src.size()) out.append(src, pos, std::string::npos);
  return text(std::move(out));
}
Value regexp_replace3(FunctionContext&, const Value* a, size_t) { return regexp_replace_impl(a, ""); }
Value regexp_replace4(FunctionContext&, const Value* a, size_t) { return regexp_replace_impl(a, str(a[3])); }

// substring(text FROM pattern): the first capturing group if any, else the whole match.
Value regex_substring(const std::string& s, std::string_view pattern) {
  auto rx = compile(pattern, false);
  std::vector<regmatch_t> m(rx->re.re_nsub + 1);
  Utf8RegexScope utf8;
  if (regexec(&rx->re, s.c_str(), m.size(), m.data(), 0) != 0) return Value::null(T::kText);
  const regmatch_t& g = m[rx->groups.empty() ? 0 : rx->groups[0]];
  if (g.rm_so < 0) return Value::null(T::kText);
  return text(s.substr(static_cast<size_t>(g.rm_so), static_cast<size_t>(g.rm_eo - g.rm_so)));
}
Value substring_regex(FunctionContext&, const Value* a, size_t) { return regex_substring(str(a[0]), str(a[1])); }
// substring(s SIMILAR p ESCAPE e), also spelled substring(s FROM p FOR e):
// the part between the escape-double-quotes, via similar_to_escape().
Value substring_similar(FunctionContext&, const Value* a, size_t) {
  return regex_substring(str(a[0]), similar_to_escape_regex(str(a[1]), &str(a[2])));
}

}  // namespace

void register_string_functions(Registry& r) {
  for (const char* name : {"length", "char_length", "character_length"}) {
    r.add(name, {T::kText}, T::kInt4, length_text);
    r.add(name, {T::kBpchar}, T::kInt4, length_bpchar);
  }
  r.add("length", {T::kBytea}, T::kInt4, octet_length);
  r.add("octet_length", {T::kText}, T::kInt4, octet_length);
  r.add("octet_length", {T::kBpchar}, T::kInt4, octet_length);
  r.add("octet_length", {T::kBytea}, T::kInt4, octet_length);
  r.add("lower", {T::kText}, T::kText, lower);
  r.add("upper", {T::kText}, T::kText, upper);
  r.add("initcap", {T::kText}, T::kText, initcap);
  for (const char* name : {"substr", "substring"}) {
    r.add(name, {T::kText, T::kInt4}, T::kText, substr2);
    r.add(name, {T::kText, T::kInt4, T::kInt4}, T::kText, substr3);
    r.add(name, {T::kBytea, T::kInt4}, T::kBytea, bytea_substr2);
    r.add(name, {T::kBytea, T::kInt4, T::kInt4}, T::kBytea, bytea_substr3);
  }
  r.add("substring", {T::kText, T::kText}, T::kText, substring_regex);
  r.add("substring", {T::kText, T::kText, T::kText}, T::kText, substring_similar);
  r.add("overlay", {T::kText, T::kText, T::kInt4}, T::kText, overlay3);
  r.add("overlay", {T::kText, T::kText, T::kInt4, T::kInt4}, T::kText, overlay4);
  r.add("overlay", {T::kBytea, T::kBytea, T::kInt4}, T::kBytea, bytea_overlay3);
  r.add("overlay", {T::kBytea, T::kBytea, T::kInt4, T::kInt4}, T::kBytea, bytea_overlay4);
  r.add("position", {T::kText, T::kText}, T::kInt4, strpos);   // the grammar passes (haystack, needle)
  r.add("strpos", {T::kText, T::kText}, T::kInt4, strpos);
  r.add("replace", {T::kText, T::kText, T::kText}, T::kText, replace);
  r.add("btrim", {T::kText}, T::kText, trim1<kBoth>);
  r.add("btrim", {T::kText, T::kText}, T::kText, trim2<kBoth>);
  r.add("ltrim", {T::kText}, T::kText, trim1<kLeading>);
  r.add("ltrim", {T::kText, T::kText}, T::kText, trim2<kLeading>);
  r.add("rtrim", {T::kText}, T::kText, trim1<kTrailing>);
  r.add("rtrim", {T::kText, T::kText}, T::kText, trim2<kTrailing>);
  r.add("lpad", {T::kText, T::kInt4}, T::kText, lpad2);
  r.add("lpad", {T::kText, T::kInt4, T::kText}, T::kText, lpad3);
  r.add("rpad", {T::kText, T::kInt4}, T::kText, rpad2);
  r.add("rpad", {T::kText, T::kInt4, T::kText}, T::kText, rpad3);
  r.add("left", {T::kText, T::kInt4}, T::kText, left);
  r.add("right", {T::kText, T::kInt4}, T::kText, right);
  r.add("repeat", {T::kText, T::kInt4}, T::kText, repeat);
  r.add("reverse", {T::kText}, T::kText, reverse);
  r.add("split_part", {T::kText, T::kText, T::kInt4}, T::kText, split_part);
  r.add("translate", {T::kText, T::kText, T::kText}, T::kText, translate);
  r.add("starts_with", {T::kText, T::kText}, T::kBool, starts_with);
  r.add("ascii", {T::kText}, T::kInt4, ascii);
  r.add("chr", {T::kInt4}, T::kText, chr);
  r.add("to_hex", {T::kInt4}, T::kText, to_hex32);
  r.add("to_hex", {T::kInt8}, T::kText, to_hex64);
  r.add("quote_ident", {T::kText}, T::kText, quote_ident);
  r.add("quote_literal", {T::kText}, T::kText, quote_literal);
  r.add("quote_literal", {kAnyElement}, T::kText, quote_literal_any, Volatility::kStable);
  r.add("quote_nullable", {T::kText}, T::kText, quote_nullable, Volatility::kImmutable, false);
  r.add("quote_nullable", {kAnyElement}, T::kText, quote_nullable_any, Volatility::kStable, false);
  r.add("regexp_replace", {T::kText, T::kText, T::kText}, T::kText, regexp_replace3);
  r.add("regexp_replace", {T::kText, T::kText, T::kText, T::kText}, T::kText, regexp_replace4);
  r.add_variadic("concat", {kAnyParam}, T::kText, concat);
  r.add_variadic("concat_ws", {T::kText, kAnyParam}, T::kText, concat_ws);
  r.add("format", {T::kText}, T::kText, format, Volatility::kStable, false);
  r.add_variadic("format", {T::kText, kAnyParam}, T::kText, format);
}

}  // namespace upsertdb::fn
