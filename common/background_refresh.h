// Runs a refresh on a thread of its own: once writes have settled after
// MarkStale() (an import of many batches refreshes once; steady writes
// still refresh every ten settle times), at start, and every `every` when
// given (figures that depend on today's date). Used for the gauges of
// headline figures, which are too costly to compute on each write or
// scrape.
//
// Destroying it waits for a running refresh and stops the thread; an owner
// declares it after everything the refresh uses.
//
// Thread-safe.
#ifndef DTR_COMMON_BACKGROUND_REFRESH_H_
#define DTR_COMMON_BACKGROUND_REFRESH_H_

#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace dtr {

class BackgroundRefresh {
 public:
  BackgroundRefresh(std::function<void()> refresh, absl::Duration settle,
                    absl::Duration every = absl::InfiniteDuration());
  ~BackgroundRefresh();
  BackgroundRefresh(const BackgroundRefresh&) = delete;
  BackgroundRefresh& operator=(const BackgroundRefresh&) = delete;

  // Asks for a refresh once no mark has come for the settle time.
  void MarkStale();

 private:
  void Loop();

  const std::function<void()> refresh_;
  const absl::Duration settle_;
  const absl::Duration every_;
  absl::Mutex mu_;
  bool stale_ ABSL_GUARDED_BY(mu_) = true;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time first_mark_ ABSL_GUARDED_BY(mu_);  // since the last refresh
  absl::Time last_mark_ ABSL_GUARDED_BY(mu_);
  absl::Time last_refresh_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace dtr

#endif  // DTR_COMMON_BACKGROUND_REFRESH_H_
