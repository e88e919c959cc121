#include "services/report/report_flags.h"

#include <cstdlib>
#include <utility>

#include "common/service_ports.h"
#include "common/tls_credentials.h"

namespace dtr::report {

void AddReportFlags(FlagSet* flags, ReportFlags* report) {
  report->sources = {LocalAddress(kStatsPorts.grpc),
                     LocalAddress(kSecurityPorts.grpc),
                     LocalAddress(kWorkforcePorts.grpc)};
  // The services' addresses are read from the variables dtctl reads too
  // (DTR_STATS_ADDR, ...); the earlier names (DTR_STATS, ...) still count,
  // below them.
  for (auto [variable, address] :
       {std::pair{"DTR_STATS", &report->sources.stats},
        std::pair{"DTR_SECURITY", &report->sources.security},
        std::pair{"DTR_WORKFORCE", &report->sources.workforce}}) {
    if (const char* value = std::getenv(variable)) *address = value;
  }
  flags->AddString("tls-ca", &report->tls_ca,
                   "PEM CA of the three services' certificates; the calls "
                   "present --tls-cert as the report service's client "
                   "certificate");
  flags->AddString("stats", &report->sources.stats,
                   "address of the stats service, HOST:PORT", "DTR_STATS_ADDR");
  flags->AddString("security", &report->sources.security,
                   "address of the security service, HOST:PORT",
                   "DTR_SECURITY_ADDR");
  flags->AddString("workforce", &report->sources.workforce,
                   "address of the workforce service, HOST:PORT",
                   "DTR_WORKFORCE_ADDR");
  flags->AddDouble("call-seconds", &report->call_seconds,
                   "deadline of each call to the three services");
  flags->AddInt("generate-threads", &report->generate_threads,
                "reports generated at once");
}

absl::Status CheckReportFlags(const ReportFlags& report) {
  if (report.generate_threads < 1) {
    return absl::InvalidArgumentError("--generate-threads must be at least 1");
  }
  if (report.call_seconds <= 0) {
    return absl::InvalidArgumentError("--call-seconds must be positive");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<FigureSources>> OpenFigureSources(
    const ReportFlags& report, const HostConfig& host) {
  TlsFiles client_tls;  // plain text when the service serves it
  if (!host.plaintext) {
    client_tls = host.tls;
    client_tls.client_ca.clear();
    client_tls.ca = report.tls_ca;
  }
  auto credentials = ChannelCredentialsFor(client_tls);
  if (!credentials.ok()) return credentials.status();
  return std::make_unique<FigureSources>(
      report.sources, absl::Seconds(report.call_seconds), *credentials);
}

}  // namespace dtr::report
