// Carrying a generated version to an issued document (Decree 30/2020/NĐ-CP:
// an electronic administrative document carries the competent person's
// digital signature and the issuing agency's):
//
//  - Prepare: a draft's PDF gets its empty number and date fields and the
//    signer's signature field, with the signer's appearance; the service
//    keeps the prepared bytes for an hour and hands out their digest. The
//    signer's key never reaches the service.
//  - Complete: the signer's CMS is checked (it signs the prepared bytes,
//    its certificate chains to the trust anchors, is valid now and allows
//    digital signature or non-repudiation; PAdES: signing-certificate-v2
//    and no signing-time attribute) and embedded; the version is signed.
//  - Issue: the register's next number and today's date fill their fields
//    in an incremental update that leaves the signer's signature valid,
//    and the agency signs the whole document with its key (a PEM file or
//    an HSM through PKCS#11), all in the transaction that records it.
//
// Refusals change nothing and say why (FAILED_PRECONDITION for the
// version's state or a certificate, INVALID_ARGUMENT for a request or a
// CMS that does not fit).
//
// Thread-safe: steps share only the stores and the keys, which are.
#ifndef DTR_SERVICES_REPORT_DOCUMENT_ISSUING_H_
#define DTR_SERVICES_REPORT_DOCUMENT_ISSUING_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/signing_key.h"
#include "dtr/report/v1/report.pb.h"
#include "services/report/document_life_store.h"
#include "services/report/report_store.h"
#include "services/report/settings_source.h"

namespace dtr::report {

// The keys and certificates the service signs and checks with.
struct DocumentSigning {
  // The agency's certificate chain and key; null: the service cannot issue.
  std::unique_ptr<SigningIdentity> agency;
  // CAs trusted for the signers' certificates; empty: it cannot take a
  // signature.
  std::vector<X509Ptr> trust_anchors;
};

class DocumentIssuing {
 public:
  struct Deps {
    ReportStore* store;
    const SettingsSource* settings;  // in force on the period's last day
    DocumentLifeStore* life;
    const DocumentSigning* signing;
  };
  explicit DocumentIssuing(Deps deps) : d_(deps) {}

  absl::StatusOr<v1::PrepareSignatureResponse> Prepare(
      const v1::PrepareSignatureRequest& request,
      const std::string& caller) const;
  absl::StatusOr<v1::Report> Complete(
      const v1::CompleteSignatureRequest& request,
      const std::string& caller) const;
  absl::StatusOr<v1::Report> Issue(const v1::IssueReportRequest& request,
                                   const std::string& caller) const;

 private:
  // The archived version (0: the latest) with its life.
  absl::StatusOr<ArchivedReport> Load(const std::string& unit,
                                      const std::string& period,
                                      int version) const;

  const Deps d_;
};

// "Hà Tĩnh, ngày 05 tháng 02 năm 2024": the place and date line of an
// issued document (Decree 30: days below 10 and the months January and
// February take a leading zero).
std::string IssuedDateLine(const std::string& place, absl::CivilDay day);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCUMENT_ISSUING_H_
