// Helpers shared by the tests that drive several sessions of one engine.
#pragma once

#include <string>

#include "common/error.h"
#include "engine/session.h"

namespace upsertdb::test {

// What a statement came to: its command tag, or "SQLSTATE message" (or
// "SQLSTATE detail" with `want_detail`) when it failed.
inline std::string outcome(Session& s, const std::string& sql, bool want_detail = false) {
  try {
    auto r = s.execute(sql);
    return r.empty() ? "" : r.back().command_tag;
  } catch (const DbError& e) {
    return e.sqlstate() + " " + (want_detail ? e.fields().detail : e.fields().message);
  }
}

}  // namespace upsertdb::test
