// Hooks the types layer needs from higher layers (set once at engine start).
// regclass text I/O needs the catalog: its input turns a relation name into an
// OID and its output turns an OID back into a name. Without hooks, regclass
// accepts and prints plain numbers only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace upsertdb {

struct RegclassHooks {
  // Name (possibly schema-qualified, possibly quoted) -> OID; nullopt when the
  // relation does not exist (the types layer then raises 42P01).
  std::optional<uint32_t> (*lookup)(std::string_view name) = nullptr;
  // OID -> display name (quoted/qualified as PostgreSQL would); nullopt prints the number.
  std::optional<std::string> (*name_of)(uint32_t oid) = nullptr;
};

void set_regclass_hooks(RegclassHooks hooks);
// A regclass value for `oid`, carrying its name when the hooks know it.
class Value;
Value regclass_value(uint32_t oid);
const RegclassHooks& regclass_hooks();

}  // namespace upsertdb
