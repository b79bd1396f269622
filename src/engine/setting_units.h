// Quantities in PostgreSQL's setting syntax: a number with an optional unit
// ('5s', '250ms', '1min', '64MB'), the number alone meaning the setting's base
// unit. One parser for the server's -c options and the session's timeouts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace upsertdb {

using SettingUnits = std::vector<std::pair<std::string, double>>;   // unit name -> multiplier

extern const SettingUnits kTimeUnitsMs;       // us ms s min h d, to milliseconds
extern const SettingUnits kMemoryUnitsBytes;  // B kB MB GB TB, to bytes

// The value in the units' result unit; nullopt when the text is not a
// non-negative number followed by one of `units` (or nothing: `base_unit`).
std::optional<double> parse_setting_quantity(std::string_view text, const SettingUnits& units,
                                             std::string_view base_unit);

// A timeout setting (statement_timeout, lock_timeout, ...; base unit ms) in
// microseconds, 0 meaning none; nullopt when invalid.
std::optional<int64_t> parse_timeout_micros(std::string_view text);

}  // namespace upsertdb
