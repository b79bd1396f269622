// Helpers for the types layer's unit tests.
#pragma once

#include <functional>
#include <string>

#include "common/error.h"
#include "types/value.h"

namespace upsertdb::testing {

// "SQLSTATE message" of the DbError `f` throws, or "no error".
inline std::string error_of(const std::function<void()>& f, std::string* detail = nullptr,
                            std::string* hint = nullptr) {
  try {
    f();
  } catch (const DbError& e) {
    if (detail) *detail = e.fields().detail;
    if (hint) *hint = e.fields().hint;
    return e.sqlstate() + " " + e.fields().message;
  }
  return "no error";
}

// Round trip through PostgreSQL's input and output functions.
inline std::string io(const std::string& text, Type t) { return value_to_text(value_from_text(text, t)); }

}  // namespace upsertdb::testing
