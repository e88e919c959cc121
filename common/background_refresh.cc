#include "common/background_refresh.h"

#include <algorithm>
#include <utility>

namespace dtr {

BackgroundRefresh::BackgroundRefresh(std::function<void()> refresh,
                                     absl::Duration settle,
                                     absl::Duration every)
    : refresh_(std::move(refresh)), settle_(settle), every_(every) {
  last_mark_ = first_mark_ = last_refresh_ = absl::InfinitePast();
  thread_ = std::thread([this] { Loop(); });
}

BackgroundRefresh::~BackgroundRefresh() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void BackgroundRefresh::MarkStale() {
  absl::MutexLock lock(&mu_);
  const absl::Time now = absl::Now();
  if (!stale_) first_mark_ = now;
  stale_ = true;
  last_mark_ = now;
}

void BackgroundRefresh::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto wanted = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || stale_;
      };
      // Stale, or due again (`every`), or stopping.
      while (!wanted()) {
        const absl::Time next = last_refresh_ + every_;
        if (next == absl::InfiniteFuture()) {
          mu_.Await(absl::Condition(&wanted));
        } else if (!mu_.AwaitWithDeadline(absl::Condition(&wanted), next)) {
          stale_ = true;  // the day moved on
          last_mark_ = first_mark_ = absl::InfinitePast();
        }
      }
      if (stopping_) return;
      // Wait until writes have settled, so an import refreshes once; but
      // no longer than ten settle times, so steady writes do not starve it.
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_;
      };
      auto due = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return std::min(last_mark_ + settle_, first_mark_ + 10 * settle_);
      };
      while (absl::Now() < due()) {
        if (mu_.AwaitWithTimeout(absl::Condition(&stopping),
                                 due() - absl::Now())) {
          return;
        }
      }
      stale_ = false;
      last_refresh_ = absl::Now();
    }
    refresh_();
  }
}

}  // namespace dtr
