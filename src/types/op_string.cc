// String operators: || (text with anything non-array), LIKE/ILIKE and POSIX
// regular expressions (the C library's regcomp with REG_EXTENDED).
#include <regex.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/error.h"
#include "types/op_impl.h"
#include "types/regex_locale.h"
#include "types/text_format.h"

namespace upsertdb {

namespace {

size_t char_len(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  return std::min(n, s.size() - i);
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// PostgreSQL's C locale folds case for ASCII letters only.
std::string fold_case(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = ascii_lower(c);
  return r;
}

// Backtracking matcher: `%` tries every split, the rest match one character.
bool like_rec(std::string_view t, size_t ti, std::string_view p, size_t pi, std::string_view esc) {
  while (pi < p.size()) {
    if (!esc.empty() && p.compare(pi, esc.size(), esc) == 0) {
      pi += esc.size();
      if (pi >= p.size()) {
        throw_error("22025", "LIKE pattern must not end with escape character");
      }
      size_t n = char_len(p, pi);
      if (ti + n > t.size() || t.compare(ti, n, p.substr(pi, n)) != 0) return false;
      ti += n;
      pi += n;
      continue;
    }
    char c = p[pi];
    if (c == '%') {
      while (pi < p.size() && p[pi] == '%') ++pi;
      if (pi == p.size()) return true;
      for (size_t k = ti; k <= t.size(); k += (k < t.size() ? char_len(t, k) : 1)) {
        if (like_rec(t, k, p, pi, esc)) return true;
      }
      return false;
    }
    if (ti >= t.size()) return false;
    if (c == '_') {
      ti += char_len(t, ti);
      ++pi;
      continue;
    }
    size_t n = char_len(p, pi);
    if (t.compare(ti, n, p.substr(pi, n)) != 0) return false;
    ti += n;
    pi += n;
  }
  return ti == t.size();
}

// PostgreSQL's AREs know \d \s \w and their negations, "(?:" groups and
// non-greedy quantifiers; POSIX ERE does not. A '?' after a quantifier only
// changes which substring matches, never whether one does, so it is dropped
// (an ERE would read it as "optional": a+? would become a*).
// Case-insensitive matching lowers the pattern's literal ASCII letters here and
// the subject before matching (REG_ICASE would also fold 'É' under C.UTF-8).
std::string translate_regex(std::string_view p, bool fold) {
  std::string out;
  bool in_bracket = false;
  bool after_quantifier = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    bool was_after_quantifier = after_quantifier;
    after_quantifier = false;
    if (!in_bracket && c == '?' && was_after_quantifier) continue;
    if (!in_bracket && (c == '*' || c == '+' || c == '?' || c == '}')) after_quantifier = true;
    if (c == '\\' && i + 1 < p.size()) {
      char n = p[i + 1];
      const char* cls = nullptr;
      bool negated = false;
      switch (n) {
        case 'd': cls = "0-9"; break;
        case 'D': cls = "0-9"; negated = true; break;
        case 's': cls = " \t\n\v\f\r"; break;
        case 'S': cls = " \t\n\v\f\r"; negated = true; break;
        case 'w': cls = "a-zA-Z0-9_"; break;
        case 'W': cls = "a-zA-Z0-9_"; negated = true; break;
        default: break;
      }
      if (cls) {
        if (in_bracket && !negated) {
          out += cls;
        } else {
          out += negated ? "[^" : "[";
          out += cls;
          out += "]";
        }
        ++i;
        continue;
      }
      if (n == 'y') {   // \y word boundary -> GNU \b
        out += "\\b";
        ++i;
        continue;
      }
      out.push_back(c);
      out.push_back(n);
      ++i;
      continue;
    }
    // ARE non-capturing groups "(?:" (similar_to_escape emits them): the C
    // library's ERE has only capturing groups, which match the same strings.
    if (c == '(' && !in_bracket && p.substr(i, 3) == "(?:") {
      out.push_back('(');
      i += 2;
      continue;
    }
    if (c == '[' && !in_bracket) {
      in_bracket = true;
      out.push_back(c);
      if (i + 1 < p.size() && p[i + 1] == '^') out.push_back(p[++i]);
      if (i + 1 < p.size() && p[i + 1] == ']') out.push_back(p[++i]);
      continue;
    }
    if (c == '[' && in_bracket && i + 1 < p.size() && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
      size_t close = p.find(std::string(1, p[i + 1]) + "]", i + 2);
      if (close != std::string_view::npos) {
        const char* ascii = p[i + 1] == ':' ? ascii_class_members(p.substr(i + 2, close - i - 2)) : nullptr;
        if (ascii) {
          out += ascii;   // C-locale classes are ASCII-only (see regex_locale.h)
        } else {
          out.append(p.substr(i, close + 2 - i));
        }
        i = close + 1;
        continue;
      }
    }
    if (c == ']' && in_bracket) in_bracket = false;
    out.push_back(fold ? ascii_lower(c) : c);
  }
  return out;
}

struct CompiledRegex {
  regex_t re;
  ~CompiledRegex() { regfree(&re); }
};

std::shared_ptr<CompiledRegex> compile_regex(std::string_view pattern, bool icase) {
  thread_local std::unordered_map<std::string, std::shared_ptr<CompiledRegex>> cache;
  std::string key = (icase ? "i:" : "c:") + std::string(pattern);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  std::string translated = translate_regex(pattern, icase);
  Utf8RegexScope utf8;
  regex_t re;
  int rc = regcomp(&re, translated.c_str(), REG_EXTENDED | REG_NOSUB);
  if (rc != 0) {
    char buf[256];
    regerror(rc, &re, buf, sizeof buf);
    std::string msg = buf;
    if (rc == REG_EPAREN) msg = "parentheses () not balanced";
    else if (rc == REG_EBRACK) msg = "brackets [] not balanced";
    else if (rc == REG_EBRACE) msg = "braces {} not balanced";
    else if (rc == REG_BADRPT) msg = "quantifier operand invalid";
    else if (rc == REG_EESCAPE) msg = "invalid escape \\ sequence";
    else if (rc == REG_ERANGE) msg = "invalid character range";
    else if (rc == REG_ECTYPE) msg = "invalid character class";
    else if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
    throw_error("2201B", "invalid regular expression: " + msg);
  }
  auto rx = std::make_shared<CompiledRegex>();
  rx->re = re;
  if (cache.size() > 256) cache.clear();
  cache.emplace(std::move(key), rx);
  return rx;
}

std::string text_of(const Value& v) {
  switch (v.type()) {
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kName:
    case TypeId::kUnknown: return v.as_str();
    case TypeId::kBpchar: return std::string(rtrim_spaces(v.as_str()));
    // anytextcat/textanycat are `$1::text || $2`: bool's text cast spells the word.
    case TypeId::kBool: return v.as_bool() ? "true" : "false";
    default: return value_to_text(v);
  }
}

}  // namespace

bool like_match(std::string_view text, std::string_view pattern, bool case_insensitive, std::string_view escape) {
  if (case_insensitive) {
    std::string t = fold_case(text), p = fold_case(pattern);
    return like_rec(t, 0, p, 0, escape);
  }
  return like_rec(text, 0, pattern, 0, escape);
}

bool regex_match(std::string_view text, std::string_view pattern, bool case_insensitive) {
  auto rx = compile_regex(pattern, case_insensitive);
  std::string t = case_insensitive ? fold_case(text) : std::string(text);
  Utf8RegexScope utf8;
  return regexec(&rx->re, t.c_str(), 0, nullptr, 0) == 0;
}

namespace ops {

Value text_concat(const Value& a, const Value& b) { return Value::text(text_of(a) + text_of(b)); }
Value bytea_concat(const Value& a, const Value& b) { return Value::bytea(a.as_str() + b.as_str()); }

// LIKE and regex operators see char(n) values with their padding, as PostgreSQL's bpchar variants do.
Value text_like(const Value& a, const Value& b) { return Value::boolean(like_match(a.as_str(), b.as_str(), false)); }
Value text_not_like(const Value& a, const Value& b) { return Value::boolean(!like_match(a.as_str(), b.as_str(), false)); }
Value text_ilike(const Value& a, const Value& b) { return Value::boolean(like_match(a.as_str(), b.as_str(), true)); }
Value text_not_ilike(const Value& a, const Value& b) { return Value::boolean(!like_match(a.as_str(), b.as_str(), true)); }
Value regex_match(const Value& a, const Value& b) { return Value::boolean(upsertdb::regex_match(a.as_str(), b.as_str(), false)); }
Value regex_not_match(const Value& a, const Value& b) { return Value::boolean(!upsertdb::regex_match(a.as_str(), b.as_str(), false)); }
Value regex_imatch(const Value& a, const Value& b) { return Value::boolean(upsertdb::regex_match(a.as_str(), b.as_str(), true)); }
Value regex_not_imatch(const Value& a, const Value& b) { return Value::boolean(!upsertdb::regex_match(a.as_str(), b.as_str(), true)); }

}  // namespace ops
}  // namespace upsertdb
