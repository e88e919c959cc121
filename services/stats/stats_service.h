// The gRPC edge of the stats service: checks requests, hands blocking work
// to the executors, maps outcomes to status codes.
//
// Imports follow common/import_calls.h. Queries run on the read executor,
// cache lookup included, so that neither a slow store nor a stalled Redis
// holds a gRPC thread. A committed write bumps the cache generation before
// it is acknowledged.
#ifndef DTR_SERVICES_STATS_STATS_SERVICE_H_
#define DTR_SERVICES_STATS_STATS_SERVICE_H_

#include <memory>

#include "common/async_semaphore.h"
#include "common/executor.h"
#include "common/idle_call_watchdog.h"
#include "common/import_calls.h"
#include "common/policy_enforcer.h"
#include "common/redis_cache.h"
#include "common/service_metrics.h"
#include "common/unit_tree_holder.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "services/stats/headline_gauges.h"
#include "services/stats/import_session.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

class StatsServiceImpl final : public v1::StatsService::CallbackService,
                               public ImportService {
 public:
  StatsServiceImpl(StatsStore* store, const UnitTreeHolder* units,
                   RedisCache* cache, Executor* reads, Executor* writes,
                   AsyncSemaphore* write_slots, HeadlineGauges* gauges,
                   ServiceMetrics* metrics, IdleCallWatchdog* watchdog,
                   const PolicyHolder* policy = nullptr);

  grpc::ServerReadReactor<v1::ImportDossiersRequest>* ImportDossiers(
      grpc::CallbackServerContext* context,
      v1::ImportDossiersResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertDossiers(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertDossiersRequest* request,
      v1::BatchUpsertDossiersResponse* response) override;
  grpc::ServerReadReactor<v1::ImportPaymentsRequest>* ImportPayments(
      grpc::CallbackServerContext* context,
      v1::ImportPaymentsResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertPayments(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertPaymentsRequest* request,
      v1::BatchUpsertPaymentsResponse* response) override;
  grpc::ServerUnaryReactor* GetIndicators(
      grpc::CallbackServerContext* context,
      const v1::GetIndicatorsRequest* request,
      v1::GetIndicatorsResponse* response) override;
  grpc::ServerUnaryReactor* ListUnits(grpc::CallbackServerContext* context,
                                      const v1::ListUnitsRequest* request,
                                      v1::ListUnitsResponse* response) override;

  // ImportService.
  Executor* writes() override { return writes_; }
  AsyncSemaphore* write_slots() override { return write_slots_; }
  IdleCallWatchdog* watchdog() override { return watchdog_; }
  ServiceMetrics* metrics() override { return metrics_; }
  // Invalidates cached answers and refreshes the gauges.
  void AfterWrite() override;

 private:
  // An import of the caller of `context`, within the units it may write.
  std::unique_ptr<ImportSession> NewSession(
      const grpc::CallbackServerContext& context);

  StatsStore* store_;
  const UnitTreeHolder* units_;
  const PolicyHolder* policy_;  // may be null
  RedisCache* cache_;
  Executor* reads_;
  Executor* writes_;
  AsyncSemaphore* write_slots_;
  HeadlineGauges* gauges_;
  ServiceMetrics* metrics_;
  IdleCallWatchdog* watchdog_;
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_STATS_SERVICE_H_
