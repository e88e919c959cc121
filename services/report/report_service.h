// The gRPC edge of the report service: narratives and settings (checked,
// then written on the write executor), report generation (on its own
// executor: the calls to the three services block; report_generation.h),
// and the archive's reads and downloads (on the read executor).
// Thread-safe: calls share only the thread-safe parts of Deps.
#ifndef DTR_SERVICES_REPORT_REPORT_SERVICE_H_
#define DTR_SERVICES_REPORT_REPORT_SERVICE_H_

#include <string>

#include "absl/status/status.h"
#include "common/service_env.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "services/report/contribution_request_store.h"
#include "services/report/contribution_store.h"
#include "services/report/contribution_tracker.h"
#include "services/report/document_issuing.h"
#include "services/report/document_life_store.h"
#include "services/report/figure_sources.h"
#include "services/report/period_lock_store.h"
#include "services/report/report_gauges.h"
#include "services/report/report_generation.h"
#include "services/report/report_store.h"
#include "services/report/settings_source.h"

namespace dtr::report {

class ReportServiceImpl final : public v1::ReportService::CallbackService {
 public:
  struct Deps {
    ServiceEnv env;  // its policy: the units writers may report on
    ReportStore* store;
    const SettingsSource* settings;  // in force on a day
    const TemplatesHolder* templates;
    FigureSources* sources;
    Executor* generations;
    ReportGauges* gauges;
    DocumentLifeStore* life;
    const DocumentSigning* signing;
    ContributionStore* contributions;
    ContributionRequestStore* contribution_requests;
    ContributionTracker* tracker;
    PeriodLockStore* locks;
  };
  explicit ReportServiceImpl(Deps deps);

  grpc::ServerUnaryReactor* PutNarrative(grpc::CallbackServerContext* context,
                                         const v1::PutNarrativeRequest* request,
                                         v1::Narrative* response) override;
  grpc::ServerUnaryReactor* GetNarrative(grpc::CallbackServerContext* context,
                                         const v1::GetNarrativeRequest* request,
                                         v1::Narrative* response) override;
  grpc::ServerUnaryReactor* ListNarratives(
      grpc::CallbackServerContext* context,
      const v1::ListNarrativesRequest* request,
      v1::ListNarrativesResponse* response) override;
  grpc::ServerUnaryReactor* ImportNarratives(
      grpc::CallbackServerContext* context,
      const v1::ImportNarrativesRequest* request,
      v1::ImportNarrativesResponse* response) override;
  grpc::ServerUnaryReactor* PutSettings(grpc::CallbackServerContext* context,
                                        const v1::PutSettingsRequest* request,
                                        v1::ReportSettings* response) override;
  grpc::ServerUnaryReactor* GetSettings(grpc::CallbackServerContext* context,
                                        const v1::GetSettingsRequest* request,
                                        v1::ReportSettings* response) override;
  grpc::ServerUnaryReactor* GetTemplates(
      grpc::CallbackServerContext* context,
      const v1::GetTemplatesRequest* request,
      v1::TemplatesInForce* response) override;
  grpc::ServerUnaryReactor* GenerateReport(
      grpc::CallbackServerContext* context,
      const v1::GenerateReportRequest* request, v1::Report* response) override;
  grpc::ServerUnaryReactor* GetReport(grpc::CallbackServerContext* context,
                                      const v1::GetReportRequest* request,
                                      v1::Report* response) override;
  grpc::ServerUnaryReactor* ListReports(
      grpc::CallbackServerContext* context,
      const v1::ListReportsRequest* request,
      v1::ListReportsResponse* response) override;
  grpc::ServerWriteReactor<v1::RenderingChunk>* DownloadRendering(
      grpc::CallbackServerContext* context,
      const v1::DownloadRenderingRequest* request) override;
  grpc::ServerUnaryReactor* PrepareSignature(
      grpc::CallbackServerContext* context,
      const v1::PrepareSignatureRequest* request,
      v1::PrepareSignatureResponse* response) override;
  grpc::ServerUnaryReactor* CompleteSignature(
      grpc::CallbackServerContext* context,
      const v1::CompleteSignatureRequest* request,
      v1::Report* response) override;
  grpc::ServerUnaryReactor* IssueReport(grpc::CallbackServerContext* context,
                                        const v1::IssueReportRequest* request,
                                        v1::Report* response) override;

