// The gRPC edge of the report service: narratives and settings (checked,
// then written on the write executor), report generation (on its own
// executor: the calls to the three services block), and the archive's
// reads and downloads (on the read executor).
#ifndef DTR_SERVICES_REPORT_REPORT_SERVICE_H_
#define DTR_SERVICES_REPORT_REPORT_SERVICE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/async_semaphore.h"
#include "common/executor.h"
#include "common/idle_call_watchdog.h"
#include "common/import_calls.h"
#include "common/policy_enforcer.h"
#include "common/reloadable.h"
#include "common/service_metrics.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "services/report/figure_sources.h"
#include "services/report/report_gauges.h"
#include "services/report/report_store.h"
#include "services/report/template_set.h"

namespace dtr::report {

using TemplatesHolder = Reloadable<TemplateSet>;

// "2023-10" → October 2023; "previous-month" → the month before `today`.
absl::StatusOr<absl::CivilMonth> ParsePeriod(const std::string& text,
                                             absl::CivilDay today);
std::string FormatPeriod(absl::CivilMonth month);

class ReportServiceImpl final : public v1::ReportService::CallbackService,
                                public ImportService {
 public:
  struct Deps {
    ReportStore* store;
    const TemplatesHolder* templates;
    FigureSources* sources;
    Executor* reads;
    Executor* writes;
    Executor* generations;
    AsyncSemaphore* write_slots;
    ServiceMetrics* metrics;
    IdleCallWatchdog* watchdog;
    ReportGauges* gauges;
    const PolicyHolder* policy = nullptr;  // the units writers may report on
  };
  explicit ReportServiceImpl(Deps deps) : d_(deps) {}

  // ImportService
  Executor* writes() override { return d_.writes; }
  AsyncSemaphore* write_slots() override { return d_.write_slots; }
  IdleCallWatchdog* watchdog() override { return d_.watchdog; }
  ServiceMetrics* metrics() override { return d_.metrics; }
  void AfterWrite() override {}  // nothing is cached

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

 private:
  // A writer may write and generate the reports of the units its policy
  // names (this service has no unit tree: a province writer does not
  // reach its districts' reports here unless the policy names them).
  absl::Status CheckScope(const grpc::CallbackServerContext& context,
                          const std::string& unit_code) const;
  // Generates and archives one version; runs on the generation executor.
  absl::StatusOr<v1::Report> Generate(const v1::GenerateReportRequest& request,
                                      const std::string& caller);

  const Deps d_;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_SERVICE_H_
