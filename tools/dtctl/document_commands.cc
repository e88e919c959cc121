#include "tools/dtctl/document_commands.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/cms_signature.h"
#include "common/pdf_signing.h"
#include "common/signing_key.h"
#include "grpcpp/client_context.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"

namespace dtr::dtctl {
namespace {

namespace rv1 = report::v1;

// "D:20231031090000+07'00'" as "2023-10-31T09:00:00+07:00".
std::string IsoFromPdfDate(const std::string& d) {
  if (d.size() < 16 || d.compare(0, 2, "D:") != 0) return d;
  std::string out = absl::StrCat(d.substr(2, 4), "-", d.substr(6, 2), "-",
                                 d.substr(8, 2), "T", d.substr(10, 2), ":",
                                 d.substr(12, 2), ":", d.substr(14, 2));
  if (d.size() >= 22 && (d[16] == '+' || d[16] == '-')) {
    absl::StrAppend(&out, d.substr(16, 3), ":", d.substr(20, 2));
  } else if (d.size() > 16 && d[16] == 'Z') {
    out += "Z";
  }
  return out;
}

}  // namespace

int SignReport(ReportStub* stub, const ReportFlags& flags) {
  auto signer = LoadSigningIdentity(flags.cert, flags.key, flags.pkcs11_uri);
  if (!signer.ok()) {
    std::fprintf(stderr, "dtctl: report sign: %s\n",
                 std::string(signer.status().message()).c_str());
    return 1;
  }
  std::string pem;
  if (!ReadFile(flags.cert, &pem)) {
    std::fprintf(stderr, "dtctl: cannot read %s\n", flags.cert.c_str());
    return 1;
  }
  rv1::PrepareSignatureRequest prepare;
  prepare.set_unit_code(flags.unit);
  prepare.set_period(flags.period);
  prepare.set_version(static_cast<int32_t>(flags.version));
  prepare.set_certificate_pem(pem);
  prepare.set_sub_filter(flags.sub_filter);
  rv1::PrepareSignatureResponse prepared;
  {
    grpc::ClientContext context;
    SetDeadline(&context, flags.timeout_seconds);
    grpc::Status status = stub->PrepareSignature(&context, prepare, &prepared);
    if (!status.ok()) return CallFailed("report sign", status);
  }
  // Here, with the signer's key: the service sees only the CMS.
  auto cms = SignDigest(prepared.digest(), *signer);
  if (!cms.ok()) {
    std::fprintf(stderr, "dtctl: report sign: %s\n",
                 std::string(cms.status().message()).c_str());
    return 1;
  }
  rv1::CompleteSignatureRequest complete;
  complete.set_unit_code(flags.unit);
  complete.set_period(flags.period);
  complete.set_signing_id(prepared.signing_id());
  complete.set_cms(*cms);
  rv1::Report report;
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  grpc::Status status = stub->CompleteSignature(&context, complete, &report);
  if (!status.ok()) return CallFailed("report sign", status);
  std::printf("%s %s version %d: %s by %s at %s\n", report.unit_code().c_str(),
              report.period().c_str(), report.version(),
              StateWord(report.state()),
              SubjectLine(signer->chain[0].get()).c_str(),
              prepared.signing_time().c_str());
  return report.state() == rv1::REPORT_STATE_SIGNED ? 0 : 1;
}

int IssueReport(ReportStub* stub, const ReportFlags& flags) {
  rv1::IssueReportRequest request;
  request.set_unit_code(flags.unit);
  request.set_period(flags.period);
  request.set_version(static_cast<int32_t>(flags.version));
  rv1::Report report;
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  grpc::Status status = stub->IssueReport(&context, request, &report);
  if (!status.ok()) return CallFailed("report issue", status);
  if (report.state() != rv1::REPORT_STATE_ISSUED) {
    std::fprintf(stderr, "dtctl: report issue: version %d is %s\n",
                 report.version(), StateWord(report.state()));
    return 1;
  }
  std::printf("%s\n", report.document_number().c_str());
  std::fprintf(stderr, "%s %s version %d issued as %s at %s\n",
               report.unit_code().c_str(), report.period().c_str(),
               report.version(), report.document_number().c_str(),
               report.issued_at().c_str());
  return 0;
}

int VerifyPdf(const std::string& path, const std::string& trust_path) {
  std::string pdf;
  if (!ReadFile(path, &pdf)) {
    std::fprintf(stderr, "dtctl: cannot read %s\n", path.c_str());
    return 1;
  }
  std::vector<X509Ptr> anchors;
  if (!trust_path.empty()) {
    auto read = ReadCertificates(trust_path);
    if (!read.ok()) {
      std::fprintf(stderr, "dtctl: --trust: %s\n",
                   std::string(read.status().message()).c_str());
      return 2;
    }
    anchors = std::move(*read);
  }
  auto signatures = ReadPdfSignatures(pdf);
  if (!signatures.ok()) {
    std::fprintf(stderr, "dtctl: %s: %s\n", path.c_str(),
                 std::string(signatures.status().message()).c_str());
    return 1;
  }
  if (signatures->empty()) {
    std::printf("%s: no digital signature\n", path.c_str());
    return 1;
  }
  bool all_good = true;
  int n = 0;
  for (const PdfSignatureEntry& e : *signatures) {
    ++n;
    auto signer = CheckCmsSignature(e.cms, e.signed_bytes);
    std::printf("signature %d: %s\n", n,
                signer.ok() ? signer->subject.c_str() : "(unreadable)");
    std::printf("  time: %s\n", IsoFromPdfDate(e.time).c_str());
    std::printf("  kind: %s\n", e.sub_filter.c_str());
    std::printf("  covers: %s\n",
                e.whole_document
                    ? "the whole document"
                    : "the document as it was then (later updates follow)");
    if (signer.ok()) {
      std::printf("  valid: yes (the digest and the signature hold)\n");
    } else {
      all_good = false;
      std::printf("  valid: NO (%s)\n",
                  std::string(signer.status().message()).c_str());
    }
    if (anchors.empty()) {
      // Anyone can make a certificate with any name: without the CAs to
      // trust, no signature is verified.
      all_good = false;
      std::printf("  trusted: NOT CHECKED (no --trust: give the CAs)\n");
    } else if (absl::Status s =
                   CheckSignerCertificate(e.cms, anchors, absl::Now());
               s.ok()) {
      std::printf("  trusted: yes\n");
    } else {
      all_good = false;
      std::printf("  trusted: NO (%s)\n", std::string(s.message()).c_str());
    }
  }
  if (!signatures->back().whole_document) {
    all_good = false;
    std::printf("the document was changed after its last signature\n");
  }
  return all_good ? 0 : 1;
}

}  // namespace dtr::dtctl