  // The units' contributions (report_service_contributions.cc).
  grpc::ServerUnaryReactor* PutContribution(
      grpc::CallbackServerContext* context,
      const v1::PutContributionRequest* request,
      v1::Contribution* response) override;
  grpc::ServerUnaryReactor* SubmitContribution(
      grpc::CallbackServerContext* context, const v1::ContributionStep* request,
      v1::Contribution* response) override;
  grpc::ServerUnaryReactor* AcceptContribution(
      grpc::CallbackServerContext* context, const v1::ContributionStep* request,
      v1::Contribution* response) override;
  grpc::ServerUnaryReactor* ReturnContribution(
      grpc::CallbackServerContext* context, const v1::ContributionStep* request,
      v1::Contribution* response) override;
  grpc::ServerUnaryReactor* GetContribution(
      grpc::CallbackServerContext* context, const v1::ContributionStep* request,
      v1::Contribution* response) override;
  grpc::ServerUnaryReactor* ListContributions(
      grpc::CallbackServerContext* context,
      const v1::ListContributionsRequest* request,
      v1::ListContributionsResponse* response) override;
  grpc::ServerUnaryReactor* RequestContributions(
      grpc::CallbackServerContext* context,
      const v1::RequestContributionsRequest* request,
      v1::RequestContributionsResponse* response) override;
  grpc::ServerUnaryReactor* ListContributionRequests(
      grpc::CallbackServerContext* context,
      const v1::ListContributionRequestsRequest* request,
      v1::RequestContributionsResponse* response) override;
  grpc::ServerUnaryReactor* GetContributionStatus(
      grpc::CallbackServerContext* context,
      const v1::GetContributionStatusRequest* request,
      v1::ContributionStatus* response) override;

  // The locks on periods (report_service_locks.cc).
  grpc::ServerUnaryReactor* ClosePeriod(grpc::CallbackServerContext* context,
                                        const v1::ClosePeriodRequest* request,
                                        v1::PeriodLock* response) override;
  grpc::ServerUnaryReactor* ListPeriodLocks(
      grpc::CallbackServerContext* context,
      const v1::ListPeriodLocksRequest* request,
      v1::PeriodLocks* response) override;
  grpc::ServerUnaryReactor* AddLockException(
      grpc::CallbackServerContext* context, const v1::LockException* request,
      v1::LockException* response) override;

 private:
  // A writer may write and generate the reports of the units its policy
  // names (this service has no unit tree: a province writer does not
  // reach its districts' reports here unless the policy names them).
  absl::Status CheckScope(const grpc::CallbackServerContext& context,
                          const std::string& unit_code) const;
  // NOT_FOUND "unit_code: …" when the service has a unit tree (--units)
  // and `unit_code` is not in it in `period` ("YYYY-MM"; empty: ever).
  absl::Status CheckKnownUnit(const std::string& unit_code,
                              const std::string& period) const;
  // A step of a version's life (`step`, a DocumentIssuing method) for the
  // request's unit.
  template <typename Request, typename Response, typename Step>
  grpc::ServerUnaryReactor* LifeStep(grpc::CallbackServerContext* context,
                                     const Request* request, Response* response,
                                     Step step);
  // A writer or reviewer acts for its policy's units and, with a unit tree
  // (--units), for the units under them in `period`.
  absl::Status CheckUnitScope(const grpc::CallbackServerContext& context,
                              const std::string& unit_code,
                              const std::string& period) const;
  // FAILED_PRECONDITION naming the lock when `period` of `unit` is
  // locked for contributions (an issued report, a closing) and no
  // exception lets them through.
  // Reads the locks on `conn`.
  absl::Status CheckContributionsOpen(Connection* conn, const std::string& unit,
                                      const std::string& period) const;
  // The same against `locks` read before.
  absl::Status ContributionsOpenIn(const v1::PeriodLocks& locks,
                                   const std::string& unit,
                                   const std::string& period) const;
  // A step of a contribution, for the unit it names.
  grpc::ServerUnaryReactor* ContributionCall(
      grpc::CallbackServerContext* context, const v1::ContributionStep& step,
      ContributionAction action, const std::string& text,
      v1::Contribution* response);

  const Deps d_;
  const WritePath writes_;
  const ReportGeneration generation_;
  const DocumentIssuing issuing_;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_SERVICE_H_
