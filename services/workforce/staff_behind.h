// The staff behind the workforce summary's eligible rate: the dedicated
// staff it counts (denominator), those eligible for the allowance
// (numerator) or the others (rest), chosen by the summary's own walk
// (ForEachStaffCounted), so that a list's length is the figure's.
//
// Pure function; thread-safe.
#ifndef DTR_SERVICES_WORKFORCE_STAFF_BEHIND_H_
#define DTR_SERVICES_WORKFORCE_STAFF_BEHIND_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/dates.h"
#include "common/unit_tree.h"
#include "dtr/common/v1/types.pb.h"
#include "dtr/workforce/v1/workforce.pb.h"
#include "services/workforce/allowance_rules.h"
#include "services/workforce/workforce_store.h"

namespace dtr::workforce {

// Ordered by staff_id; INVALID_ARGUMENT naming `figure` or `part`,
// NOT_FOUND for the unit. `level` (not empty): only those counted there.
absl::StatusOr<std::vector<const v1::Staff*>> StaffBehind(
    const WorkforceRecords& records, const UnitTree& units,
    const AllowanceRules& rules, const std::string& root_code, DayRange range,
    const std::string& figure, common::v1::FigurePart part,
    const std::string& level);

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_STAFF_BEHIND_H_
