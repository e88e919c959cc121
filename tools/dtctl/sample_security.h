// The security records of the sample month: information systems, the
// state of their controls, endpoints and incidents, reproducing the
// fixture's security figures (section 1.7 of the report): every system of
// province- and district-level units has an approved level dossier (the
// fixture's share), commune-level systems have none (its count), centrally
// managed anti-malware runs on exactly the fixture's workstations and
// servers, and no system is SOC-monitored when the fixture has no SOC.
// Everything else (the systems' names and levels, control states, other
// endpoints, incidents) is the generator's plausible, deterministic choice.
// The systems (approved before the period) are imported as taking effect
// on its first day, their controls and the endpoints as the state on its
// last day; incidents open and close at their own times.
#ifndef DTR_TOOLS_DTCTL_SAMPLE_SECURITY_H_
#define DTR_TOOLS_DTCTL_SAMPLE_SECURITY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/dtctl/fixture_targets.h"
#include "tools/dtctl/sample_month.h"

namespace dtr::dtctl {

// Writes systems.csv, controls.csv, endpoints.csv and incidents.csv into
// `dir`.
absl::StatusOr<std::vector<WrittenFile>> WriteSecuritySample(
    const FixtureTargets& targets, const std::vector<SampleUnit>& units,
    const std::string& dir);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_SAMPLE_SECURITY_H_
