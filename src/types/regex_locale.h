// Support for running the C library's POSIX regex engine the way PostgreSQL's
// regex engine behaves in a UTF8 database with C collation/ctype:
//  - Utf8RegexScope switches the calling thread to the C.UTF-8 locale while it
//    lives, so '.', [^...] and ranges step over whole UTF-8 characters (in the
//    plain C locale glibc would see bytes). Compile and execute inside a scope.
//  - ascii_class_members() spells a POSIX character class with ASCII members
//    only, as PostgreSQL's C locale classifies: in C.UTF-8, [[:alpha:]] would
//    also accept 'é'. Class names it does not know come back as nullptr.
#pragma once

#include <locale.h>

#include <string_view>

namespace upsertdb {

class Utf8RegexScope {
 public:
  Utf8RegexScope();
  ~Utf8RegexScope();
  Utf8RegexScope(const Utf8RegexScope&) = delete;
  Utf8RegexScope& operator=(const Utf8RegexScope&) = delete;

 private:
  locale_t previous_ = nullptr;   // null: C.UTF-8 unavailable, nothing switched
};

// Members for use inside a bracket expression, e.g. "digit" -> "0-9".
const char* ascii_class_members(std::string_view name);

}  // namespace upsertdb
