#include "services/stats/record_csv.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/csv_reader.h"
#include "services/stats/stats_names.h"

namespace dtr::stats {

const std::vector<std::string>& DossierCsvHeader() {
  static const auto* header =
      new std::vector<std::string>{"dossier_id",
                                   "unit_code",
                                   "procedure_code",
                                   "received_at",
                                   "channel",
                                   "service_level",
                                   "digitized",
                                   "status",
                                   "due_at",
                                   "finished_at",
                                   "components_digitized",
                                   "results_reused"};
  return *header;
}

const std::vector<std::string>& PaymentCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "transaction_id", "unit_code", "paid_at", "amount_vnd", "status"};
  return *header;
}

bool DossierFromCsv(const std::vector<std::string>& f, v1::Dossier* d,
                    CsvFieldError* error) {
  if (!CheckCsvFields(f, DossierCsvHeader(), error)) return false;
  v1::Channel channel;
  v1::ServiceLevel service_level;
  v1::DossierStatus status;
  if (!ParseChannel(f[4], &channel)) {
    return CsvFieldBad(
        error, "channel",
        absl::StrCat("'", f[4], "': expected online, direct or postal"));
  }
  if (!ParseServiceLevel(f[5], &service_level)) {
    return CsvFieldBad(
        error, "service_level",
        absl::StrCat("'", f[5], "': expected full, partial or none"));
  }
  if (f[6] != "0" && f[6] != "1") {
    return CsvFieldBad(error, "digitized",
                       absl::StrCat("'", f[6], "': expected 0 or 1"));
  }
  for (size_t i : {size_t{10}, size_t{11}}) {
    if (f[i] != "" && f[i] != "0" && f[i] != "1") {
      return CsvFieldBad(
          error, i == 10 ? "components_digitized" : "results_reused",
          absl::StrCat("'", f[i], "': expected 0, 1 or empty (unknown)"));
    }
  }
  if (!ParseDossierStatus(f[7], &status)) {
    return CsvFieldBad(
        error, "status",
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
  if (!f[10].empty()) d->set_components_digitized(f[10] == "1");
  if (!f[11].empty()) d->set_results_reused(f[11] == "1");
  return true;
}

bool PaymentFromCsv(const std::vector<std::string>& f, v1::Payment* p,
                    CsvFieldError* error) {
  if (!CheckCsvFields(f, PaymentCsvHeader(), error)) return false;
  int64_t amount = 0;
  if (!absl::SimpleAtoi(f[3], &amount)) {
    return CsvFieldBad(
        error, "amount_vnd",
        absl::StrCat("'", f[3], "': expected a whole number of đồng"));
  }
  v1::PaymentStatus status;
  if (!ParsePaymentStatus(f[4], &status)) {
    return CsvFieldBad(
        error, "status",
        absl::StrCat("'", f[4], "': expected success or failed"));
  }
  p->set_transaction_id(f[0]);
  p->set_unit_code(f[1]);
  p->set_paid_at(f[2]);
  p->set_amount_vnd(amount);
  p->set_status(status);
  return true;
}

}  // namespace dtr::stats
