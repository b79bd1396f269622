// Session settings: PostgreSQL's run-time parameters that clients read and
// set (TimeZone, DateStyle, application_name, ...). Names are case-insensitive;
// unknown names raise 42704 except custom `prefix.name` ones, as in PostgreSQL.
// Settings the engine cannot honour (a TimeZone other than UTC, a DateStyle
// other than ISO) are refused with 0A000 rather than silently ignored.
#pragma once

#include <map>
#include <set>
#include <string>

#include "engine/query_result.h"
#include "sql/ast.h"

namespace upsertdb {

class SessionSettings {
 public:
  SessionSettings();
  // Current value as stored (get) or as SHOW prints it (show); 42704 when unknown.
  std::string get(const std::string& name) const;
  std::string show(const std::string& name) const { return get(name); }
  void set(const std::string& name, const std::string& value);
  // Defines a setting fixed for the server's lifetime (fsync, checkpoint_timeout…):
  // SHOW reports it, SET refuses it with PostgreSQL's 55P02.
  void define_server_setting(const std::string& name, const std::string& value);
  void reset(const std::string& name);
  void apply(const ast::SetStmt& s);
  // SHOW name / SHOW ALL as a result set.
  QueryResult show_result(const std::string& name) const;
  // Changes with every SET/RESET/definition, so callers can cache values derived
  // from settings: two states share a version only when one is a copy of the other.
  uint64_t version() const { return version_; }

 private:
  struct Entry {
    std::string display_name;
    std::string value;
    std::string boot_value;
  };
  const Entry* find(const std::string& name) const;
  std::map<std::string, Entry> entries_;   // by lower-case name
  std::set<std::string> server_level_;
  uint64_t version_ = 0;
};

}  // namespace upsertdb
