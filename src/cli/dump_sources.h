// The two places a dump reads from (see cli/dump_writer.h): an Engine opened
// on a data directory by this process, or a running server reached with libpq
// (any server that answers `SELECT upsertdb_dump_script()`: UpsertDB's).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/dump_writer.h"

namespace upsertdb {
class Engine;
}

namespace upsertdb::cli {

std::unique_ptr<DumpSource> make_engine_dump_source(Engine& engine);

// libpq connection parameters (host, port, user, dbname; dbname may itself be
// a connection string or URI, as in pg_dump's -d); libpq's environment
// (PGHOST, PGPORT, PGUSER, PGPASSWORD...) fills what they leave out. Throws
// std::runtime_error with libpq's message when the connection fails.
using ConnParams = std::vector<std::pair<std::string, std::string>>;
std::unique_ptr<DumpSource> make_server_dump_source(const ConnParams& params);

}  // namespace upsertdb::cli
