// Store calls run again when the store failed them for a passing reason: a
// connection lost in the middle of a statement (the server restarted or
// failed over), a serialisation failure or a deadlock. The store marks such
// errors (MarkTransient); a store that cannot be reached at all is not
// marked, since opening a connection already retried with backoff.
//
// Only whole units of work are retried — a read, or a write transaction
// from its beginning to its commit — so nothing is applied twice: a failed
// transaction was rolled back by the server.
#ifndef DTR_COMMON_STORE_RETRY_H_
#define DTR_COMMON_STORE_RETRY_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace dtr {

// Attempts of a unit of work in all, and the pause before the second.
inline constexpr int kStoreAttempts = 3;
inline constexpr absl::Duration kStoreFirstBackoff = absl::Milliseconds(50);

absl::Status MarkTransient(absl::Status status);
bool IsTransient(const absl::Status& status);

namespace internal {
inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}
}  // namespace internal

// Runs `attempt` (returning a Status or a StatusOr) until it succeeds, fails
// for a lasting reason, or has run kStoreAttempts times, doubling the pause
// between runs.
template <typename Attempt>
auto RetryTransient(Attempt attempt) -> decltype(attempt()) {
  absl::Duration backoff = kStoreFirstBackoff;
  for (int run = 1;; ++run) {
    auto result = attempt();
    if (run == kStoreAttempts || !IsTransient(internal::StatusOf(result))) {
      return result;
    }
    absl::SleepFor(backoff);
    backoff *= 2;
  }
}

}  // namespace dtr

#endif  // DTR_COMMON_STORE_RETRY_H_
