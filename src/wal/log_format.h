// The write-ahead log's on-disk format (docs/wal.md explains the why).
//
// The log is a byte stream addressed by LSN (byte position since the data
// directory was created), cut into segment files `wal/<16 hex digits of the
// segment's first LSN>`. A record never spans two segments; a new segment is
// only started once everything before it is on disk.
//
// Record = 25-byte header + payload:
//   u32 crc          CRC-32C of every byte after this field (rest of header + payload)
//   u32 length       payload bytes
//   u64 lsn          the record's own position (a stale or shifted record never validates)
//   u64 durable_lsn  how far the log was known to be on disk when the record was
//                    appended: a valid record whose durable_lsn lies past a damaged
//                    one proves the damage is not a torn tail (see log_reader.h)
//   u8  type         RecordType
// Integers are little-endian.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace upsertdb::wal {

inline constexpr size_t kRecordHeaderSize = 25;
inline constexpr uint32_t kMaxRecordLength = 1u << 30;   // one transaction's redo, at most 1 GiB

enum class RecordType : uint8_t {
  kCommit = 1,       // one committed transaction's redo (wal/redo.h)
  kCheckpoint = 2,   // a checkpoint was written at this LSN (payload: u8 schema_changed)
  kSchema = 3,       // a committed schema change: definitions and redo (engine/schema_redo.h)
};

inline bool valid_record_type(uint8_t t) { return t >= 1 && t <= 3; }

// An LSN as log lines and errors print it: hexadecimal, no leading zeros ("1A2F0").
std::string format_lsn(uint64_t lsn);

// "wal/000000000001a2f0" for the segment starting at that LSN.
std::string segment_file_name(uint64_t start_lsn);
// Parses a segment file name; false for any other file.
bool parse_segment_file_name(std::string_view name, uint64_t& start_lsn);

inline void put_u32(std::string& out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out.append(b, 4);
}
inline void put_u64(std::string& out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out.append(b, 8);
}
inline uint32_t get_u32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
inline uint64_t get_u64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

// Appends a whole record (header and payload) for position `lsn` to `out`.
void encode_record(std::string& out, uint64_t lsn, uint64_t durable_lsn, RecordType type, std::string_view payload);
// Turns `record`, kRecordHeaderSize bytes of room followed by the payload,
// into the whole record for position `lsn` (a large payload is then never
// copied to be framed).
void frame_record(std::string& record, uint64_t lsn, uint64_t durable_lsn, RecordType type);

struct RecordHeader {
  uint32_t crc;
  uint32_t length;
  uint64_t lsn;
  uint64_t durable_lsn;
  uint8_t type;
};
inline RecordHeader decode_header(const char* p) {
  return RecordHeader{get_u32(p), get_u32(p + 4), get_u64(p + 8), get_u64(p + 16), static_cast<uint8_t>(p[24])};
}

}  // namespace upsertdb::wal
