// Reading the write-ahead log back at recovery.
//
// Records are read in LSN order from `from_lsn`. In each segment the records
// end where only zero bytes (prepared room) or nothing follow. Before that,
// the first record that does not validate (short, wrong LSN, bad length or type, CRC mismatch) ends the
// log — if it is a torn tail: the damage must sit in the last segment and no
// valid record may follow it whose durable_lsn says the damaged bytes had
// already been flushed. A torn tail is what a crash during a write leaves
// (those records were never acknowledged); anything else is corruption in the
// middle of the log, and reading refuses (DbError XX001) rather than silently
// dropping committed data.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "wal/log_format.h"

namespace upsertdb::wal {

struct LogReadResult {
  uint64_t end_lsn = 0;         // the valid log ends here: the next append goes here
  uint64_t segment_start = 0;   // the segment holding end_lsn, or end_lsn when a new one must begin
  uint64_t records = 0;         // records passed to the callback
  bool torn = false;            // a damaged tail follows end_lsn (cut it off before appending)
  std::string torn_reason;
};

using RecordCallback = std::function<void(uint64_t lsn, RecordType type, std::string_view payload)>;

// Reads the segments in `dir`. `from_lsn` must be a record boundary.
LogReadResult read_log(const std::string& dir, uint64_t from_lsn, const RecordCallback& on_record);

}  // namespace upsertdb::wal
