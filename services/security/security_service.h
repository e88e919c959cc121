// The gRPC edge of the security service: checks requests, hands the work
// to the executors (common/unary_calls.h, common/import_calls.h), maps
// outcomes to status codes.
//
// Single changes and imports write on the write executor, holding the
// store's write slot; a committed change bumps the cache generation before
// it is acknowledged. Reads run on the read executor; compliance summaries
// are cached in Redis under the generation, the unit tree's fingerprint and
// that of the controls catalogue's version in force on the day. Thread-safe:
// calls share only the thread-safe parts of Deps.
#ifndef DTR_SERVICES_SECURITY_SECURITY_SERVICE_H_
#define DTR_SERVICES_SECURITY_SECURITY_SERVICE_H_

#include <functional>
#include <memory>
#include <string>

#include "common/import_session.h"
#include "common/service_env.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "services/security/control_catalogue.h"
#include "services/security/headline_gauges.h"
#include "services/security/import_kinds.h"
#include "services/security/security_changes.h"
#include "services/security/security_store.h"

namespace dtr::security {

class SecurityServiceImpl final : public v1::SecurityService::CallbackService {
 public:
  struct Deps {
    ServiceEnv env;  // its policy: the units writers may change
    SecurityStore* store;
    const CatalogueHolder* catalogue;
    HeadlineGauges* gauges;  // may be null
  };
  explicit SecurityServiceImpl(Deps deps);

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
  grpc::ServerUnaryReactor* ListSystemsBehind(
      grpc::CallbackServerContext* context,
      const v1::ListSystemsBehindRequest* request,
      v1::ListSystemsBehindResponse* response) override;
  grpc::ServerUnaryReactor* ListEndpointsBehind(
      grpc::CallbackServerContext* context,
      const v1::ListEndpointsBehindRequest* request,
      v1::ListEndpointsBehindResponse* response) override;
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

 private:
  // What a list as of a day reads: the request's unit_code (required) and
  // as_of (empty: today), and every record as it stood that day.
  template <typename Request>
  absl::Status RecordsOfDay(const Request& r, absl::CivilDay* day,
                            SecurityRecords* records);
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
  // An import of `Kind` by the caller of `context`.
  template <typename Kind>
  std::unique_ptr<ImportSession<Kind>> NewSession(
      grpc::CallbackServerContext* context) const;

  const Deps d_;
  const WritePath writes_;
};

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_SECURITY_SERVICE_H_
