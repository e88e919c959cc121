#include "tools/dtctl/csv_rows.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/stats/records.h"

namespace dtr::dtctl {
namespace {

bool FieldCount(const std::vector<std::string>& fields, size_t expected,
                CsvFieldError* error) {
  if (fields.size() == expected) return true;
  error->field = "row";
  error->reason =
      absl::StrCat("expected ", expected, " fields, found ", fields.size());
  return false;
}

bool Bad(CsvFieldError* error, const char* field, const std::string& reason) {
  error->field = field;
  error->reason = reason;
  return false;
}

}  // namespace

const std::vector<std::string>& DossierCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "dossier_id", "unit_code",     "procedure_code", "received_at",
      "channel",    "service_level", "digitized",      "status",
      "due_at",     "finished_at"};
  return *header;
}

const std::vector<std::string>& PaymentCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "transaction_id", "unit_code", "paid_at", "amount_vnd", "status"};
  return *header;
}

bool DossierFromCsv(const std::vector<std::string>& f, stats::v1::Dossier* d,
                    CsvFieldError* error) {
  if (!FieldCount(f, DossierCsvHeader().size(), error)) return false;
  stats::v1::Channel channel;
  stats::v1::ServiceLevel service_level;
  stats::v1::DossierStatus status;
  if (!stats::ParseChannel(f[4], &channel)) {
    return Bad(error, "channel",
               absl::StrCat("'", f[4], "': expected online, direct or postal"));
  }
  if (!stats::ParseServiceLevel(f[5], &service_level)) {
    return Bad(error, "service_level",
               absl::StrCat("'", f[5], "': expected full, partial or none"));
  }
  if (f[6] != "0" && f[6] != "1") {
    return Bad(error, "digitized",
               absl::StrCat("'", f[6], "': expected 0 or 1"));
  }
  if (!stats::ParseDossierStatus(f[7], &status)) {
    return Bad(error, "status",
               absl::StrCat("'", f[7],
                            "': expected pending, done_on_time, done_late, "
                            "returned or cancelled"));
  }
  d->set_dossier_id(f[0]);
  d->set_unit_code(f[1]);
  d->set_procedure_code(f[2]);
  d->set_received_at(f[3]);
  d->set_channel(channel);
  d->set_service_level(service_level);
  d->set_digitized(f[6] == "1");
  d->set_status(status);
  d->set_due_at(f[8]);
  d->set_finished_at(f[9]);
  return true;
}

bool PaymentFromCsv(const std::vector<std::string>& f, stats::v1::Payment* p,
                    CsvFieldError* error) {
  if (!FieldCount(f, PaymentCsvHeader().size(), error)) return false;
  int64_t amount = 0;
  if (!absl::SimpleAtoi(f[3], &amount)) {
    return Bad(error, "amount_vnd",
               absl::StrCat("'", f[3], "': expected a whole number of đồng"));
  }
  stats::v1::PaymentStatus status;
  if (!stats::ParsePaymentStatus(f[4], &status)) {
    return Bad(error, "status",
               absl::StrCat("'", f[4], "': expected success or failed"));
  }
  p->set_transaction_id(f[0]);
  p->set_unit_code(f[1]);
  p->set_paid_at(f[2]);
  p->set_amount_vnd(amount);
  p->set_status(status);
  return true;
}

}  // namespace dtr::dtctl
