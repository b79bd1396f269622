// Tests only: helpers shared by the durability tests — a throwaway data
// directory, engine options that make closing look like a crash, query
// results as text, and cutting the log back to a position.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/session.h"
#include "wal/file_util.h"
#include "wal/log_format.h"

namespace upsertdb::durability_test {

// <temp>/upsertdb_durability_XXXXXX/data, removed with its parent.
class DataDir {
 public:
  DataDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "upsertdb_durability_XXXXXX").string();
    path_ = std::string(::mkdtemp(tmpl.data())) + "/data";
  }
  ~DataDir() {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(path_).parent_path(), ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Options that make closing the engine look like a crash.
inline EngineOptions crashing() {
  EngineOptions o;
  o.checkpoint_at_shutdown = false;
  o.log = [](const std::string&) {};
  return o;
}

// Rows as "a|b\n" lines, NULL as "null".
inline std::string query(Session& s, const std::string& sql) {
  std::string out;
  for (auto& r : s.execute(sql)) {
    for (auto& row : r.rows) {
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + (row[i].is_null() ? "null" : value_to_text(row[i]));
      out += "\n";
    }
  }
  return out;
}

inline std::vector<std::string> files_with_prefix(const std::string& dir, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& n : wal::list_directory(dir))
    if (n.rfind(prefix, 0) == 0) out.push_back(n);
  return out;
}

// Makes the log of data directory `dir` end at `lsn` (a record boundary), as
// if nothing after it had reached the disk.
inline void cut_log_at(const std::string& dir, uint64_t lsn) {
  const std::string wal_dir = dir + "/wal";
  for (const auto& name : wal::list_directory(wal_dir)) {
    uint64_t start;
    if (!wal::parse_segment_file_name(name, start)) continue;
    if (start >= lsn) {
      wal::remove_file(wal_dir + "/" + name);
    } else if (std::filesystem::file_size(wal_dir + "/" + name) > lsn - start) {
      wal::truncate_file(wal_dir + "/" + name, lsn - start);
    }
  }
}

}  // namespace upsertdb::durability_test
