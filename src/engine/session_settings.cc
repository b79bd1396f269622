#include "engine/session_settings.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "common/error.h"
#include "engine/setting_units.h"

namespace upsertdb {

namespace {

// Versions come from one process-wide counter, so a settings object restored
// from a copy (ROLLBACK undoing SET) never shares a version with another state.
uint64_t fresh_version() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct Default {
  const char* name;
  const char* value;
};

// What a fresh PostgreSQL 15 session (initdb --no-locale, UTC) reports.
constexpr Default kDefaults[] = {
    {"application_name", ""},
    {"client_encoding", "UTF8"},
    {"client_min_messages", "notice"},
    {"DateStyle", "ISO, MDY"},
    {"default_transaction_isolation", "read committed"},
    {"default_transaction_read_only", "off"},
    {"extra_float_digits", "1"},
    {"idle_in_transaction_session_timeout", "0"},
    {"integer_datetimes", "on"},
    {"IntervalStyle", "postgres"},
    {"is_superuser", "on"},
    {"lc_collate", "C"},
    {"lc_ctype", "C"},
    {"lc_messages", "C"},
    {"lc_monetary", "C"},
    {"lc_numeric", "C"},
    {"lc_time", "C"},
    {"lock_timeout", "0"},
    // Accepted and shown; UpsertDB finds a deadlock the moment a wait closes a
    // cycle, so it never needs to wait this long first (docs/semantics.md).
    {"deadlock_timeout", "1s"},
    {"max_identifier_length", "63"},
    {"search_path", "\"$user\", public"},
    {"server_encoding", "UTF8"},
    {"server_version", "15.18"},
    {"server_version_num", "150018"},
    {"session_authorization", "postgres"},
    {"standard_conforming_strings", "on"},
    {"statement_timeout", "0"},
    {"synchronous_commit", "on"},
    {"TimeZone", "UTC"},
    {"transaction_read_only", "off"},
    {"bytea_output", "hex"},
    {"row_security", "on"},
    {"jit", "off"},
    {"work_mem", "4MB"},
    {"enable_seqscan", "on"},
    {"enable_indexscan", "on"},
    {"default_text_search_config", "pg_catalog.simple"},
    {"upsertdb.duplicate_input", "error"},
    {"password_encryption", "scram-sha-256"},   // how CREATE/ALTER ROLE ... PASSWORD hashes
};

bool read_only_setting(const std::string& n) {
  return n == "server_version" || n == "server_version_num" || n == "server_encoding" || n == "lc_collate" ||
         n == "lc_ctype" || n == "integer_datetimes" || n == "max_identifier_length" || n == "is_superuser";
}

bool is_timeout_setting(const std::string& n) {
  return n == "statement_timeout" || n == "lock_timeout" || n == "idle_in_transaction_session_timeout" ||
         n == "deadlock_timeout";
}

// A timeout (integer milliseconds, 0 = none) as PostgreSQL checks and shows
// it: '90000' and '90 s' both become "90s", '7200000' becomes "2h".
std::string normalize_timeout(const std::string& name, const std::string& value) {
  auto invalid = [&] {
    return DbError(sqlstate::kInvalidParameterValue,
                   "invalid value for parameter \"" + name + "\": \"" + value + "\"");
  };
  std::optional<double> ms = parse_setting_quantity(value, kTimeUnitsMs, "ms");
  if (!ms) {
    char* end = nullptr;
    double v = std::strtod(value.c_str(), &end);
    if (end == value.c_str()) throw invalid();
    if (v < 0) {
      // A negative quantity is out of range, reported in ms ("-5s": "-5000 ms is outside ...").
      if (std::optional<double> magnitude = parse_setting_quantity(std::string_view(value).substr(1), kTimeUnitsMs, "ms"))
        throw DbError(sqlstate::kInvalidParameterValue,
                      "-" + std::to_string(static_cast<int64_t>(std::nearbyint(*magnitude))) +
                          " ms is outside the valid range for parameter \"" + name + "\" (0 .. 2147483647)");
    }
    // A number with a unit we do not know.
    throw invalid().hint("Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");
  }
  double rounded = std::nearbyint(*ms);
  if (rounded > 2147483647.0) throw invalid().hint("Value exceeds integer range.");
  auto n = static_cast<int64_t>(rounded);
  if (n == 0) return "0";
  static const std::pair<const char*, int64_t> kLargestFirst[] = {
      {"d", 86400000}, {"h", 3600000}, {"min", 60000}, {"s", 1000}, {"ms", 1}};
  for (const auto& [unit, factor] : kLargestFirst)
    if (n % factor == 0) return std::to_string(n / factor) + unit;
  return std::to_string(n) + "ms";
}

}  // namespace

SessionSettings::SessionSettings() {
  for (const Default& d : kDefaults) entries_[lower(d.name)] = Entry{d.name, d.value, d.value};
}

void SessionSettings::define_server_setting(const std::string& name, const std::string& value) {
  version_ = fresh_version();
  entries_[lower(name)] = Entry{name, value, value};
  server_level_.insert(lower(name));
}

const SessionSettings::Entry* SessionSettings::find(const std::string& name) const {
  // The engine asks by the lower-case name on every statement: no copy for that.
  auto it = entries_.find(name);
  if (it == entries_.end()) it = entries_.find(lower(name));
  return it == entries_.end() ? nullptr : &it->second;
}

std::string SessionSettings::get(const std::string& name) const {
  if (const Entry* e = find(name)) return e->value;
  throw DbError(sqlstate::kUndefinedObject, "unrecognized configuration parameter \"" + name + "\"");
}

void SessionSettings::set(const std::string& name_in, const std::string& value) {
  version_ = fresh_version();
  std::string name = lower(name_in);
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    if (name.find('.') == std::string::npos)
      throw DbError(sqlstate::kUndefinedObject, "unrecognized configuration parameter \"" + name + "\"");
    entries_[name] = Entry{name, value, ""};
    return;
  }
  if (read_only_setting(name))
    throw DbError(sqlstate::kCantChangeRuntimeParam, "parameter \"" + name + "\" cannot be changed");
  if (server_level_.count(name))
    throw DbError(sqlstate::kCantChangeRuntimeParam, "parameter \"" + name + "\" cannot be changed now");
  std::string v = value;
  if (is_timeout_setting(name)) {
    v = normalize_timeout(name, value);
  } else if (name == "password_encryption") {
    std::string l = lower(v);
    if (l != "md5" && l != "scram-sha-256")
      throw DbError(sqlstate::kInvalidParameterValue, "invalid value for parameter \"password_encryption\": \"" + value + "\"")
          .hint("Available values: md5, scram-sha-256.");
    v = l;
  } else if (name == "timezone") {
    std::string l = lower(v);
    if (l == "utc" || l == "etc/utc" || l == "gmt" || l == "z" || l == "zulu" || l == "0" || l == "+00" ||
        l == "universal")
      v = l == "gmt" ? "GMT" : "UTC";
    else
      throw DbError(sqlstate::kFeatureNotSupported, "TimeZone \"" + value + "\" is not supported: UpsertDB runs in UTC");
  } else if (name == "datestyle") {
    std::string l = lower(v);
    if (l.find("iso") == std::string::npos && l != "mdy" && l != "ymd")
      throw DbError(sqlstate::kFeatureNotSupported, "DateStyle \"" + value + "\" is not supported: only ISO output is");
    v = "ISO, MDY";
  } else if (name == "client_encoding") {
    std::string l = lower(v);
    if (l != "utf8" && l != "utf-8" && l != "unicode")
      throw DbError(sqlstate::kFeatureNotSupported, "client_encoding \"" + value + "\" is not supported: only UTF8 is");
    v = "UTF8";
  } else if (name == "synchronous_commit") {
    std::string l = lower(v);
    if (l == "on" || l == "true" || l == "yes" || l == "1") {
      v = "on";
    } else if (l == "off" || l == "false" || l == "no" || l == "0") {
      v = "off";
    } else if (l == "local" || l == "remote_write" || l == "remote_apply") {
      v = l;   // no replicas: each waits for the local flush, as "on" does
    } else {
      throw DbError(sqlstate::kInvalidParameterValue, "invalid value for parameter \"synchronous_commit\": \"" + value + "\"")
          .hint("Available values: local, remote_write, remote_apply, on, off.");
    }
  } else if (name == "default_transaction_isolation") {
    std::string l = lower(v);
    if (l != "read committed" && l != "repeatable read" && l != "serializable" && l != "read uncommitted")
      throw DbError(sqlstate::kInvalidParameterValue,
                    "invalid value for parameter \"default_transaction_isolation\": \"" + value + "\"")
          .hint("Available values: serializable, repeatable read, read committed, read uncommitted.");
    v = l;
  } else if (name == "client_min_messages") {
    static const char* kLevels[] = {"debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error"};
    std::string l = lower(v);
    bool ok = false;
    for (const char* k : kLevels) ok |= l == k;
    if (l == "debug") { l = "debug2"; ok = true; }
    if (!ok)
      throw DbError(sqlstate::kInvalidParameterValue, "invalid value for parameter \"client_min_messages\": \"" + value + "\"")
          .hint("Available values: debug5, debug4, debug3, debug2, debug1, log, notice, warning, error.");
    v = l;
  } else if (name == "upsertdb.duplicate_input") {
    std::string l = lower(v);
    if (l != "error" && l != "last_wins")
      throw DbError(sqlstate::kInvalidParameterValue,
                    "invalid value for parameter \"upsertdb.duplicate_input\": \"" + value + "\"")
          .hint("Available values: error, last_wins.");
    v = l;
  } else if (name == "standard_conforming_strings") {
    std::string l = lower(v);
    if (l != "on" && l != "true" && l != "1")
      throw DbError(sqlstate::kFeatureNotSupported, "standard_conforming_strings can only be on");
    v = "on";
  }
  it->second.value = v;
}

