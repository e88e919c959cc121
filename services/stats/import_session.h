// One import of dossiers or payments: rows checked, numbered across all
// batches of a call, and written in one transaction (the rules of
// common/import_ledger.h).
//
// Not thread-safe: one session per call, fed one batch at a time.
#ifndef DTR_SERVICES_STATS_IMPORT_SESSION_H_
#define DTR_SERVICES_STATS_IMPORT_SESSION_H_

#include <memory>

#include "absl/status/status.h"
#include "common/import_ledger.h"
#include "common/unit_tree.h"
#include "common/write_scope.h"
#include "dtr/common/v1/types.pb.h"
#include "dtr/stats/v1/stats.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

class ImportSession {
 public:
  // `scope`: where the caller may write; a row out of it refuses the
  // import (PERMISSION_DENIED).
  ImportSession(StatsStore* store, std::shared_ptr<const UnitTree> units,
                WriteScope scope = WriteScope());

  // Options apply from the first batch on; later ones are ignored.
  void SetOptions(const common::v1::ImportOptions& options) {
    ledger_.SetOptions(options);
  }
  // Validating writes nothing, so it needs no write slot.
  bool needs_write_slot() const { return !ledger_.options().validate_only(); }

  // An error here is the store's (unavailable, full): the import is over.
  absl::Status AddDossiers(
      const google::protobuf::RepeatedPtrField<v1::Dossier>& dossiers);
  absl::Status AddPayments(
      const google::protobuf::RepeatedPtrField<v1::Payment>& payments);

  // Commits and fills `summary`, or refuses the import (see ImportLedger).
  absl::Status Finish(common::v1::ImportSummary* summary,
                      common::v1::RowErrors* errors);

  // True once a commit changed some record.
  bool changed_store() const { return changed_store_; }

 private:
  template <typename Message, typename Record, typename ToRecord, typename Put>
  absl::Status AddRows(const google::protobuf::RepeatedPtrField<Message>& rows,
                       ToRecord to_record, Put put,
                       const std::string& (Message::*id)() const,
                       absl::string_view id_field);

  StatsStore* store_;
  std::shared_ptr<const UnitTree> units_;
  WriteScope scope_;
  ImportLedger ledger_;
  std::unique_ptr<StatsStore::Transaction> tx_;
  bool changed_store_ = false;
};

// The batches of each import call, for common/import_calls.h.
absl::Status AddBatch(ImportSession& s, const v1::ImportDossiersRequest& r);
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertDossiersRequest& r);
absl::Status AddBatch(ImportSession& s, const v1::ImportPaymentsRequest& r);
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertPaymentsRequest& r);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_IMPORT_SESSION_H_
