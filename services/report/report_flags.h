// The report service's own flags: where its figures come from --stats,
// --security and --workforce (the three services' addresses, by default on
// this machine), --call-seconds (each call's deadline) and --tls-ca (the
// CA of their certificates); and --generate-threads (reports made at
// once). The calls to the three are made in the mode the service serves
// in, presenting its own certificate under TLS. (--templates, the
// report's wording, is a reference file of main.cc.)
#ifndef DTR_SERVICES_REPORT_REPORT_FLAGS_H_
#define DTR_SERVICES_REPORT_REPORT_FLAGS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/flags.h"
#include "common/service_host.h"
#include "services/report/document_issuing.h"
#include "services/report/figure_sources.h"

namespace dtr::report {

struct ReportFlags {
  SourceAddresses sources;  // set by AddReportFlags
  double call_seconds = 20;
  std::string tls_ca;
  int64_t generate_threads = 2;
  // Issuing: the agency's certificate chain and key (a PEM file or a
  // PKCS#11 URI), and the CAs trusted for signers' certificates.
  std::string agency_cert;
  std::string agency_key;
  std::string agency_pkcs11_uri;
  std::string trust_anchors;
};

void AddReportFlags(FlagSet* flags, ReportFlags* report);

// INVALID_ARGUMENT naming the flag out of its range.
absl::Status CheckReportFlags(const ReportFlags& report);

// The agency's key and the trust anchors the flags name; an error names
// the flag whose file is missing or wrong.
absl::StatusOr<std::unique_ptr<DocumentSigning>> LoadDocumentSigning(
    const ReportFlags& report);

// The three services, called with the credentials `host` serves with.
absl::StatusOr<std::unique_ptr<FigureSources>> OpenFigureSources(
    const ReportFlags& report, const HostConfig& host);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_FLAGS_H_
