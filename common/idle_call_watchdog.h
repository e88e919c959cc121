// Cancels calls whose client has gone quiet.
//
// A streamed import holds the store's write slot while it waits for its
// client's next batch; a client that stalls (alive, so keepalive does not
// notice) would hold every other writer back until its deadline. A call
// marked as waiting for its client longer than the limit is cancelled,
// which rolls its import back and frees the slot. Time a call spends
// waiting for the service (its write slot, the store) does not count.
// Thread-safe.
#ifndef DTR_COMMON_IDLE_CALL_WATCHDOG_H_
#define DTR_COMMON_IDLE_CALL_WATCHDOG_H_

#include <cstdint>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"

namespace dtr {

class IdleCallWatchdog {
 public:
  explicit IdleCallWatchdog(absl::Duration limit);
  ~IdleCallWatchdog();

  IdleCallWatchdog(const IdleCallWatchdog&) = delete;
  IdleCallWatchdog& operator=(const IdleCallWatchdog&) = delete;

  // Watches a call until Unregister(), which must come before the call is
  // finished.
  int64_t Register(grpc::CallbackServerContext* context);
  // The call now waits for its client / its client has answered.
  void WaitingForClient(int64_t id);
  void ClientAnswered(int64_t id);
  void Unregister(int64_t id);

 private:
  struct Watched {
    grpc::CallbackServerContext* context;
    absl::Time waiting_since = absl::InfiniteFuture();
  };
  void Loop();

  const absl::Duration limit_;
  absl::Mutex mu_;
  absl::flat_hash_map<int64_t, Watched> calls_ ABSL_GUARDED_BY(mu_);
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace dtr

#endif  // DTR_COMMON_IDLE_CALL_WATCHDOG_H_
