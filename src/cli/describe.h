// psql's describe meta-commands over the catalog: \d, \dt, \di, \ds (relation
// lists) and \d NAME (one table, index or sequence), printed as psql 15 prints
// them. Reads the catalog under the engine latch.
#pragma once

#include <string>
#include <string_view>

namespace upsertdb {
class Engine;
}

namespace upsertdb::cli {

struct MetaOutput {
  std::string out;   // for stdout
  std::string err;   // for stderr (e.g. `Did not find any relation named "x".`)
};

// `kinds`: any of 't' tables, 'i' indexes, 's' sequences (\d without a name
// lists tables and sequences, as psql lists tables, views and sequences).
// `pattern`: psql name pattern (`t*`, `public.t?`, `"MixedCase"`), "" = all.
MetaOutput list_relations(Engine& engine, std::string_view kinds, std::string_view pattern);

// \d PATTERN: describes every matching table, index and sequence.
MetaOutput describe_relations(Engine& engine, std::string_view pattern);

// psql pattern matching: unquoted text is lower-cased, `*` and `?` are
// wildcards, double quotes keep case and wildcards literal. An optional
// `schema.` prefix is matched against the schema.
bool matches_pattern(std::string_view pattern, const std::string& schema, const std::string& name);

}  // namespace upsertdb::cli
