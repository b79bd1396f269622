// Record encoding and segment naming (the layout is in log_format.h).
#include "wal/log_format.h"

#include <cstdio>

#include "wal/crc32c.h"

namespace upsertdb::wal {

std::string format_lsn(uint64_t lsn) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%llX", static_cast<unsigned long long>(lsn));
  return buf;
}

std::string segment_file_name(uint64_t start_lsn) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(start_lsn));
  return buf;
}

bool parse_segment_file_name(std::string_view name, uint64_t& start_lsn) {
  if (name.size() != 16) return false;
  uint64_t v = 0;
  for (char c : name) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  start_lsn = v;
  return true;
}

void encode_record(std::string& out, uint64_t lsn, uint64_t durable_lsn, RecordType type, std::string_view payload) {
  size_t start = out.size();
  out.reserve(start + kRecordHeaderSize + payload.size());   // one growth for a large commit
  put_u32(out, 0);   // crc, filled below
  put_u32(out, static_cast<uint32_t>(payload.size()));
  put_u64(out, lsn);
  put_u64(out, durable_lsn);
  out.push_back(static_cast<char>(type));
  out.append(payload);
  uint32_t crc = crc32c(std::string_view(out).substr(start + 4));
  for (int i = 0; i < 4; ++i) out[start + static_cast<size_t>(i)] = static_cast<char>(crc >> (8 * i));
}

}  // namespace upsertdb::wal
