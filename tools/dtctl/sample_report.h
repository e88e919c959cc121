// The report inputs of the sample month that are not records: the
// narrative sections of the real report (built into dtctl) with the
// figures it published (from the fixture, for the report to reconcile),
// and how its issuer signs reports.
#ifndef DTR_TOOLS_DTCTL_SAMPLE_REPORT_H_
#define DTR_TOOLS_DTCTL_SAMPLE_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/dtctl/fixture_targets.h"
#include "tools/dtctl/sample_month.h"

namespace dtr::dtctl {

// Writes narratives.json (for `dtctl narrative import`),
// report-settings.json (for `dtctl report settings put`), settings.json
// (the same settings dated, for the report service's --settings) and the
// units' contributions (contributions/<UNIT>-<section>.md, listed with
// their unit and section in contributions.tsv) into `dir`, for the
// fixture's province and the month its period ends with. `units` names the
// contributing units' codes.
absl::StatusOr<std::vector<WrittenFile>> WriteReportSample(
    const FixtureTargets& targets, const std::vector<SampleUnit>& units,
    const std::string& dir);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_SAMPLE_REPORT_H_
