// The gRPC edge of the stats service: checks requests, hands the work to
// the executors (common/unary_calls.h, common/import_calls.h), maps
// outcomes to status codes.
//
// Indicator answers are cached in Redis under the generation, the unit and
// range, the unit tree's fingerprint and the indicator definitions'
// version; a committed write bumps the
// generation before it is acknowledged. Thread-safe: calls share only the
// thread-safe parts of Deps.
#ifndef DTR_SERVICES_STATS_STATS_SERVICE_H_
#define DTR_SERVICES_STATS_STATS_SERVICE_H_

#include <memory>

#include "common/arena_messages.h"
#include "common/import_session.h"
#include "common/service_env.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "services/stats/headline_gauges.h"
#include "services/stats/import_kinds.h"
#include "services/stats/indicator_rules.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

class StatsServiceImpl final : public v1::StatsService::CallbackService {
 public:
  struct Deps {
    ServiceEnv env;
    StatsStore* store;
    HeadlineGauges* gauges;  // may be null
    const IndicatorRules* indicators;
  };
  explicit StatsServiceImpl(Deps deps);

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
  grpc::ServerUnaryReactor* ListPayments(
      grpc::CallbackServerContext* context,
      const v1::ListPaymentsRequest* request,
      v1::ListPaymentsResponse* response) override;
  grpc::ServerUnaryReactor* ListDossiers(
      grpc::CallbackServerContext* context,
      const v1::ListDossiersRequest* request,
      v1::ListDossiersResponse* response) override;
  grpc::ServerUnaryReactor* RankUnits(grpc::CallbackServerContext* context,
                                      const v1::RankUnitsRequest* request,
                                      v1::RankUnitsResponse* response) override;
  grpc::ServerUnaryReactor* GetTrend(grpc::CallbackServerContext* context,
                                     const v1::GetTrendRequest* request,
                                     v1::GetTrendResponse* response) override;
  grpc::ServerUnaryReactor* ListOutliers(
      grpc::CallbackServerContext* context,
      const v1::ListOutliersRequest* request,
      v1::ListOutliersResponse* response) override;
  grpc::ServerUnaryReactor* GetIndicators(
      grpc::CallbackServerContext* context,
      const v1::GetIndicatorsRequest* request,
      v1::GetIndicatorsResponse* response) override;
  grpc::ServerUnaryReactor* ListIndicatorDefinitions(
      grpc::CallbackServerContext* context,
      const v1::ListIndicatorDefinitionsRequest* request,
      v1::ListIndicatorDefinitionsResponse* response) override;
  grpc::ServerUnaryReactor* ListUnits(grpc::CallbackServerContext* context,
                                      const v1::ListUnitsRequest* request,
                                      v1::ListUnitsResponse* response) override;

 private:
  // The count of the figure a list's first page gives.
  absl::StatusOr<int64_t> FigureCount(
      const v1::ListDossiersRequest& r, DayRange range,
      const IndicatorVersions::Version& definitions);
  // An import of `Kind` by the caller of `context`, within the units it
  // may write.
  template <typename Kind>
  std::unique_ptr<ImportSession<Kind>> NewSession(
      const grpc::CallbackServerContext& context) const;

  const Deps d_;
  const WritePath writes_;
  // Answers parsed from the cache, and the lists' pages, thousands of
  // records each, on arenas.
  ArenaMessages<v1::GetIndicatorsRequest, v1::GetIndicatorsResponse>
      indicator_answers_;
  ArenaMessages<v1::ListDossiersRequest, v1::ListDossiersResponse>
      dossier_pages_;
  ArenaMessages<v1::ListPaymentsRequest, v1::ListPaymentsResponse>
      payment_pages_;
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_STATS_SERVICE_H_
