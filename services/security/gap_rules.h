// What a system lacks for its security level, as of a day:
//   - each control its level requires (catalogue min_level ≤ level) that is
//     not implemented or not applicable, or was never recorded;
//   - an implemented control whose evidence has no check date or is older
//     than the control's review interval;
//   - a level dossier that is not approved, or whose approval is older
//     than the catalogue's approval_valid_years.
// Pure functions.
#ifndef DTR_SERVICES_SECURITY_GAP_RULES_H_
#define DTR_SERVICES_SECURITY_GAP_RULES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "dtr/security/v1/security.pb.h"
#include "services/security/control_catalogue.h"

namespace dtr::security {

// The recorded controls of one system, by control id.
using ControlsById = absl::flat_hash_map<std::string, const v1::SystemControl*>;

std::vector<v1::Gap> FindGaps(const ControlCatalogue& catalogue,
                              const v1::InformationSystem& system,
                              const ControlsById& controls,
                              absl::CivilDay as_of);

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_GAP_RULES_H_
