#include "wal/crc32c.h"

#include <gtest/gtest.h>

#include <string>

namespace upsertdb::wal {

TEST(Crc32c, KnownVectors) {
  // The check value of CRC-32C (RFC 3720, iSCSI) and a few published vectors.
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(crc32c(""), 0u);
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(crc32c(std::string(32, '\xff')), 0x62A8AB43u);
}

TEST(Crc32c, ExtendsAcrossPieces) {
  std::string s = "the quick brown fox jumps over the lazy dog, twice over";
  for (size_t cut = 0; cut <= s.size(); ++cut) {
    EXPECT_EQ(crc32c(s.substr(cut), crc32c(s.substr(0, cut))), crc32c(s)) << cut;
  }
}

}  // namespace upsertdb::wal
