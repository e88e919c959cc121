// The gRPC edge of the security service: checks requests, hands the work
// to the executors, maps outcomes to status codes.
//
// Single changes and imports write on the write executor, holding the
// store's write slot; a committed change bumps the cache generation before
// it is acknowledged. Reads run on the read executor; compliance summaries
// are cached in Redis under the generation, the unit tree's and the
// controls catalogue's fingerprints.
#ifndef DTR_SERVICES_SECURITY_SECURITY_SERVICE_H_
#define DTR_SERVICES_SECURITY_SECURITY_SERVICE_H_

#include <functional>
#include <memory>
#include <string>

#include "common/async_semaphore.h"
#include "common/executor.h"
#include "common/idle_call_watchdog.h"
#include "common/import_calls.h"
#include "common/policy_enforcer.h"
#include "common/redis_cache.h"
#include "common/reloadable.h"
#include "common/service_metrics.h"
#include "common/unit_tree_holder.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "services/security/control_catalogue.h"
#include "services/security/headline_gauges.h"
#include "services/security/import_session.h"
#include "services/security/security_changes.h"
#include "services/security/security_store.h"

namespace dtr::security {

class SecurityServiceImpl final : public v1::SecurityService::CallbackService,
                                  public ImportService {
 public:
  struct Deps {
    SecurityStore* store;
    const UnitTreeHolder* units;
    const CatalogueHolder* catalogue;
    RedisCache* cache;
    Executor* reads;
    Executor* writes;
    AsyncSemaphore* write_slots;
    ServiceMetrics* metrics;
    IdleCallWatchdog* watchdog;
    HeadlineGauges* gauges;                // may be null
    const PolicyHolder* policy = nullptr;  // the units writers may change
  };
  explicit SecurityServiceImpl(Deps deps) : d_(deps) {}

  grpc::ServerUnaryReactor* CreateSystem(
      grpc::CallbackServerContext* context,
      const v1::CreateSystemRequest* request,
      v1::InformationSystem* response) override;
  grpc::ServerUnaryReactor* GetSystem(grpc::CallbackServerContext* context,
                                      const v1::GetSystemRequest* request,
                                      v1::InformationSystem* response) override;
  grpc::ServerUnaryReactor* ListSystems(
      grpc::CallbackServerContext* context,
      const v1::ListSystemsRequest* request,
      v1::ListSystemsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateSystem(
      grpc::CallbackServerContext* context,
      const v1::UpdateSystemRequest* request,
      v1::InformationSystem* response) override;
  grpc::ServerUnaryReactor* DraftDossier(
      grpc::CallbackServerContext* context,
      const v1::DossierStepRequest* request,
      v1::InformationSystem* response) override;
  grpc::ServerUnaryReactor* SubmitDossier(
      grpc::CallbackServerContext* context,
      const v1::DossierStepRequest* request,
      v1::InformationSystem* response) override;
  grpc::ServerUnaryReactor* ApproveDossier(
      grpc::CallbackServerContext* context,
      const v1::ApproveDossierRequest* request,
      v1::InformationSystem* response) override;
  grpc::ServerUnaryReactor* RevokeDossier(
      grpc::CallbackServerContext* context,
      const v1::RevokeDossierRequest* request,
      v1::InformationSystem* response) override;
  grpc::ServerUnaryReactor* ListControls(
      grpc::CallbackServerContext* context,
      const v1::ListControlsRequest* request,
      v1::ListControlsResponse* response) override;
  grpc::ServerUnaryReactor* SetControlState(
      grpc::CallbackServerContext* context,
      const v1::SetControlStateRequest* request,
      v1::SystemControl* response) override;
  grpc::ServerUnaryReactor* ListSystemControls(
      grpc::CallbackServerContext* context,
      const v1::ListSystemControlsRequest* request,
      v1::ListSystemControlsResponse* response) override;
  grpc::ServerUnaryReactor* ListEndpoints(
      grpc::CallbackServerContext* context,
      const v1::ListEndpointsRequest* request,
      v1::ListEndpointsResponse* response) override;
  grpc::ServerUnaryReactor* OpenIncident(grpc::CallbackServerContext* context,
                                         const v1::OpenIncidentRequest* request,
                                         v1::Incident* response) override;
  grpc::ServerUnaryReactor* CloseIncident(
      grpc::CallbackServerContext* context,
      const v1::CloseIncidentRequest* request, v1::Incident* response) override;
  grpc::ServerUnaryReactor* GetComplianceSummary(
      grpc::CallbackServerContext* context,
      const v1::GetComplianceSummaryRequest* request,
      v1::GetComplianceSummaryResponse* response) override;
  grpc::ServerUnaryReactor* ListGaps(grpc::CallbackServerContext* context,
                                     const v1::ListGapsRequest* request,
                                     v1::ListGapsResponse* response) override;
  grpc::ServerUnaryReactor* GetSystemHistory(
      grpc::CallbackServerContext* context,
      const v1::GetSystemHistoryRequest* request,
      v1::GetSystemHistoryResponse* response) override;

  grpc::ServerReadReactor<v1::ImportSystemsRequest>* ImportSystems(
      grpc::CallbackServerContext* context,
      v1::ImportSystemsResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertSystems(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertSystemsRequest* request,
      v1::BatchUpsertSystemsResponse* response) override;
  grpc::ServerReadReactor<v1::ImportSystemControlsRequest>*
  ImportSystemControls(grpc::CallbackServerContext* context,
                       v1::ImportSystemControlsResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertSystemControls(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertSystemControlsRequest* request,
      v1::BatchUpsertSystemControlsResponse* response) override;
  grpc::ServerReadReactor<v1::ImportEndpointsRequest>* ImportEndpoints(
      grpc::CallbackServerContext* context,
      v1::ImportEndpointsResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertEndpoints(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertEndpointsRequest* request,
      v1::BatchUpsertEndpointsResponse* response) override;
  grpc::ServerReadReactor<v1::ImportIncidentsRequest>* ImportIncidents(
      grpc::CallbackServerContext* context,
      v1::ImportIncidentsResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertIncidents(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertIncidentsRequest* request,
      v1::BatchUpsertIncidentsResponse* response) override;

  // ImportService.
  Executor* writes() override { return d_.writes; }
  AsyncSemaphore* write_slots() override { return d_.write_slots; }
  IdleCallWatchdog* watchdog() override { return d_.watchdog; }
  ServiceMetrics* metrics() override { return d_.metrics; }
  void AfterWrite() override {
    d_.cache->BumpGeneration();
    if (d_.gauges != nullptr) d_.gauges->MarkStale();
  }

 private:
  // Applies one change in its own transaction, holding the write slot.
  template <typename Response>
  grpc::ServerUnaryReactor* Change(
      grpc::CallbackServerContext* context, const v1::ChangeContext& change,
      Response* response,
      std::function<absl::StatusOr<Response>(SecurityChanges&, absl::Time)>
          apply);
  // Runs a read on the read executor.
  grpc::ServerUnaryReactor* Read(grpc::CallbackServerContext* context,
                                 std::function<absl::Status()> read);
  std::unique_ptr<ImportSession> NewSession(
      grpc::CallbackServerContext* context);

  const Deps d_;
};

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_SECURITY_SERVICE_H_
