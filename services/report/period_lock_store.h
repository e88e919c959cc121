// The locks on a unit's periods, kept by the report service: a period is
// locked from the first issue of its report (read from the versions'
// issued steps, so a lock and its issue are one transaction) or from an
// admin's closing; and the admins' exceptions to them. Closings and
// exceptions are never changed nor deleted; an exception ends by itself
// at its `until`.
//
// Thread-safe: every call borrows a connection of its own.
#ifndef DTR_SERVICES_REPORT_PERIOD_LOCK_STORE_H_
#define DTR_SERVICES_REPORT_PERIOD_LOCK_STORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/database.h"
#include "dtr/report/v1/report.pb.h"

namespace dtr::report {

class PeriodLockStore {
 public:
  // The tables, as a schema migration of the report store.
  static const char kSchema[];

  explicit PeriodLockStore(Database* db) : db_(db) {}

  // Closes `unit`'s `period` as `actor` at `at`; a period already closed
  // stays as it was closed. The closing.
  absl::StatusOr<v1::PeriodLock> Close(const std::string& unit,
                                       const std::string& period,
                                       const std::string& actor, absl::Time at);

  // Every lock, by unit and period (an issued period as issued, even if
  // also closed), and the exceptions active at `now` (all of them with
  // `include_expired`), newest first.
  absl::StatusOr<v1::PeriodLocks> Locks(absl::Time now, bool include_expired);
  // The same on `conn`, within a transaction of the caller's.
  static absl::StatusOr<v1::PeriodLocks> LocksOn(Connection* conn,
                                                 absl::Time now,
                                                 bool include_expired);

  // Records `exception` (checked) as `actor` at `at`; with its id.
  absl::StatusOr<v1::LockException> AddException(v1::LockException exception,
                                                 absl::Time until,
                                                 const std::string& actor,
                                                 absl::Time at);

 private:
  Database* db_;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_PERIOD_LOCK_STORE_H_
