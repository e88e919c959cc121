// The gRPC edge of the stats service: checks requests, hands blocking work
// to the executors, maps outcomes to status codes.
//
// Writes run on the write executor once they hold a write slot (one for
// SQLite, which has one writer); a write waiting for its slot holds no
// thread. Reads that miss the cache run on the read executor. A committed
// write bumps the cache generation before it is acknowledged.
#ifndef DTR_SERVICES_STATS_STATS_SERVICE_H_
#define DTR_SERVICES_STATS_STATS_SERVICE_H_

#include "common/async_semaphore.h"
#include "common/executor.h"
#include "common/idle_call_watchdog.h"
#include "common/redis_cache.h"
#include "common/unit_tree_holder.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "services/stats/headline_gauges.h"
#include "services/stats/stats_metrics.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

class StatsServiceImpl final : public v1::StatsService::CallbackService {
 public:
  StatsServiceImpl(StatsStore* store, const UnitTreeHolder* units,
                   RedisCache* cache, Executor* reads, Executor* writes,
                   AsyncSemaphore* write_slots, HeadlineGauges* gauges,
                   StatsMetrics* metrics, IdleCallWatchdog* watchdog);

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

  // Used by the import reactors once a session ends.
  StatsStore* store() const { return store_; }
  const UnitTreeHolder* units() const { return units_; }
  Executor* writes() const { return writes_; }
  AsyncSemaphore* write_slots() const { return write_slots_; }
  StatsMetrics* metrics() const { return metrics_; }
  IdleCallWatchdog* watchdog() const { return watchdog_; }
  // After a commit that changed records: invalidate cached answers and
  // refresh the gauges.
  void AfterWrite();

 private:
  StatsStore* store_;
  const UnitTreeHolder* units_;
  RedisCache* cache_;
  Executor* reads_;
  Executor* writes_;
  AsyncSemaphore* write_slots_;
  HeadlineGauges* gauges_;
  StatsMetrics* metrics_;
  IdleCallWatchdog* watchdog_;
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_STATS_SERVICE_H_
