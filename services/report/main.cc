// report-service: assembles the monthly digital-transformation report from
// the statistics, security and workforce services, renders it (DOCX, HTML,
// Markdown, JSON) and archives every version.
#include <cstdio>
#include <functional>
#include <memory>

#include "common/async_semaphore.h"
#include "common/database.h"
#include "common/executor.h"
#include "common/flags.h"
#include "common/idle_call_watchdog.h"
#include "common/log.h"
#include "common/service_host.h"
#include "common/service_metrics.h"
#include "common/store_flags.h"
#include "services/report/figure_sources.h"
#include "services/report/report_service.h"
#include "services/report/report_store.h"
#include "services/report/template_set.h"

namespace {

constexpr char kUsage[] =
    "report-service: assembles the monthly report on digital transformation\n"
    "from the stats, security and workforce services, renders it as DOCX,\n"
    "HTML, Markdown and JSON, and archives every version.\n"
    "\n"
    "Usage: report-service [flags]\n"
    "Every flag can also be set through the environment variable shown.\n";

int Fail(const std::string& message) {
  dtr::LogError(message);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  dtr::BlockSignals();
  dtr::HostConfig host_config;
  host_config.listen = "0.0.0.0:7104";
  host_config.metrics = "0.0.0.0:9104";
  dtr::StoreFlags store_flags;
  store_flags.url = "sqlite:report.db";
  std::string stats = "localhost:7101";
  std::string security = "localhost:7102";
  std::string workforce = "localhost:7103";
  std::string templates_dir = "templates";
  double call_seconds = 20;
  int64_t read_threads = 4;
  int64_t write_threads = 2;
  int64_t generate_threads = 2;

  dtr::FlagSet flags(kUsage);
  dtr::AddHostFlags(&flags, &host_config);
  dtr::AddStoreFlags(&flags, &store_flags);
  flags.AddString("tls-ca", &host_config.tls.ca,
                  "PEM CA of the three services' certificates; the calls "
                  "present --tls-cert as the report service's client "
                  "certificate");
  flags.AddString("stats", &stats, "address of the stats service, HOST:PORT");
  flags.AddString("security", &security,
                  "address of the security service, HOST:PORT");
  flags.AddString("workforce", &workforce,
                  "address of the workforce service, HOST:PORT");
  flags.AddString("templates", &templates_dir,
                  "directory of the report templates (reloaded on SIGHUP)");
  flags.AddDouble("call-seconds", &call_seconds,
                  "deadline of each call to the three services");
  flags.AddInt("read-threads", &read_threads, "threads answering queries");
  flags.AddInt("write-threads", &write_threads, "threads applying writes");
  flags.AddInt("generate-threads", &generate_threads,
               "reports generated at once");
  auto words = flags.Parse(argc, argv);
  if (flags.help_requested()) {
    std::fputs(flags.Help().c_str(), stdout);
    return 0;
  }
  dtr::InitLogging("report", dtr::LogLevel::kInfo);
  if (!words.ok()) return Fail(std::string(words.status().message()));
  if (!words->empty()) return Fail("unexpected argument " + words->front());
  if (read_threads < 1 || write_threads < 1 || generate_threads < 1) {
    return Fail(
        "--read-threads, --write-threads and --generate-threads must be at "
        "least 1");
  }
  if (call_seconds <= 0) return Fail("--call-seconds must be positive");

  auto templates = dtr::report::TemplatesHolder::Open(
      templates_dir, &dtr::report::TemplateSet::LoadDir);
  if (!templates.ok()) return Fail(std::string(templates.status().message()));

  auto db = dtr::OpenStore(store_flags, dtr::report::ReportStore::Migrations());
  if (!db.ok()) return Fail(std::string(db.status().message()));
  dtr::report::ReportStore store(db->get());
  // Calls to the three in the same mode the service serves in.
  dtr::TlsFiles client_tls = host_config.tls;
  client_tls.client_ca.clear();
  if (host_config.plaintext) client_tls = dtr::TlsFiles();
  auto client_credentials = dtr::ChannelCredentialsFor(client_tls);
  if (!client_credentials.ok()) {
    return Fail(std::string(client_credentials.status().message()));
  }
  dtr::report::FigureSources sources({stats, security, workforce},
                                     absl::Seconds(call_seconds),
                                     *client_credentials);

  dtr::ServiceHost host("report", host_config);
  host.EnableAudit(db->get());
  dtr::Executor reads(static_cast<int>(read_threads));
  dtr::Executor writes(static_cast<int>(write_threads));
  dtr::Executor generations(static_cast<int>(generate_threads));
  dtr::AsyncSemaphore write_slots(1);  // SQLite has one writer at a time
  dtr::ServiceMetrics metrics(host.registry(), {},
                              {"generate", "fetch", "render"});
  dtr::IdleCallWatchdog watchdog(absl::Seconds(60));
  dtr::report::ReportGauges gauges(host.registry());
  if (absl::Status s = gauges.Load(store); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  auto policy = host.LoadPolicy();
  if (!policy.ok()) return Fail(std::string(policy.status().message()));
  dtr::report::ReportServiceImpl service(
      {&store, templates->get(), &sources, &reads, &writes, &generations,
       &write_slots, &metrics, &watchdog, &gauges, *policy});
  host.AddService(&service, "dtr.report.v1.ReportService");
  host.OnReload([&templates] {
    if (absl::Status s = (*templates)->Reload(); !s.ok()) {
      dtr::LogError("templates not reloaded, keeping the current ones",
                    {{"error", std::string(s.message())}});
    } else {
      dtr::LogInfo("templates reloaded");
    }
  });
  if (absl::Status s = host.Start(); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  host.Run();
  return 0;
}
