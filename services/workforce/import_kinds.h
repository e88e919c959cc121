// The kinds of record the workforce service imports, for common/
// import_session.h: staff, courses, attendance and absences, each row
// checked (workforce_records.h) and written as it comes, so that later
// rows are checked against earlier ones (the staff of one file attending
// the courses of the next). A record of a unit out of the caller's reach
// (a staff member's, a course organiser's, the staff member an absence or
// attendance is of) refuses the import (PERMISSION_DENIED), and so does
// taking over another unit's record by its id.
//
// Not thread-safe: one per import call.
#ifndef DTR_SERVICES_WORKFORCE_IMPORT_KINDS_H_
#define DTR_SERVICES_WORKFORCE_IMPORT_KINDS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/import_ledger.h"
#include "common/import_session.h"
#include "common/unit_tree.h"
#include "common/write_scope.h"
#include "dtr/workforce/v1/workforce.pb.h"
#include "services/workforce/allowance_rules.h"
#include "services/workforce/workforce_store.h"

namespace dtr::workforce {

// What the four kinds share: they write each row as it comes, checked
// against the rules file as the call found it.
class WorkforceImport : public StoreImport<WorkforceStore> {
 public:
  static constexpr bool kWritesEachRow = true;

  WorkforceImport(WorkforceStore* store, std::shared_ptr<const UnitTree> units,
                  std::shared_ptr<const AllowanceRules> rules, WriteScope scope)
      : StoreImport(store, std::move(units), std::move(scope)),
        rules_(std::move(rules)) {}

 protected:
  // OK, or PERMISSION_DENIED "field: unit … is outside …" when `unit` (as
  // the tree has it on `day`, today when empty) is out of the scope.
  absl::Status InScope(absl::string_view field, const std::string& unit,
                       const std::string& day) const;
  // The staff member a row names: INVALID_ARGUMENT when there is none,
  // PERMISSION_DENIED when their unit is out of reach.
  absl::Status StaffInReach(Transaction& tx, const std::string& staff_id) const;

  std::shared_ptr<const AllowanceRules> rules_;
};

class StaffImport : public WorkforceImport {
 public:
  using Row = v1::Staff;
  using WorkforceImport::WorkforceImport;
  std::string IdOf(const Row& row) const { return row.staff_id(); }
  absl::StatusOr<UpsertOutcome> Put(Transaction& tx, const Row& row);
};

class CourseImport : public WorkforceImport {
 public:
  using Row = v1::Course;
  using WorkforceImport::WorkforceImport;
  std::string IdOf(const Row& row) const { return row.course_id(); }
  absl::StatusOr<UpsertOutcome> Put(Transaction& tx, const Row& row);
};

class AttendanceImport : public WorkforceImport {
 public:
  using Row = v1::Attendance;
  using WorkforceImport::WorkforceImport;
  std::string IdOf(const Row& row) const {
    return absl::StrCat(row.course_id(), "/", row.staff_id());
  }
  absl::StatusOr<UpsertOutcome> Put(Transaction& tx, const Row& row);
};

class AbsenceImport : public WorkforceImport {
 public:
  using Row = v1::Absence;
  using WorkforceImport::WorkforceImport;
  std::string IdOf(const Row& row) const { return row.absence_id(); }
  absl::StatusOr<UpsertOutcome> Put(Transaction& tx, const Row& row);
};

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_IMPORT_KINDS_H_
