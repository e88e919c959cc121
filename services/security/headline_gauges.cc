#include "services/security/headline_gauges.h"

#include <map>
#include <string>

#include "common/dates.h"
#include "common/gauge_family.h"
#include "common/log.h"
#include "services/security/compliance.h"

namespace dtr::security {
HeadlineGauges::HeadlineGauges(prometheus::Registry& registry,
                               SecurityStore* store,
                               const UnitTreeHolder* units,
                               const CatalogueHolder* catalogue,
                               absl::Duration settle)
    : store_(store),
      units_(units),
      catalogue_(catalogue),
      systems_(GaugeFamily(registry, "dtr_security_systems",
                           "Information systems in operation, today.")),
      approved_(
          GaugeFamily(registry, "dtr_security_systems_approved_dossier",
                      "Information systems whose security-level dossier is "
                      "approved and in force, today.")),
      with_gaps_(GaugeFamily(registry, "dtr_security_systems_with_gaps",
                             "Information systems with at least one compliance "
                             "gap, today.")),
      soc_monitored_(
          GaugeFamily(registry, "dtr_security_systems_soc_monitored",
                      "Information systems monitored by the security "
                      "operations centre, today.")),
      endpoints_(GaugeFamily(registry, "dtr_security_endpoints",
                             "Endpoints in service, by kind, today.")),
      central_(GaugeFamily(registry, "dtr_security_endpoints_central",
                           "Endpoints centrally protected (managed malware "
                           "protection), by kind, today.")),
      refresh_([this] { Refresh(); }, settle, absl::Minutes(5)) {}

void HeadlineGauges::Refresh() {
  const absl::CivilDay today = Today();
  auto records = store_->RecordsAsOf(today);
  if (!records.ok()) {
    LogWarning("security gauges not refreshed",
               {{"error", std::string(records.status().message())}});
    return;
  }
  std::shared_ptr<const UnitTree> units = units_->Get();
  const std::shared_ptr<const ControlCatalogues> catalogues = catalogue_->Get();
  auto version = catalogues->InForce(today);
  if (!version.ok()) {
    LogWarning("security gauges not refreshed",
               {{"error", std::string(version.status().message())}});
    return;
  }
  for (const UnitVersion* top : units->ListOn(today, "", "")) {
    if (!top->parent_code.empty()) continue;
    auto summary =
        Summarize(*records, *units, *(*version)->value, top->code, today);
    if (!summary.ok()) {
      LogWarning("security gauges not refreshed",
                 {{"error", std::string(summary.status().message())}});
      return;
    }
    auto publish = [&](const std::string& level, const v1::ComplianceBlock& b) {
      const std::map<std::string, std::string> at = {{"unit", top->code},
                                                     {"level", level}};
      systems_.Add(at).Set(static_cast<double>(b.systems()));
      approved_.Add(at).Set(
          static_cast<double>(b.approved_dossier().numerator()));
      with_gaps_.Add(at).Set(static_cast<double>(b.systems_with_gaps()));
      soc_monitored_.Add(at).Set(
          static_cast<double>(b.soc_monitored().numerator()));
      for (const auto& [kind, counts] :
           {std::pair{"workstation", &b.workstation()},
            std::pair{"server", &b.server()}}) {
        auto labels = at;
        labels["kind"] = kind;
        endpoints_.Add(labels).Set(static_cast<double>(counts->total()));
        central_.Add(labels).Set(static_cast<double>(counts->central()));
      }
    };
    publish("all", summary->total());
    for (const v1::LevelCompliance& level : summary->levels()) {
      publish(level.level(), level.compliance());
    }
  }
}

}  // namespace dtr::security
