// One import of systems, controls, endpoints or incidents (the rules of
// common/import_ledger.h), written through SecurityChanges in one
// transaction. A row of a unit outside the writer's scope refuses the
// whole import with PERMISSION_DENIED.
//
// Every row is applied, also once the import is refused or when it only
// validates: later rows are then checked against the earlier ones (a
// system created in one row and its controls in the next), and the
// transaction is rolled back at the end. A row that fails halfway leaves
// nothing behind (a savepoint per row).
//
// Not thread-safe: one session per call, fed one batch at a time.
#ifndef DTR_SERVICES_SECURITY_IMPORT_SESSION_H_
#define DTR_SERVICES_SECURITY_IMPORT_SESSION_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/import_ledger.h"
#include "common/unit_tree.h"
#include "common/write_scope.h"
#include "dtr/security/v1/security.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/security/control_catalogue.h"
#include "services/security/security_changes.h"
#include "services/security/security_store.h"

namespace dtr::security {

class ImportSession {
 public:
  ImportSession(SecurityStore* store, std::shared_ptr<const UnitTree> units,
                std::shared_ptr<const ControlCatalogue> catalogue,
                std::string actor, WriteScope scope);

  // The first call's options and context hold for the whole import.
  void SetOptions(const common::v1::ImportOptions& options) {
    ledger_.SetOptions(options);
  }
  void SetContext(const v1::ChangeContext& context);
  // Even a validation writes (then rolls back) to check rows in order.
  bool needs_write_slot() const { return true; }

  absl::Status AddSystems(
      const google::protobuf::RepeatedPtrField<v1::InformationSystem>& rows);
  absl::Status AddControls(
      const google::protobuf::RepeatedPtrField<v1::SystemControl>& rows);
  absl::Status AddEndpoints(
      const google::protobuf::RepeatedPtrField<v1::Endpoint>& rows);
  absl::Status AddIncidents(
      const google::protobuf::RepeatedPtrField<v1::Incident>& rows);

  absl::Status Finish(common::v1::ImportSummary* summary,
                      common::v1::RowErrors* errors);
  bool changed_store() const { return changed_store_; }

 private:
  template <typename Row, typename Id, typename Put>
  absl::Status AddRows(const google::protobuf::RepeatedPtrField<Row>& rows,
                       Id id, Put put);

  SecurityStore* store_;
  std::shared_ptr<const UnitTree> units_;
  std::shared_ptr<const ControlCatalogue> catalogue_;
  const std::string actor_;
  const WriteScope scope_;
  ImportLedger ledger_;
  bool context_set_ = false;
  absl::Status context_error_;
  EffectiveTime effective_;
  std::string reason_;
  std::unique_ptr<SecurityStore::Transaction> tx_;
  std::unique_ptr<SecurityChanges> changes_;
  bool changed_store_ = false;
};

// The batches of each import call, for common/import_calls.h.
absl::Status AddBatch(ImportSession& s, const v1::ImportSystemsRequest& r);
absl::Status AddBatch(ImportSession& s, const v1::BatchUpsertSystemsRequest& r);
absl::Status AddBatch(ImportSession& s,
                      const v1::ImportSystemControlsRequest& r);
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertSystemControlsRequest& r);
absl::Status AddBatch(ImportSession& s, const v1::ImportEndpointsRequest& r);
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertEndpointsRequest& r);
absl::Status AddBatch(ImportSession& s, const v1::ImportIncidentsRequest& r);
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertIncidentsRequest& r);

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_IMPORT_SESSION_H_
