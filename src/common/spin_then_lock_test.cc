// spin_then_lock: mutual exclusion holds whether the lock is won while
// polling or after sleeping, and a holder that keeps it long still lets the
// waiter in once it lets go.
#include "common/spin_then_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace upsertdb {
namespace {

TEST(SpinThenLock, CountsStayExactUnderContention) {
  std::mutex m;
  long counter = 0;   // guarded by m only
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        auto lock = spin_then_lock(m);
        EXPECT_TRUE(lock.owns_lock());
        ++counter;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter, 4 * 20000);
}

TEST(SpinThenLock, SleepsUntilALongHolderLetsGo) {
  std::mutex m;
  std::atomic<bool> released{false};
  auto held = spin_then_lock(m);
  std::thread waiter([&] {
    auto lock = spin_then_lock(m, 10);
    EXPECT_TRUE(released.load()) << "got the mutex while it was still held";
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));   // well past the polling
  released.store(true);
  held.unlock();
  waiter.join();
}

}  // namespace
}  // namespace upsertdb
