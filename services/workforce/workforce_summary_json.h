// The workforce summary as JSON, the shape dtctl prints and the report
// archives: {unit, unit_name, from, to, eligibility_month, total,
// levels{<level>: block}}, each block {staff, dedicated, concurrent,
// qualification{doctorate, master, bachelor, college, other: {count, it,
// share}}, it_field, eligible{numerator, denominator, ratio},
// training{courses, trainees, registered_trainees, other_trainees},
// dedicated_qualification (as qualification, among dedicated staff)},
// allowance_rules [{rule_id, title, legal_basis}]; rates as
// common/ratio_json.h. Names of people never appear in it.
#ifndef DTR_SERVICES_WORKFORCE_WORKFORCE_SUMMARY_JSON_H_
#define DTR_SERVICES_WORKFORCE_WORKFORCE_SUMMARY_JSON_H_

#include "dtr/workforce/v1/workforce.pb.h"
#include "nlohmann/json.hpp"

namespace dtr::workforce {

nlohmann::ordered_json WorkforceSummaryJson(
    const v1::GetWorkforceSummaryResponse& r);

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_WORKFORCE_SUMMARY_JSON_H_
