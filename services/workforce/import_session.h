// One import of staff, courses, attendance or absences (the rules of
// common/import_ledger.h), in one transaction.
//
// Every valid row is written, also once the import is refused or when it
// only validates, so that later rows are checked against earlier ones (the
// staff of one file attending the courses of the next); the transaction is
// then rolled back at the end.
//
// Not thread-safe: one session per call, fed one batch at a time.
#ifndef DTR_SERVICES_WORKFORCE_IMPORT_SESSION_H_
#define DTR_SERVICES_WORKFORCE_IMPORT_SESSION_H_

#include <memory>

#include "absl/status/status.h"
#include "common/import_ledger.h"
#include "common/unit_tree.h"
#include "common/write_scope.h"
#include "dtr/workforce/v1/workforce.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/workforce/allowance_rules.h"
#include "services/workforce/workforce_store.h"

namespace dtr::workforce {

class ImportSession {
 public:
  // `scope`: where the caller may write; a record of a unit out of it
  // (a staff member's, a course organiser's, the staff member an absence
  // or attendance is of) refuses the import (PERMISSION_DENIED).
  ImportSession(WorkforceStore* store, std::shared_ptr<const UnitTree> units,
                std::shared_ptr<const AllowanceRules> rules,
                WriteScope scope = WriteScope());

  void SetOptions(const common::v1::ImportOptions& options) {
    ledger_.SetOptions(options);
  }
  // Even a validation writes (then rolls back) to check rows in order.
  bool needs_write_slot() const { return true; }

  absl::Status AddStaff(
      const google::protobuf::RepeatedPtrField<v1::Staff>& rows);
  absl::Status AddCourses(
      const google::protobuf::RepeatedPtrField<v1::Course>& rows);
  absl::Status AddAttendance(
      const google::protobuf::RepeatedPtrField<v1::Attendance>& rows);
  absl::Status AddAbsences(
      const google::protobuf::RepeatedPtrField<v1::Absence>& rows);

  absl::Status Finish(common::v1::ImportSummary* summary,
                      common::v1::RowErrors* errors);
  bool changed_store() const { return changed_store_; }

 private:
  // `put` checks and writes one row: a row error (INVALID_ARGUMENT
  // "field: reason", NOT_FOUND) rejects it, anything else ends the import.
  template <typename Row, typename Id, typename Put>
  absl::Status AddRows(const google::protobuf::RepeatedPtrField<Row>& rows,
                       Id id, Put put);

  WorkforceStore* store_;
  std::shared_ptr<const UnitTree> units_;
  std::shared_ptr<const AllowanceRules> rules_;
  WriteScope scope_;
  // OK, or PERMISSION_DENIED "field: unit … is outside …" when `unit` (as
  // the tree has it on `day`, today when empty) is out of the scope.
  absl::Status InScope(absl::string_view field, const std::string& unit,
                       const std::string& day) const;
  ImportLedger ledger_;
  std::unique_ptr<WorkforceStore::Transaction> tx_;
  bool changed_store_ = false;
};

// The batches of each import call, for common/import_calls.h.
absl::Status AddBatch(ImportSession& s, const v1::ImportStaffRequest& r);
absl::Status AddBatch(ImportSession& s, const v1::BatchUpsertStaffRequest& r);
absl::Status AddBatch(ImportSession& s, const v1::ImportCoursesRequest& r);
absl::Status AddBatch(ImportSession& s, const v1::BatchUpsertCoursesRequest& r);
absl::Status AddBatch(ImportSession& s, const v1::ImportAttendanceRequest& r);
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertAttendanceRequest& r);
absl::Status AddBatch(ImportSession& s, const v1::ImportAbsencesRequest& r);
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertAbsencesRequest& r);

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_IMPORT_SESSION_H_
