#include "engine/setting_units.h"

#include <cstdlib>

namespace upsertdb {

const SettingUnits kTimeUnitsMs = {{"us", 0.001}, {"ms", 1},        {"s", 1000},
                                   {"min", 60000}, {"h", 3600000}, {"d", 86400000}};
const SettingUnits kMemoryUnitsBytes = {
    {"B", 1}, {"kB", 1024}, {"MB", 1048576}, {"GB", 1073741824.0}, {"TB", 1099511627776.0}};

std::optional<double> parse_setting_quantity(std::string_view text, const SettingUnits& units,
                                             std::string_view base_unit) {
  std::string s(text);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end == s.c_str() || !(v >= 0)) return std::nullopt;
  std::string unit(end);
  while (!unit.empty() && unit[0] == ' ') unit.erase(0, 1);
  if (unit.empty()) unit = base_unit;
  for (const auto& [name, factor] : units)
    if (name == unit) return v * factor;
  return std::nullopt;
}

std::optional<int64_t> parse_timeout_micros(std::string_view text) {
  std::optional<double> ms = parse_setting_quantity(text, kTimeUnitsMs, "ms");
  // PostgreSQL's limit for these integer-millisecond settings is INT_MAX ms.
  if (!ms || *ms > 2147483647.0) return std::nullopt;
  return static_cast<int64_t>(*ms * 1000);
}

}  // namespace upsertdb
