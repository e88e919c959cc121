// The checks a staff record, course, absence or attendance must pass
// before it is stored, on its own (whether the staff member or course it
// names exists is the store's to say). Problems name the field; none
// repeats a national id number.
#ifndef DTR_SERVICES_WORKFORCE_WORKFORCE_RECORDS_H_
#define DTR_SERVICES_WORKFORCE_WORKFORCE_RECORDS_H_

#include "absl/status/status.h"
#include "common/unit_tree.h"
#include "dtr/workforce/v1/workforce.pb.h"
#include "services/workforce/allowance_rules.h"

namespace dtr::workforce {

// INVALID_ARGUMENT "field: reason" for the first problem.
absl::Status CheckStaff(const v1::Staff& staff, const UnitTree& units,
                        const AllowanceRules& rules);
absl::Status CheckCourse(const v1::Course& course, const UnitTree& units);
absl::Status CheckAbsence(const v1::Absence& absence);
absl::Status CheckAttendance(const v1::Attendance& attendance);

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_WORKFORCE_RECORDS_H_
