// The compliance summary as JSON, the shape dtctl prints and the report
// archives: {unit, unit_name, as_of, total, levels{<level>: block}}, each
// block {systems, approved_dossier, by_security_level{"1".."5"},
// systems_with_gaps, soc_monitored, endpoints{workstation, server: {total,
// central, standalone, none, stale, central_share}}, open_incidents{low,
// medium, high, critical, total}, controls_version}, rates as
// common/ratio_json.h, the catalogue version applied as
// common/rule_version_json.h.
#ifndef DTR_SERVICES_SECURITY_COMPLIANCE_JSON_H_
#define DTR_SERVICES_SECURITY_COMPLIANCE_JSON_H_

#include "dtr/security/v1/security.pb.h"
#include "nlohmann/json.hpp"

namespace dtr::security {

nlohmann::ordered_json ComplianceSummaryJson(
    const v1::GetComplianceSummaryResponse& r);

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_COMPLIANCE_JSON_H_
