// See regex_locale.h.
#include "types/regex_locale.h"

namespace upsertdb {

namespace {

// Created once and never freed: locale objects are shared read-only.
locale_t utf8_locale() {
  static const locale_t kLocale = newlocale(LC_ALL_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return kLocale;
}

}  // namespace

Utf8RegexScope::Utf8RegexScope() {
  if (locale_t u = utf8_locale()) previous_ = uselocale(u);
}

Utf8RegexScope::~Utf8RegexScope() {
  if (previous_) uselocale(previous_);
}

const char* ascii_class_members(std::string_view name) {
  struct Entry {
    std::string_view name;
    const char* members;
  };
  // Ranges are in ASCII order; "[-`" covers [ \ ] ^ _ ` (a backslash is literal in brackets).
  static constexpr Entry kClasses[] = {
      {"alpha", "a-zA-Z"},
      {"digit", "0-9"},
      {"alnum", "a-zA-Z0-9"},
      {"upper", "A-Z"},
      {"lower", "a-z"},
      {"space", " \t\n\v\f\r"},
      {"blank", " \t"},
      {"xdigit", "0-9a-fA-F"},
      {"punct", "!-/:-@[-`{-~"},
      {"cntrl", "\x01-\x1f\x7f"},
      {"print", " -~"},
      {"graph", "!-~"},
  };
  for (const Entry& e : kClasses) {
    if (e.name == name) return e.members;
  }
  return nullptr;
}

}  // namespace upsertdb
