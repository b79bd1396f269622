// OrderedIndex keeps entries in bytewise order whatever their length: inline
// and heap entries, keys sharing 8-byte heads, prefixes of each other, and
// whatever the prefix all entries share does as keys arrive and leave.
#include "storage/ordered_index.h"

#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace upsertdb {
namespace {

std::string random_key(std::mt19937_64& rng) {
  // Few distinct bytes and lengths around the inline limit and the 8-byte
  // head, so equal heads, shared prefixes and zero bytes are common.
  static const char alphabet[] = {'\0', '\x01', 'a', 'b', '\xff'};
  size_t len = rng() % 30;
  std::string k;
  for (size_t i = 0; i < len; ++i) k.push_back(alphabet[rng() % sizeof alphabet]);
  return k;
}

TEST(OrderedIndex, OrdersEntriesBytewiseLikeAStringSet) {
  std::mt19937_64 rng(7);
  OrderedIndex index;
  std::set<std::string> model;
  for (int i = 0; i < 20000; ++i) {
    std::string key = random_key(rng);
    RowId row = rng() % 4;
    if (rng() % 4 == 0) {
      index.erase(key, row);
      model.erase(OrderedIndex::make_entry(key, row));
    } else {
      // A lookup first, as arbitration does: its position is the insert's
      // hint, right (same key) or wrong (another key) for this entry.
      if (rng() % 2 == 0) index.lower_bound(rng() % 2 ? key : random_key(rng));
      bool fresh = index.insert(key, row);
      EXPECT_EQ(fresh, model.insert(OrderedIndex::make_entry(key, row)).second);
    }
  }
  ASSERT_EQ(index.size(), model.size());
  auto m = model.begin();
  for (const IndexEntry& e : index) {
    ASSERT_EQ(e.view(), *m);
    ++m;
  }
  // lower_bound agrees with the model for arbitrary probes, including ones
  // shorter than the 8-byte head.
  for (int i = 0; i < 2000; ++i) {
    std::string probe = random_key(rng);
    auto want = model.lower_bound(probe);
    auto got = index.lower_bound(probe);
    if (want == model.end()) {
      EXPECT_TRUE(got == index.end());
    } else {
      ASSERT_TRUE(got != index.end());
      EXPECT_EQ(got->view(), *want);
    }
  }
}

// The index and the model hold the same entries in the same order, and
// lower_bound agrees for each probe.
void expect_same(const OrderedIndex& index, const std::set<std::string>& model, const std::vector<std::string>& probes) {
  ASSERT_EQ(index.size(), model.size());
  auto m = model.begin();
  for (const IndexEntry& e : index) {
    ASSERT_EQ(e.view(), *m);
    ++m;
  }
  for (const std::string& probe : probes) {
    auto want = model.lower_bound(probe);
    auto got = index.lower_bound(probe);
    if (want == model.end()) {
      EXPECT_TRUE(got == index.end()) << "probe " << probe;
    } else {
      ASSERT_TRUE(got != index.end()) << "probe " << probe;
      EXPECT_EQ(got->view(), *want) << "probe " << probe;
    }
  }
}

TEST(OrderedIndex, StaysOrderedWhileTheSharedPrefixShrinks) {
  std::mt19937_64 rng(11);
  OrderedIndex index;
  std::set<std::string> model;
  auto add = [&](const std::string& key, RowId row) {
    EXPECT_EQ(index.insert(key, row), model.insert(OrderedIndex::make_entry(key, row)).second) << key;
  };
  // Long keys behind a long common prefix: every entry is a heap entry and
  // the shared prefix is the whole URL stem.
  const std::string stem = "https://example.com/users/";
  for (int i = 0; i < 3000; ++i) add(stem + random_key(rng), rng() % 3);
  std::vector<std::string> probes = {"", "h", "https://", stem, stem + "a", stem + std::string(1, '\xff'),
                                     "https://example.org/", "zzz", "https://example.com/users"};
  for (int i = 0; i < 200; ++i) probes.push_back(stem + random_key(rng));
  expect_same(index, model, probes);
  // Arrivals that share less of the prefix, after it and before it, short
  // (inline) and long, and a key that is a proper prefix of the stem.
  for (const std::string& key : {std::string("https://example.org/x"), std::string("https://example.com/users"),
                                  std::string("http://a"), std::string("a"), std::string(""), stem + "b"}) {
    add(key, 1);
    expect_same(index, model, probes);
    for (int i = 0; i < 300; ++i) add(stem + random_key(rng), rng() % 3);
    expect_same(index, model, probes);
  }
  // Emptied, the index starts over with another prefix.
  for (const std::string& entry : model) index.erase(OrderedIndex::entry_key(entry), OrderedIndex::entry_row(entry));
  model.clear();
  EXPECT_EQ(index.size(), 0u);
  for (int i = 0; i < 1000; ++i) add("mailto:" + random_key(rng), rng() % 3);
  probes.push_back("mailto:");
  probes.push_back("mailto:a");
  expect_same(index, model, probes);
}

TEST(OrderedIndex, ReportsTwinsOfTheSameKey) {
  OrderedIndex index;
  bool inserted;
  std::string long_key(40, 'k');
  EXPECT_FALSE(index.insert_has_twin(long_key, 1, &inserted));
  EXPECT_TRUE(inserted);
  EXPECT_TRUE(index.insert_has_twin(long_key, 2, &inserted));
  EXPECT_FALSE(index.insert_has_twin(long_key + "x", 1, &inserted));
  EXPECT_TRUE(index.insert_has_twin(long_key, 2, &inserted));
  EXPECT_FALSE(inserted);
  index.erase(long_key, 1);
  EXPECT_FALSE(index.insert_has_twin("short", 9, &inserted));
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(OrderedIndex::entry_row(*index.lower_bound(long_key)), 2u);
}

}  // namespace
}  // namespace upsertdb
