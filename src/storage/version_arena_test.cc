// VersionArena hands out 8-byte-aligned memory of the rounded size, reuses a
// freed version's memory for the next one of the same size, and sends large
// versions to malloc. Versions made through it keep their bytes.
#include "storage/version_arena.h"

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/version.h"

namespace upsertdb {
namespace {

TEST(VersionArena, RoundsToTheGranuleAndAligns) {
  EXPECT_EQ(VersionArena::rounded(37), 40u);
  EXPECT_EQ(VersionArena::rounded(40), 40u);
  EXPECT_EQ(Version::alloc_bytes(31), 72u);   // the footprint table's row: 37 + 31 -> 72 (malloc: 80)
  std::vector<void*> got;
  for (size_t n = 40; n <= VersionArena::kMaxBytes + 64; n += 8) {
    void* p = VersionArena::allocate(n);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 8, 0u) << n;
    std::memset(p, 0xab, n);
    got.push_back(p);
  }
  size_t n = 40;
  for (void* p : got) {
    VersionArena::deallocate(p, n);
    n += 8;
  }
}

TEST(VersionArena, VersionsKeepTheirBytesAcrossReuse) {
  std::vector<Version*> versions;
  std::vector<std::string> rows;
  for (int i = 0; i < 5000; ++i) {
    rows.push_back(std::string(static_cast<size_t>(i % 700), static_cast<char>('a' + i % 26)));
    versions.push_back(Version::make(rows.back(), 10 + i, 1));
  }
  // Free every other one, make new ones of the same sizes in their place.
  for (size_t i = 0; i < versions.size(); i += 2) {
    Version::destroy(versions[i]);
    rows[i] = std::string(rows[i].size(), 'z');
    versions[i] = Version::make(rows[i], 7, 2);
  }
  for (size_t i = 0; i < versions.size(); ++i) {
    EXPECT_EQ(versions[i]->row(), rows[i]) << i;
    EXPECT_EQ(versions[i]->end, kInfinity);
    EXPECT_EQ(versions[i]->footprint(), Version::alloc_bytes(rows[i].size()));
  }
  for (Version* v : versions) Version::destroy(v);
}

}  // namespace
}  // namespace upsertdb
