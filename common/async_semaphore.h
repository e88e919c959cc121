// A semaphore whose waiters are callbacks, not blocked threads.
//
// SQLite admits one writer at a time. A write that has to wait must not
// hold an executor thread while it does, or the writer it waits for may
// find no thread to finish on; so waiters leave a callback that runs (on
// the releasing thread) when a permit is handed to them. Permits pass in
// arrival order. Thread-safe.
#ifndef DTR_COMMON_ASYNC_SEMAPHORE_H_
#define DTR_COMMON_ASYNC_SEMAPHORE_H_

#include <deque>
#include <functional>

#include "absl/synchronization/mutex.h"

namespace dtr {

class AsyncSemaphore {
 public:
  explicit AsyncSemaphore(int permits) : free_(permits) {}

  // Takes a permit and returns true, or queues `on_acquired`, which runs
  // holding a permit once one is released, and returns false.
  bool AcquireOrQueue(std::function<void()> on_acquired) {
    absl::MutexLock lock(&mu_);
    if (free_ > 0 && waiters_.empty()) {
      --free_;
      return true;
    }
    waiters_.push_back(std::move(on_acquired));
    return false;
  }

  // Returns a permit: the next waiter gets it, or it becomes free.
  void Release() {
    std::function<void()> next;
    {
      absl::MutexLock lock(&mu_);
      if (waiters_.empty()) {
        ++free_;
        return;
      }
      next = std::move(waiters_.front());
      waiters_.pop_front();
    }
    next();
  }

 private:
  absl::Mutex mu_;
  int free_ ABSL_GUARDED_BY(mu_);
  std::deque<std::function<void()>> waiters_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dtr

#endif  // DTR_COMMON_ASYNC_SEMAPHORE_H_