void SessionSettings::reset(const std::string& name) {
  version_ = fresh_version();
  auto it = entries_.find(lower(name));
  if (it == entries_.end()) {
    if (name.find('.') != std::string::npos) return;
    throw DbError(sqlstate::kUndefinedObject, "unrecognized configuration parameter \"" + name + "\"");
  }
  if (server_level_.count(lower(name)))
    throw DbError(sqlstate::kCantChangeRuntimeParam, "parameter \"" + lower(name) + "\" cannot be changed now");
  it->second.value = it->second.boot_value;
}

void SessionSettings::apply(const ast::SetStmt& s) {
  version_ = fresh_version();
  using K = ast::SetStmt::Kind;
  switch (s.set_kind) {
    case K::kValue: {
      std::string v;
      bool list_quote = lower(s.name) == "search_path";
      for (size_t i = 0; i < s.values.size(); ++i) {
        std::string item = s.values[i];
        if (list_quote) {
          bool plain = !item.empty() && !(item[0] >= '0' && item[0] <= '9');
          for (char ch : item) plain &= (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
          if (!plain) {
            std::string q = "\"";
            for (char ch : item) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            item = q + "\"";
          }
        }
        v += (i ? ", " : "") + item;
      }
      set(s.name, v);
      return;
    }
    case K::kDefault:
    case K::kReset:
      reset(s.name);
      return;
    case K::kResetAll:
      for (auto& [n, e] : entries_)
        if (!read_only_setting(n)) e.value = e.boot_value;
      return;
    case K::kCurrent:
      throw_not_supported("SET ... FROM CURRENT is not supported");
    case K::kMulti:
      return;
  }
}

QueryResult SessionSettings::show_result(const std::string& name) const {
  QueryResult r;
  if (lower(name) == "all") {
    r.columns = {ColumnDesc{"name", Type(TypeId::kText)}, ColumnDesc{"setting", Type(TypeId::kText)},
                 ColumnDesc{"description", Type(TypeId::kText)}};
    for (const auto& [n, e] : entries_) r.rows.push_back({Value::text(e.display_name), Value::text(e.value), Value::text("")});
    return r;
  }
  const Entry* e = find(name);
  if (!e) throw DbError(sqlstate::kUndefinedObject, "unrecognized configuration parameter \"" + name + "\"");
  r.columns.push_back(ColumnDesc{e->display_name, Type(TypeId::kText)});
  r.rows.push_back({Value::text(e->value)});
  return r;
}

}  // namespace upsertdb
