#include "services/report/report_flags.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
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
  flags->AddString("agency-cert", &report->agency_cert,
                   "PEM certificate chain of the issuing agency, whose "
                   "signature issues a report",
                   "DTR_AGENCY_CERT");
  flags->AddString("agency-key", &report->agency_key,
                   "PEM private key of --agency-cert (a mounted secret)",
                   "DTR_AGENCY_KEY");
  flags->AddString("agency-pkcs11-uri", &report->agency_pkcs11_uri,
                   "the agency's key on an HSM or token, a PKCS#11 URI "
                   "(pkcs11:token=…;object=…?pin-source=…|pin-value=…"
                   "&module-path=…), instead of --agency-key",
                   "DTR_AGENCY_PKCS11_URI");
  flags->AddString("trust-anchors", &report->trust_anchors,
                   "PEM CAs trusted for signers' certificates",
                   "DTR_TRUST_ANCHORS");
}

absl::Status CheckReportFlags(const ReportFlags& report) {
  if (report.generate_threads < 1) {
    return absl::InvalidArgumentError("--generate-threads must be at least 1");
  }
  if (report.call_seconds <= 0) {
    return absl::InvalidArgumentError("--call-seconds must be positive");
  }
  if (!report.agency_key.empty() && !report.agency_pkcs11_uri.empty()) {
    return absl::InvalidArgumentError(
        "--agency-key and --agency-pkcs11-uri: give one of them");
  }
  if ((!report.agency_key.empty() || !report.agency_pkcs11_uri.empty()) !=
      !report.agency_cert.empty()) {
    return absl::InvalidArgumentError(
        "--agency-cert goes with --agency-key or --agency-pkcs11-uri");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<DocumentSigning>> LoadDocumentSigning(
    const ReportFlags& report) {
  auto signing = std::make_unique<DocumentSigning>();
  if (!report.agency_cert.empty()) {
    auto agency = LoadSigningIdentity(report.agency_cert, report.agency_key,
                                      report.agency_pkcs11_uri);
    if (!agency.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--agency-cert/--agency-",
                       report.agency_key.empty() ? "pkcs11-uri" : "key", ": ",
                       agency.status().message()));
    }
    signing->agency = std::make_unique<SigningIdentity>(std::move(*agency));
  }
  if (!report.trust_anchors.empty()) {
    auto anchors = ReadCertificates(report.trust_anchors);
    if (!anchors.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--trust-anchors: ", anchors.status().message()));
    }
    signing->trust_anchors = std::move(*anchors);
  }
  return signing;
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
