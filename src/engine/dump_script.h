// The catalog as a pg_dump-style SQL script, in the pieces `upsertdb dump`
// writes around the table data: definitions that must exist before the rows
// load, one COPY target per table, the sequences' positions, and the
// constraints and indexes that are cheaper to build after the rows are in.
// Both dump paths use it: offline on a data directory (src/cli/dump_command.cc)
// and through a running server, which hands the same pieces to the client as
// the JSON result of `SELECT upsertdb_dump_script()` (engine/session.cc).
//
// Expressions (defaults, CHECKs, index expressions and predicates) are the
// catalog's stored texts, already in PostgreSQL's deparsed form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace upsertdb {

class Catalog;

struct DumpScript {
  std::string header;                      // SET lines
  std::string pre_data;                    // CREATE SEQUENCE / TABLE, OWNED BY
  std::vector<std::string> table_names;    // for progress messages
  std::vector<std::string> copy_targets;   // `t (a, b)`: COPY <target> FROM stdin / TO STDOUT
  std::string sequence_state;              // setval of every sequence
  std::string post_data;                   // keys, CHECKs, indexes, then FOREIGN KEYs
  std::string footer;
};

DumpScript build_dump_script(const Catalog& cat);

// The wire form of a DumpScript (a JSON object); from_json throws
// std::runtime_error on anything that is not one.
std::string dump_script_to_json(const DumpScript& script);
DumpScript dump_script_from_json(std::string_view json);

}  // namespace upsertdb
