// A fixed pool of threads for blocking work (store queries and writes).
//
// gRPC's callback API runs reactions on a few threads of its own, which
// must never wait on a disk or a lock; a reactor hands such work to an
// Executor and finishes the call from there. Tasks run in submission order
// per thread, in no order across threads. Thread-safe.
#ifndef DTR_COMMON_EXECUTOR_H_
#define DTR_COMMON_EXECUTOR_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace dtr {

class Executor {
 public:
  explicit Executor(int threads);
  // Runs the tasks already submitted, then joins the threads.
  ~Executor();

  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  void Submit(std::function<void()> task);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace dtr

#endif  // DTR_COMMON_EXECUTOR_H_
