// The kinds of record the stats service imports, for common/
// import_session.h: dossiers and payments, checked (records.h) and written
// a message at a time in one statement per few hundred rows (StatsStore),
// each within the units the caller may write.
//
// Not thread-safe: one per import call.
#ifndef DTR_SERVICES_STATS_IMPORT_KINDS_H_
#define DTR_SERVICES_STATS_IMPORT_KINDS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/import_ledger.h"
#include "common/import_session.h"
#include "common/unit_tree.h"
#include "common/write_scope.h"
#include "dtr/stats/v1/stats.pb.h"
#include "services/stats/records.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

// What both kinds share: they write a message's valid rows together, each
// within the units the caller may write.
class StatsImport : public StoreImport<StatsStore> {
 public:
  static constexpr bool kWritesEachRow = false;
  using StoreImport::StoreImport;

 protected:
  // PERMISSION_DENIED "unit_code: ..." when `unit_code`, as the tree has it
  // on `day` (yyyymmdd, the record's own), is out of the caller's reach.
  absl::Status Reach(const std::string& unit_code, int32_t day) const;
};

class DossierImport : public StatsImport {
 public:
  using Row = v1::Dossier;
  using Record = DossierRecord;
  static constexpr char kIdField[] = "dossier_id";
  using StatsImport::StatsImport;

  std::string IdOf(const Row& row) const { return row.dossier_id(); }
  absl::Status Check(const Row& row, Record* record) const {
    return ToDossierRecord(row, *units_, record);
  }
  absl::Status Reach(const Record& r) const {
    return StatsImport::Reach(r.unit_code, r.received_day);
  }
  absl::StatusOr<std::vector<UpsertOutcome>> PutAll(
      Transaction& tx, const std::vector<Record>& records) {
    return tx.PutDossiers(records);
  }
  absl::StatusOr<std::vector<UpsertOutcome>> Preview(
      const std::vector<Record>& records) {
    return store_->PreviewDossiers(records);
  }
};

class PaymentImport : public StatsImport {
 public:
  using Row = v1::Payment;
  using Record = PaymentRecord;
  static constexpr char kIdField[] = "transaction_id";
  using StatsImport::StatsImport;

  std::string IdOf(const Row& row) const { return row.transaction_id(); }
  absl::Status Check(const Row& row, Record* record) const {
    return ToPaymentRecord(row, *units_, record);
  }
  absl::Status Reach(const Record& r) const {
    return StatsImport::Reach(r.unit_code, r.paid_day);
  }
  absl::StatusOr<std::vector<UpsertOutcome>> PutAll(
      Transaction& tx, const std::vector<Record>& records) {
    return tx.PutPayments(records);
  }
  absl::StatusOr<std::vector<UpsertOutcome>> Preview(
      const std::vector<Record>& records) {
    return store_->PreviewPayments(records);
  }
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_IMPORT_KINDS_H_
