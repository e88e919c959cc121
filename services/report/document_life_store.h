// What happens to an archived version after it is generated, kept in the
// report service's store beside the archive (report_store.h): its PDF's
// places, the signatures prepared and waiting for the signer's CMS, and
// the events of its life — signed, issued — each with the PDF it left and
// its SHA-256. Events and the register of issued numbers are never
// updated or deleted (triggers refuse it), so an issued version and its
// files never change; a version has each state at most once.
//
// The register: issuing takes the next number of the issuing body's
// document symbol and year in the same transaction as the issued PDF, so
// no number is lost or given twice, across replicas too (writers take the
// store's write lock).
//
// Thread-safe: every call borrows a connection of its own.
#ifndef DTR_SERVICES_REPORT_DOCUMENT_LIFE_STORE_H_
#define DTR_SERVICES_REPORT_DOCUMENT_LIFE_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/database.h"
#include "dtr/report/v1/report.pb.h"

namespace dtr::report {

// A signature prepared for a signer, until its CMS comes back.
struct PendingSignature {
  std::string signing_id;
  std::string unit_code;
  std::string period;
  int version = 0;
  absl::Time expires;
  v1::DocumentSignature signature;  // role, signed_at, sub_filter, by
  std::string prepared;             // the PDF, its placeholder empty
};

// What issuing writes, made once the number is known.
struct IssuedDocument {
  std::string pdf;
  v1::DocumentSignature signature;
};

// "a draft", "signed", "issued": a state as refusals say it.
const char* StateInWords(v1::ReportState state);

class DocumentLifeStore {
 public:
  // The tables, as a schema migration of the report store.
  static const char kSchema[];

  explicit DocumentLifeStore(Database* db) : db_(db) {}

  // `meta` with its life: state, number, signatures, and the current PDF's
  // size and SHA-256 in its renderings.
  static absl::Status Overlay(Connection* conn, v1::Report* meta);
  // The PDF of the version's latest event; none for a draft.
  static absl::StatusOr<std::optional<std::string>> CurrentPdf(
      Connection* conn, const std::string& unit, const std::string& period,
      int version);

  absl::StatusOr<std::optional<std::string>> PdfPlaces(
      const std::string& unit, const std::string& period, int version);
  // The latest issued version of the period; 0: none.
  absl::StatusOr<int> LatestIssuedVersion(const std::string& unit,
                                          const std::string& period);

  absl::Status PutPending(const PendingSignature& pending);
  // NOT_FOUND when unknown or expired at `now`.
  absl::StatusOr<PendingSignature> GetPending(const std::string& signing_id,
                                              absl::Time now);

  // The version signed with `pdf`: refused (FAILED_PRECONDITION) unless it
  // is still a draft. The pending signature is consumed.
  absl::Status RecordSigned(const PendingSignature& pending,
                            const v1::DocumentSignature& signature,
                            const std::string& pdf, absl::Time at);

  // Issues the version: in one write transaction, checks it is signed (or
  // a draft, when `from_draft`), takes the next number of `symbol`'s
  // register for `year`, has `make` write the document from the version's
  // current PDF (read in the same transaction: a signature completed just
  // before is in it) with "<n>/<symbol>", and records it. Returns the
  // number.
  absl::StatusOr<std::string> Issue(
      const std::string& unit, const std::string& period, int version,
      const std::string& symbol, int year, bool from_draft, absl::Time at,
      const std::function<absl::StatusOr<IssuedDocument>(
          const std::string& number, const std::string& current_pdf)>& make);

 private:
  Database* db_;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCUMENT_LIFE_STORE_H_
