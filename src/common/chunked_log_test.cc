#include "common/chunked_log.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace upsertdb {
namespace {

TEST(ChunkedLog, KeepsOrderAcrossChunksAndTruncation) {
  ChunkedLog<std::string, 4, 2> log;
  std::vector<std::string> model;
  for (int i = 0; i < 23; ++i) {
    log.push_back(std::to_string(i));
    model.push_back(std::to_string(i));
  }
  while (log.size() > 9) {   // a rollback to a savepoint after element 9
    EXPECT_EQ(log.back(), model.back());
    log.pop_back();
    model.pop_back();
  }
  for (int i = 100; i < 110; ++i) {
    log.push_back(std::to_string(i));
    model.push_back(std::to_string(i));
  }
  std::vector<std::string> seen;
  for (const std::string& s : log) seen.push_back(s);
  EXPECT_EQ(seen, model);
}

TEST(ChunkedLog, DestroysWhatItHolds) {
  auto counter = std::make_shared<int>(0);
  {
    ChunkedLog<std::shared_ptr<int>, 3, 2> log;
    for (int i = 0; i < 10; ++i) log.push_back(counter);
    EXPECT_EQ(counter.use_count(), 11);
    log.pop_back();
    EXPECT_EQ(counter.use_count(), 10);
  }
  EXPECT_EQ(counter.use_count(), 1);
  ChunkedLog<std::shared_ptr<int>, 3, 2> cleared;
  cleared.push_back(counter);
  cleared.clear();
  EXPECT_TRUE(cleared.empty());
  EXPECT_EQ(counter.use_count(), 1);
}

}  // namespace
}  // namespace upsertdb
