// Log reader with torn-tail detection (contract in log_reader.h).
#include "wal/log_reader.h"

#include <cstring>
#include <vector>

#include "common/error.h"
#include "wal/crc32c.h"
#include "wal/file_util.h"

namespace upsertdb::wal {

namespace {

struct Segment {
  uint64_t start;
  std::string name;
};

[[noreturn]] void corrupt(const std::string& what) {
  throw DbError("XX001", "write-ahead log is corrupt: " + what +
                             "; refusing to start rather than lose committed data");
}

// Why the record at `pos` of `bytes` (a segment starting at `start`) is not
// valid, or "" when it is.
std::string check_record(std::string_view bytes, size_t pos, uint64_t start) {
  if (bytes.size() - pos < kRecordHeaderSize) return "partial record header";
  RecordHeader h = decode_header(bytes.data() + pos);
  if (h.lsn != start + pos) return "record carries the wrong position";
  if (h.length > kMaxRecordLength || h.length > bytes.size() - pos - kRecordHeaderSize) return "partial record";
  if (!valid_record_type(h.type)) return "unknown record type";
  if (crc32c(bytes.substr(pos + 4, kRecordHeaderSize - 4 + h.length)) != h.crc) return "checksum mismatch";
  return "";
}

// Where the bytes of a segment end that are not zero from `from` on: a
// segment's room is zero-filled ahead of the log (segment_preallocator.h),
// and no valid record is all zeros (its type is never 0), so the log's end
// in a segment is the first record boundary at or past this.
size_t end_of_nonzero(std::string_view bytes, size_t from) {
  static const char kZeros[4096] = {};
  size_t end = bytes.size();
  while (end >= from + sizeof kZeros && std::memcmp(bytes.data() + end - sizeof kZeros, kZeros, sizeof kZeros) == 0) {
    end -= sizeof kZeros;
  }
  while (end > from && bytes[end - 1] == '\0') --end;
  return end;
}

// True when a valid record after `damaged_pos` (and before `data_end`) shows
// that the damaged bytes had been flushed before it was written: then the
// damage is not a torn tail.
bool later_record_vouches_for(std::string_view bytes, size_t damaged_pos, size_t data_end, uint64_t start) {
  uint64_t damaged_lsn = start + damaged_pos;
  for (size_t q = damaged_pos + 1; q < data_end && q + kRecordHeaderSize <= bytes.size(); ++q) {
    if (get_u64(bytes.data() + q + 8) != start + q) continue;   // cheap filter: its own LSN
    if (!check_record(bytes, q, start).empty()) continue;
    if (get_u64(bytes.data() + q + 16) > damaged_lsn) return true;
  }
  return false;
}

}  // namespace

LogReadResult read_log(const std::string& dir, uint64_t from_lsn, const RecordCallback& on_record) {
  std::vector<Segment> segments;
  for (const std::string& name : list_directory(dir)) {
    uint64_t s;
    if (parse_segment_file_name(name, s)) segments.push_back(Segment{s, name});
  }
  LogReadResult result;
  result.end_lsn = from_lsn;
  result.segment_start = from_lsn;
  if (segments.empty()) return result;

  size_t first = 0;
  while (first + 1 < segments.size() && segments[first + 1].start <= from_lsn) ++first;
  if (segments[first].start > from_lsn) {
    corrupt("the log needed from position " + format_lsn(from_lsn) + " is missing (oldest segment starts at " +
            format_lsn(segments[first].start) + ")");
  }

  uint64_t expected_start = segments[first].start;
  for (size_t k = first; k < segments.size(); ++k) {
    const Segment& seg = segments[k];
    bool last = k + 1 == segments.size();
    if (seg.start != expected_start) {
      corrupt("segment " + seg.name + " does not follow the previous one (expected it at " + format_lsn(expected_start) + ")");
    }
    std::string bytes;
    read_whole_file(join_path(dir, seg.name), bytes);
    size_t pos = k == first ? static_cast<size_t>(from_lsn - seg.start) : 0;
    if (pos > bytes.size()) {
      if (!last) corrupt("segment " + seg.name + " is shorter than the checkpoint position " + format_lsn(from_lsn));
      // The checkpoint covers everything: the log resumes at its position.
      result.end_lsn = from_lsn;
      result.segment_start = from_lsn;
      return result;
    }
    const size_t data_end = end_of_nonzero(bytes, pos);
    while (pos < data_end) {
      std::string why = check_record(bytes, pos, seg.start);
      if (!why.empty()) {
        uint64_t at = seg.start + pos;
        if (!last) corrupt(why + " at position " + format_lsn(at) + " in segment " + seg.name + ", which is not the last");
        if (later_record_vouches_for(bytes, pos, data_end, seg.start)) {
          corrupt(why + " at position " + format_lsn(at) + " in segment " + seg.name +
                  ", followed by records written after it was flushed");
        }
        result.end_lsn = at;
        result.segment_start = seg.start;
        result.torn = true;
        result.torn_reason = why + " at position " + format_lsn(at) + " in segment " + seg.name;
        return result;
      }
      RecordHeader h = decode_header(bytes.data() + pos);
      on_record(h.lsn, static_cast<RecordType>(h.type),
                std::string_view(bytes).substr(pos + kRecordHeaderSize, h.length));
      ++result.records;
      pos += kRecordHeaderSize + h.length;
    }
    // Past the last record only zeros (or nothing): the next segment begins here.
    expected_start = seg.start + pos;
    result.end_lsn = expected_start;
    result.segment_start = seg.start;
  }
  return result;
}

}  // namespace upsertdb::wal
