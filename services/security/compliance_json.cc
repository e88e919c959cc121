#include "services/security/compliance_json.h"

#include "absl/strings/str_cat.h"
#include "common/ratio_json.h"
#include "common/rule_version_json.h"

namespace dtr::security {
namespace {

using nlohmann::ordered_json;

ordered_json EndpointsJson(const v1::EndpointCounts& e) {
  ordered_json out;
  out["total"] = e.total();
  out["central"] = e.central();
  out["standalone"] = e.standalone();
  out["none"] = e.none();
  out["stale"] = e.stale();
  out["central_share"] = RatioJson(e.central_share());
  return out;
}

ordered_json BlockJson(const v1::ComplianceBlock& b) {
  ordered_json out;
  out["systems"] = b.systems();
  out["approved_dossier"] = RatioJson(b.approved_dossier());
  ordered_json levels = ordered_json::object();
  for (int level = 1; level <= 5; ++level) {
    auto it = b.by_security_level().find(level);
    levels[absl::StrCat(level)] =
        it == b.by_security_level().end() ? 0 : it->second;
  }
  out["by_security_level"] = levels;
  out["systems_with_gaps"] = b.systems_with_gaps();
  out["soc_monitored"] = RatioJson(b.soc_monitored());
  out["endpoints"] = {{"workstation", EndpointsJson(b.workstation())},
                      {"server", EndpointsJson(b.server())}};
  const v1::IncidentCounts& i = b.open_incidents();
  out["open_incidents"] = {{"low", i.low()},
                           {"medium", i.medium()},
                           {"high", i.high()},
                           {"critical", i.critical()},
                           {"total", i.total()}};
  return out;
}

}  // namespace

nlohmann::ordered_json ComplianceSummaryJson(
    const v1::GetComplianceSummaryResponse& r) {
  ordered_json out;
  out["unit"] = r.unit().code();
  out["unit_name"] = r.unit().name();
  out["as_of"] = r.as_of();
  out["total"] = BlockJson(r.total());
  out["levels"] = ordered_json::object();
  for (const v1::LevelCompliance& level : r.levels()) {
    out["levels"][level.level()] = BlockJson(level.compliance());
  }
  if (r.has_controls_version()) {
    out["controls_version"] = RuleVersionJson(r.controls_version());
  }
  return out;
}

}  // namespace dtr::security
