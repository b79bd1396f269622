// spin_then_lock: takes a mutex whose holders keep it briefly (the engine
// latch: one statement of a few microseconds) by polling it for about a
// microsecond or two before sleeping in the kernel. When the holder runs on
// another core it usually lets go within that time, and the waiter goes on
// without the futex sleep and wake-up, two context switches that on these
// virtual machines cost more than the statement itself. When it does not,
// the waiter sleeps as std::mutex would (glibc's adaptive mutexes do the
// same; std::mutex cannot be given that type).
#pragma once

#include <mutex>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace upsertdb {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

inline std::unique_lock<std::mutex> spin_then_lock(std::mutex& m, int spins = 100) {
  for (int i = 0; i < spins; ++i) {
    if (m.try_lock()) return std::unique_lock<std::mutex>(m, std::adopt_lock);
    cpu_relax();
  }
  return std::unique_lock<std::mutex>(m);
}

}  // namespace upsertdb
