#include "common/idle_call_watchdog.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "common/log.h"

namespace dtr {

IdleCallWatchdog::IdleCallWatchdog(absl::Duration limit) : limit_(limit) {
  thread_ = std::thread([this] { Loop(); });
}

IdleCallWatchdog::~IdleCallWatchdog() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

int64_t IdleCallWatchdog::Register(grpc::CallbackServerContext* context) {
  absl::MutexLock lock(&mu_);
  const int64_t id = next_id_++;
  calls_[id] = Watched{context};
  return id;
}

void IdleCallWatchdog::WaitingForClient(int64_t id) {
  absl::MutexLock lock(&mu_);
  auto it = calls_.find(id);
  if (it != calls_.end()) it->second.waiting_since = absl::Now();
}

void IdleCallWatchdog::ClientAnswered(int64_t id) {
  absl::MutexLock lock(&mu_);
  auto it = calls_.find(id);
  if (it != calls_.end()) it->second.waiting_since = absl::InfiniteFuture();
}

void IdleCallWatchdog::Unregister(int64_t id) {
  absl::MutexLock lock(&mu_);
  calls_.erase(id);
}

void IdleCallWatchdog::Loop() {
  const absl::Duration tick =
      std::min(absl::Seconds(1), std::max(limit_ / 4, absl::Milliseconds(10)));
  absl::MutexLock lock(&mu_);
  auto stopping = [this]()
                      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping), tick)) {
    const absl::Time now = absl::Now();
    for (auto& [id, call] : calls_) {
      if (now - call.waiting_since < limit_) continue;
      // Under the lock: the call cannot finish (Unregister) meanwhile.
      call.context->TryCancel();
      call.waiting_since = absl::InfiniteFuture();
      LogWarning("call cancelled: its client sent nothing in time",
                 {{"idle_seconds", absl::ToDoubleSeconds(limit_)}});
    }
  }
}

}  // namespace dtr
