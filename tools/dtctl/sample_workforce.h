// The workforce records of the sample month: staff, their absences,
// training courses and who attended them, reproducing the fixture's
// workforce figures (section 1.6 of the report) when summarised over its
// period:
//   - dedicated IT staff in service on the period's last day, at province
//     and district level and at commune level;
//   - of all staff, those with an IT master's and an IT bachelor's degree;
//   - dedicated staff eligible for the allowance in the period's last month
//     under the provincial rule (services/workforce/data/
//     allowance_rules.json): IT officers with an IT qualification and no
//     long absence that month. The others are staff of the provincial IT
//     centre (a position the rule does not cover), officers qualified in
//     another field, and officers on a long leave;
//   - courses held in the period, whose distinct registered attendees plus
//     head-counted others make the fixture's trainees.
// Around them, what a registry holds: concurrent staff, officers replaced
// during the period, short and earlier absences that exclude nothing,
// courses of the year before.
//
// Names are synthetic, and national ids use the province code 000, which
// belongs to no province (services/workforce/national_id.h): no sample
// record can be a person's.
#ifndef DTR_TOOLS_DTCTL_SAMPLE_WORKFORCE_H_
#define DTR_TOOLS_DTCTL_SAMPLE_WORKFORCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/dtctl/fixture_targets.h"
#include "tools/dtctl/sample_month.h"

namespace dtr::dtctl {

// Writes staff.csv, absences.csv, courses.csv and attendance.csv into
// `dir`. Fails when the fixture asks for more IT degrees than IT staff.
absl::StatusOr<std::vector<WrittenFile>> WriteWorkforceSample(
    const FixtureTargets& targets, const std::vector<SampleUnit>& units,
    const std::string& dir);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_SAMPLE_WORKFORCE_H_
