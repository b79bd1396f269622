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

namespace {
// Writes the header of the record at `at` (its payload follows the header).
void write_header(char* at, uint32_t payload_size, uint64_t lsn, uint64_t durable_lsn, RecordType type) {
  auto put = [](char* p, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) p[i] = static_cast<char>(v >> (8 * i));
  };
  put(at + 4, payload_size, 4);
  put(at + 8, lsn, 8);
  put(at + 16, durable_lsn, 8);
  at[24] = static_cast<char>(type);
  put(at, crc32c(std::string_view(at + 4, kRecordHeaderSize - 4 + payload_size)), 4);
}
}  // namespace

void encode_record(std::string& out, uint64_t lsn, uint64_t durable_lsn, RecordType type, std::string_view payload) {
  size_t start = out.size();
  out.reserve(start + kRecordHeaderSize + payload.size());   // one growth for a large commit
  out.resize(start + kRecordHeaderSize);
  out.append(payload);
  write_header(out.data() + start, static_cast<uint32_t>(payload.size()), lsn, durable_lsn, type);
}

void frame_record(std::string& record, uint64_t lsn, uint64_t durable_lsn, RecordType type) {
  write_header(record.data(), static_cast<uint32_t>(record.size() - kRecordHeaderSize), lsn, durable_lsn, type);
}

}  // namespace upsertdb::wal
