// SQL of the workforce service: staff, their absences, training courses and
// who attended them. A province has hundreds of staff and tens of courses a
// year, so summaries read them whole rather than keep counters.
//
// Thread-safe: every operation borrows its own connection.
#ifndef DTR_SERVICES_WORKFORCE_WORKFORCE_STORE_H_
#define DTR_SERVICES_WORKFORCE_WORKFORCE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/database.h"
#include "common/import_ledger.h"
#include "common/migrations.h"
#include "common/period_locks.h"
#include "dtr/workforce/v1/workforce.pb.h"

namespace dtr::workforce {

// Every record of the registry.
struct WorkforceRecords {
  std::vector<v1::Staff> staff;
  std::vector<v1::Absence> absences;
  std::vector<v1::Course> courses;
  std::vector<v1::Attendance> attendance;
};

class WorkforceStore {
 public:
  // `locks` (may be null: none) are read at the start of every write
  // transaction, for its changes to check.
  explicit WorkforceStore(Database* db, const PeriodLockSource* locks = nullptr)
      : db_(db), locks_(locks) {}

  static const std::vector<Migration>& Migrations();

  // One write transaction; rolled back unless committed. Put* insert or
  // replace a record and say whether it was new, changed or the same.
  class Transaction {
   public:
    absl::StatusOr<UpsertOutcome> PutStaff(const v1::Staff& staff);
    absl::StatusOr<UpsertOutcome> PutCourse(const v1::Course& course);
    absl::StatusOr<UpsertOutcome> PutAbsence(const v1::Absence& absence);
    absl::StatusOr<UpsertOutcome> PutAttendance(const v1::Attendance& a);
    absl::StatusOr<std::optional<v1::Staff>> GetStaff(const std::string& id);
    absl::StatusOr<bool> CourseExists(const std::string& id);
    // The unit a stored record belongs to (a course's organiser, the unit
    // of an absence's staff member); nullopt when there is no such record.
    absl::StatusOr<std::optional<std::string>> CourseOrganizer(
        const std::string& id);
    absl::StatusOr<std::optional<std::string>> AbsenceUnit(
        const std::string& id);
    absl::Status Commit() { return tx_.Commit(); }
    // The period locks as the transaction began.
    const PeriodLockCheck& locks() const { return *locks_; }

   private:
    friend class WorkforceStore;
    Transaction(ConnectionLease lease,
                std::shared_ptr<const PeriodLockCheck> locks)
        : lease_(std::move(lease)),
          tx_(lease_.get()),
          locks_(std::move(locks)) {}
    ConnectionLease lease_;
    WriteTransaction tx_;
    std::shared_ptr<const PeriodLockCheck> locks_;
  };
  absl::StatusOr<std::unique_ptr<Transaction>> BeginWrite();

  absl::StatusOr<std::optional<v1::Staff>> GetStaff(const std::string& id);
  absl::StatusOr<std::vector<v1::Absence>> AbsencesOf(
      const std::string& staff_id);
  // Everything, staff and courses ordered by id.
  absl::StatusOr<WorkforceRecords> ReadAll();

 private:
  Database* db_;
  const PeriodLockSource* locks_;
};

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_WORKFORCE_STORE_H_
