// What every service's RPC edge works with, made once by ServiceMain
// (service_main.h): the unit tree, the cache, the executors, the write
// slots, the metrics, the watchdog of streamed imports and the access
// policy; and the path a service's writes take (WritePath).
//
// Plain structs of pointers that the service's main owns for as long as
// the server runs; what they point to is thread-safe.
#ifndef DTR_COMMON_SERVICE_ENV_H_
#define DTR_COMMON_SERVICE_ENV_H_

#include <functional>
#include <utility>

#include "common/async_semaphore.h"
#include "common/audit_log.h"
#include "common/executor.h"
#include "common/idle_call_watchdog.h"
#include "common/policy_enforcer.h"
#include "common/redis_cache.h"
#include "common/service_metrics.h"
#include "common/unit_tree_holder.h"

namespace dtr {

struct ServiceEnv {
  const UnitTreeHolder* units = nullptr;  // null: none (the report service)
  RedisCache* cache = nullptr;            // null: nothing is cached
  Executor* reads = nullptr;              // queries, off the gRPC threads
  Executor* writes = nullptr;             // writes, holding a write slot
  // As many permits as the store has writers at once (Database::
  // max_writers): a write waiting for its turn holds no thread.
  AsyncSemaphore* write_slots = nullptr;
  ServiceMetrics* metrics = nullptr;
  IdleCallWatchdog* watchdog = nullptr;
  const PolicyHolder* policy = nullptr;  // null: no access policy
  AuditLog* audit = nullptr;             // null: no audit
};

// How a service's writes run (unary_calls.h, import_calls.h): on its write
// executor holding a write slot, a streamed import watched for a client
// that goes quiet, accounted in its metrics; after a commit that changed
// records and before the write is acknowledged, the cache's generation is
// bumped (so no answer computed before the write is served after it) and
// `after_commit` runs (gauges marked stale).
class WritePath {
 public:
  WritePath(const ServiceEnv& env, std::function<void()> after_commit)
      : env_(env), after_commit_(std::move(after_commit)) {}

  Executor* executor() const { return env_.writes; }
  AsyncSemaphore* slots() const { return env_.write_slots; }
  IdleCallWatchdog* watchdog() const { return env_.watchdog; }
  ServiceMetrics* metrics() const { return env_.metrics; }
  AuditLog* audit() const { return env_.audit; }

  void AfterCommit() const {
    if (env_.cache != nullptr) env_.cache->BumpGeneration();
    if (after_commit_) after_commit_();
  }

 private:
  const ServiceEnv env_;
  const std::function<void()> after_commit_;
};

}  // namespace dtr

#endif  // DTR_COMMON_SERVICE_ENV_H_
