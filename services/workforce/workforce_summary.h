// The workforce summary of a unit's subtree over a date range, computed
// from the registry's records (pure functions):
//   - staff in service on the last day of the range, by the level their
//     unit has that day: dedicated and concurrent, by qualification and
//     field;
//   - dedicated staff eligible for the allowance in the range's last month;
//   - courses organised by the subtree's units and held (in part) in the
//     range, by the organiser's level on the course's first day, with their
//     trainees: distinct registered staff plus head-counted others.
#ifndef DTR_SERVICES_WORKFORCE_WORKFORCE_SUMMARY_H_
#define DTR_SERVICES_WORKFORCE_WORKFORCE_SUMMARY_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/dates.h"
#include "common/unit_tree.h"
#include "dtr/workforce/v1/workforce.pb.h"
#include "services/workforce/allowance_rules.h"
#include "services/workforce/workforce_store.h"

namespace dtr::workforce {

// Calls `counted(staff, level, eligible)` for each staff member the
// summary counts on `end`: in service that day in the subtree of
// `root_code`, with the level their unit has that day, and whether they
// are eligible for the allowance in end's month (dedicated staff only).
// NOT_FOUND when the unit does not exist that day.
absl::Status ForEachStaffCounted(
    const WorkforceRecords& records, const UnitTree& units,
    const AllowanceRules& rules, const std::string& root_code,
    absl::CivilDay end,
    absl::FunctionRef<void(const v1::Staff&, const std::string& level,
                           bool eligible)>
        counted);

// NOT_FOUND when the unit does not exist on the range's last day.
absl::StatusOr<v1::GetWorkforceSummaryResponse> Summarize(
    const WorkforceRecords& records, const UnitTree& units,
    const AllowanceRules& rules, const std::string& root_code, DayRange range);

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_WORKFORCE_SUMMARY_H_
