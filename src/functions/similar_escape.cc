// similar_to_escape(pattern [, escape]): turns an SQL SIMILAR TO pattern into
// the anchored regular expression PostgreSQL 15 matches it with (the grammar
// rewrites `a SIMILAR TO p ESCAPE e` into `a ~ similar_to_escape(p, e)`).
//   %  -> .*      _ -> .      ( -> (?:     \ . ^ $ -> escaped
//   escape + "  splits the pattern into three parts: ^(?:p1){1,1}?(p2){1,1}(?:p3)$
//   escape + c  -> \c (any character may be escaped)
// Bracket expressions are copied through (only a backslash inside is doubled).
#include <string>
#include <string_view>

#include "functions/fn_util.h"

namespace upsertdb::fn {

namespace {

using T = TypeId;

// `escape` is null when the pattern has no escape character at all.
std::string similar_to_regex(std::string_view pattern, const std::string_view* escape) {
  std::string out = "^(?:";
  bool after_escape = false;
  bool in_class = false;
  size_t class_pos = 0;   // characters seen since '[' (a leading '^' not counted)
  bool class_negated = false;
  int separators = 0;
  for (std::string_view ch : utf8_chars(pattern)) {
    if (after_escape) {
      if (ch == "\"" && !in_class) {
        if (separators == 0) {
          out += "){1,1}?(";
        } else if (separators == 1) {
          out += "){1,1}(?:";
        } else {
          throw_error("2200C", "SQL regular expression may not contain more than two escape-double-quote separators");
        }
        ++separators;
      } else {
        out += '\\';
        out.append(ch);
        if (in_class) ++class_pos;
      }
      after_escape = false;
    } else if (escape != nullptr && ch == *escape) {
      after_escape = true;
    } else if (in_class) {
      if (ch == "\\") out += '\\';
      out.append(ch);
      if (ch == "]" && class_pos > 0) {
        in_class = false;
      } else if (ch == "^" && class_pos == 0 && !class_negated) {
        class_negated = true;   // "[^]" keeps its ']' literal, like "[]"
      } else {
        ++class_pos;
      }
    } else if (ch == "[") {
      out += '[';
      in_class = true;
      class_pos = 0;
      class_negated = false;
    } else if (ch == "%") {
      out += ".*";
    } else if (ch == "_") {
      out += '.';
    } else if (ch == "(") {
      out += "(?:";
    } else if (ch == "\\" || ch == "." || ch == "^" || ch == "$") {
      out += '\\';
      out.append(ch);
    } else {
      out.append(ch);
    }
  }
  out += ")$";
  return out;
}

Value similar_to_escape1(FunctionContext&, const Value* a, size_t) {
  return text(similar_to_escape_regex(str(a[0]), nullptr));
}
Value similar_to_escape2(FunctionContext&, const Value* a, size_t) {
  return text(similar_to_escape_regex(str(a[0]), &str(a[1])));
}

}  // namespace

std::string similar_to_escape_regex(std::string_view pattern, const std::string* escape) {
  if (escape == nullptr) {
    std::string_view backslash = "\\";
    return similar_to_regex(pattern, &backslash);
  }
  if (escape->empty()) return similar_to_regex(pattern, nullptr);
  if (utf8_chars(*escape).size() > 1) {
    DbError e("22025", "invalid escape string");
    e.hint("Escape string must be empty or one character.");
    throw e;
  }
  std::string_view esc = *escape;
  return similar_to_regex(pattern, &esc);
}

void register_similar_functions(Registry& r) {
  r.add("similar_to_escape", {T::kText}, T::kText, similar_to_escape1);
  r.add("similar_to_escape", {T::kText, T::kText}, T::kText, similar_to_escape2);
}

}  // namespace upsertdb::fn
