// Conflict statistics: how often each unique constraint or unique index was
// hit — by ON CONFLICT (per action) and by 23505 violations — for the
// upsertdb_stat_conflicts view (issue 4). Counters live for the process
// lifetime, are not transactional, and are guarded by the engine latch.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace upsertdb {

struct ConflictCounters {
  int64_t do_nothing = 0;
  int64_t do_update = 0;
  int64_t do_update_skipped = 0;   // DO UPDATE ... WHERE false
  int64_t do_select = 0;
  int64_t violations = 0;          // 23505 raised
  std::optional<int64_t> last_violation_at;   // micros since 2000-01-01 UTC
  std::string last_violation_detail;
};

class ConflictStats {
 public:
  // Keyed by table OID and index name.
  ConflictCounters& at(uint32_t table_oid, const std::string& index_name) { return counters_[{table_oid, index_name}]; }
  const ConflictCounters* find(uint32_t table_oid, const std::string& index_name) const {
    auto it = counters_.find({table_oid, index_name});
    return it == counters_.end() ? nullptr : &it->second;
  }
  void reset() { counters_.clear(); }

 private:
  std::map<std::pair<uint32_t, std::string>, ConflictCounters> counters_;
};

}  // namespace upsertdb
