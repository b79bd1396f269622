// CRC-32C (Castagnoli), the checksum of every WAL record. Uses the SSE4.2
// crc32 instruction when the CPU has it (a few GB/s, so checksumming never
// shows in a commit's cost) and a table otherwise; both give the same value.
#pragma once

#include <cstdint>
#include <string_view>

namespace upsertdb::wal {

// Extends `crc` (the value returned for the bytes before) over `data`;
// crc32c(data) is crc32c(data, 0).
uint32_t crc32c(std::string_view data, uint32_t crc = 0);

}  // namespace upsertdb::wal
