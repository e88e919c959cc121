// report-service: the monthly report, as its spec below says.
#include "common/service_main.h"
#include "services/report/report_flags.h"
#include "services/report/report_service.h"
#include "services/report/settings_source.h"

namespace {

const dtr::ServiceSpec kSpec{
    "report",
    "the monthly digital-transformation report: assembled from the three\n"
    "services, rendered, archived and issued; the units' texts collected.\n",
    dtr::kReportPorts,
    "sqlite:report.db",
    &dtr::report::ReportStore::Migrations(),
    {},
    {"generate", "fetch", "render"},
    /*data_service=*/false,
    /*checks_units=*/true};

}  // namespace

int main(int argc, char** argv) {
  namespace rep = dtr::report;
  dtr::ServiceMain main(kSpec);
  rep::ReportFlags flags;
  rep::AddReportFlags(&main.flags(), &flags);
  auto* templates =
      main.File("templates", "templates", "templates",
                "directory of the report templates (reloaded on SIGHUP)",
                &rep::LoadTemplateVersions);
  auto* settings = main.File(
      "settings", "", "report settings",
      "JSON file of the units' report settings by date (issuer, symbol, "
      "signer...; the units it names are not put through the API); "
      "reloaded on SIGHUP",
      &rep::LoadSettingsVersions);
  auto* defaults = main.File(
      "contribution-defaults", "", "contribution defaults",
      "JSON file of the contributions every month asks of the units "
      "(sections x unit levels, deadline day; needs --units); reloaded on "
      "SIGHUP",
      &rep::ContributionDefaults::LoadFile);
  main.CheckFlags([&flags] { return rep::CheckReportFlags(flags); });
  return main.Run(argc, argv, [&](dtr::ServiceBuild& b) -> absl::Status {
    auto sources = rep::OpenFigureSources(flags, b.host_config());
    if (!sources.ok()) return sources.status();
    auto signing = rep::LoadDocumentSigning(flags);
    if (!signing.ok()) return signing.status();
    auto* store = b.Make<rep::ReportStore>(b.db());
    if (settings->holder() != nullptr && b.env().units != nullptr) {
      if (absl::Status s = rep::CheckSettingsUnits(*settings->holder()->Get(),
                                                   *b.env().units->Get());
          !s.ok()) {
        return s;
      }
    }
    if (defaults->holder() != nullptr && b.env().units == nullptr) {
      return absl::InvalidArgumentError(
          "--contribution-defaults names unit levels: it needs --units");
    }
    auto* gauges = b.Make<rep::ReportGauges>(b.registry());
    auto* contributions = b.Make<rep::ContributionStore>(b.db());
    auto* requests = b.Make<rep::ContributionRequestStore>(b.db());
    if (absl::Status s = gauges->Load(*store); !s.ok()) return s;
    b.Serve(
        b.Make<rep::ReportServiceImpl>(rep::ReportServiceImpl::Deps{
            b.env(), store,
            b.Make<rep::SettingsSource>(store, settings->holder()),
            templates->holder(), b.Keep(std::move(*sources)),
            b.Make<dtr::Executor>(static_cast<int>(flags.generate_threads)),
            gauges, b.Make<rep::DocumentLifeStore>(b.db()),
            b.Keep(std::move(*signing)), contributions, requests,
            b.Make<rep::ContributionTracker>(
                rep::ContributionTracker::Deps{
                    contributions, requests, defaults->holder(), b.env().units},
                b.registry()),
            b.Make<rep::PeriodLockStore>(b.db())}),
        "dtr.report.v1.ReportService");
    return absl::OkStatus();
  });
}
