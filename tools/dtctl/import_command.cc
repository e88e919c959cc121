#include "tools/dtctl/import_command.h"

#include "services/stats/record_csv.h"
#include "tools/dtctl/csv_importer.h"

namespace dtr::dtctl {
namespace {

// What differs between the dossier and the payment import.
struct DossierKind {
  using Stub = stats::v1::StatsService::StubInterface;
  using Row = stats::v1::Dossier;
  using Request = stats::v1::ImportDossiersRequest;
  using Response = stats::v1::ImportDossiersResponse;
  static constexpr const char* kNoun = "dossiers";
  static const std::vector<std::string>& Header() {
    return stats::DossierCsvHeader();
  }
  static constexpr size_t kRequiredColumns = stats::kDossierCsvRequiredColumns;
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return stats::DossierFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_dossiers(); }
  static void RemoveLast(Request* r) { r->mutable_dossiers()->RemoveLast(); }
  static int Size(const Request& r) { return r.dossiers_size(); }
  static void SetContext(const ImportFlags&, Request*) {}
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportDossiers(ctx, response);
  }
};

struct PaymentKind {
  using Stub = stats::v1::StatsService::StubInterface;
  using Row = stats::v1::Payment;
  using Request = stats::v1::ImportPaymentsRequest;
  using Response = stats::v1::ImportPaymentsResponse;
  static constexpr const char* kNoun = "payments";
  static const std::vector<std::string>& Header() {
    return stats::PaymentCsvHeader();
  }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return stats::PaymentFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_payments(); }
  static void RemoveLast(Request* r) { r->mutable_payments()->RemoveLast(); }
  static int Size(const Request& r) { return r.payments_size(); }
  static void SetContext(const ImportFlags&, Request*) {}
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportPayments(ctx, response);
  }
};

}  // namespace

int ImportDossiers(stats::v1::StatsService::StubInterface* stub,
                   const ImportFlags& flags) {
  return CsvImporter<DossierKind>(stub, flags).Run();
}

int ImportPayments(stats::v1::StatsService::StubInterface* stub,
                   const ImportFlags& flags) {
  return CsvImporter<PaymentKind>(stub, flags).Run();
}

}  // namespace dtr::dtctl
