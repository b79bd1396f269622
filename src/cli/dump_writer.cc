#include "cli/dump_writer.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "engine/dump_script.h"

namespace upsertdb::cli {

void DumpOutput::put(std::string_view s) {
  if (!s.empty() && std::fwrite(s.data(), 1, s.size(), f_) != s.size()) fail();
}

void DumpOutput::flush() {
  if (std::fflush(f_) != 0) fail();
}

void DumpOutput::fail() { throw std::runtime_error(std::string("could not write the dump: ") + std::strerror(errno)); }

void write_dump(DumpSource& source, DumpOutput& out, const DumpProgress& progress) {
  source.run("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
  // The first statement takes the snapshot; the catalog and the sequences are
  // read during it, so every sequence is at or past the values its rows hold.
  DumpScript script = dump_script_from_json(source.query_text("SELECT upsertdb_dump_script()"));
  out.put(script.header);
  out.put(script.pre_data);
  for (size_t i = 0; i < script.copy_targets.size(); ++i) {
    const std::string& table = script.table_names[i];
    out.put("COPY " + script.copy_targets[i] + " FROM stdin;\n");
    uint64_t rows = 0;
    source.copy_out("COPY " + script.copy_targets[i] + " TO STDOUT", [&](std::string_view data) {
      out.put(data);
      // In text format a raw newline only ends a row (newlines inside values are escaped).
      for (char ch : data) {
        if (ch != '\n') continue;
        if (++rows % progress.every == 0 && !progress.quiet)
          std::fprintf(stderr, "dump: table %s: %llu rows\n", table.c_str(), static_cast<unsigned long long>(rows));
      }
    });
    out.put("\\.\n\n");
    if (!progress.quiet)
      std::fprintf(stderr, "dump: table %s: %llu rows\n", table.c_str(), static_cast<unsigned long long>(rows));
  }
  out.put(script.sequence_state);
  out.put(script.post_data);
  out.put(script.footer);
  source.run("COMMIT");
}

}  // namespace upsertdb::cli
