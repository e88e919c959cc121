// The Department's requests for the units' contributions, kept in the
// report service's store: which unit is asked for which section of a
// period, by which day, and who asked when. Asking again for a unit and
// section sets the new deadline (the old one is in the audit log).
//
// Thread-safe: every call borrows a connection of its own.
#ifndef DTR_SERVICES_REPORT_CONTRIBUTION_REQUEST_STORE_H_
#define DTR_SERVICES_REPORT_CONTRIBUTION_REQUEST_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/database.h"
#include "dtr/report/v1/report.pb.h"

namespace dtr::report {

class ContributionRequestStore {
 public:
  // The table, as a schema migration of the report store.
  static const char kSchema[];

  explicit ContributionRequestStore(Database* db) : db_(db) {}

  // Writes every request (unit_code, period, section, deadline) in one
  // transaction, as asked by `actor` at `at`; all or none.
  absl::Status Put(const std::vector<v1::ContributionRequest>& requests,
                   const std::string& actor, absl::Time at);

  // A period's requests, by unit then section.
  absl::StatusOr<std::vector<v1::ContributionRequest>> List(
      const std::string& period);

 private:
  Database* db_;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_CONTRIBUTION_REQUEST_STORE_H_
