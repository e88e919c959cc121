// Dossier and payment records as the stats service stores them, and the
// checks a record must pass before it is stored.
//
// Validation turns an API message into a record: it parses the dates into
// local days, and resolves the unit's level on the day of the record, since
// a dossier is counted at the level its unit had when it was received.
// Every problem is reported with the field's API/CSV name.
//
// Pure functions; thread-safe.
#ifndef DTR_SERVICES_STATS_RECORDS_H_
#define DTR_SERVICES_STATS_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "common/unit_tree.h"
#include "dtr/stats/v1/stats.pb.h"

namespace dtr::stats {

struct DossierRecord {
  std::string dossier_id;
  std::string unit_code;
  std::string level;  // of unit_code on received_day
  std::string procedure_code;
  std::string received_at;   // as sent
  int32_t received_day = 0;  // yyyymmdd, local
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  v1::ServiceLevel service_level = v1::SERVICE_LEVEL_UNSPECIFIED;
  bool digitized = false;
  v1::DossierStatus status = v1::DOSSIER_STATUS_UNSPECIFIED;
  std::string due_at;
  std::string finished_at;
  // Unset: the source did not say (indicators.h).
  std::optional<bool> components_digitized;
  std::optional<bool> results_reused;
};

struct PaymentRecord {
  std::string transaction_id;
  std::string unit_code;
  std::string level;  // of unit_code on paid_day
  std::string paid_at;
  int32_t paid_day = 0;
  int64_t amount_vnd = 0;
  v1::PaymentStatus status = v1::PAYMENT_STATUS_UNSPECIFIED;
};

// Largest accepted payment: ten trillion đồng. Far above any fee, and far
// below where sums of amounts could overflow 64 bits.
inline constexpr int64_t kMaxAmountVnd = 10'000'000'000'000;

// Fills `record` from `dossier`, or returns INVALID_ARGUMENT "field:
// reason" (common/field_checks.h) for its first problem.
absl::Status ToDossierRecord(const v1::Dossier& dossier, const UnitTree& units,
                             DossierRecord* record);

absl::Status ToPaymentRecord(const v1::Payment& payment, const UnitTree& units,
                             PaymentRecord* record);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_RECORDS_H_
