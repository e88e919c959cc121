#include "services/workforce/headline_gauges.h"

#include <map>
#include <string>

#include "common/dates.h"
#include "common/gauge_family.h"
#include "common/log.h"
#include "services/workforce/workforce_summary.h"

namespace dtr::workforce {
HeadlineGauges::HeadlineGauges(prometheus::Registry& registry,
                               WorkforceStore* store,
                               const UnitTreeHolder* units,
                               const RulesHolder* rules, absl::Duration settle)
    : store_(store),
      units_(units),
      rules_(rules),
      staff_(
          GaugeFamily(registry, "dtr_workforce_staff",
                      "IT and digital-transformation staff in service today, "
                      "by role (dedicated, concurrent).")),
      eligible_(
          GaugeFamily(registry, "dtr_workforce_eligible",
                      "Dedicated staff eligible for the special allowance "
                      "this month.")),
      courses_(GaugeFamily(registry, "dtr_workforce_training_courses",
                           "Training courses held this year.")),
      trainees_(GaugeFamily(registry, "dtr_workforce_trainees",
                            "Trainees of the courses held this year.")),
      refresh_([this] { Refresh(); }, settle, absl::Minutes(5)) {}

void HeadlineGauges::Refresh() {
  const absl::CivilDay today = Today();
  const DayRange year_to_date{absl::CivilDay(today.year(), 1, 1), today};
  auto records = store_->ReadAll();
  if (!records.ok()) {
    LogWarning("workforce gauges not refreshed",
               {{"error", std::string(records.status().message())}});
    return;
  }
  std::shared_ptr<const UnitTree> units = units_->Get();
  std::shared_ptr<const AllowanceRules> rules = rules_->Get();
  for (const UnitVersion* top : units->ListOn(today, "", "")) {
    if (!top->parent_code.empty()) continue;
    auto summary = Summarize(*records, *units, *rules, top->code, year_to_date);
    if (!summary.ok()) {
      LogWarning("workforce gauges not refreshed",
                 {{"error", std::string(summary.status().message())}});
      return;
    }
    auto publish = [&](const std::string& level, const v1::WorkforceBlock& b) {
      const std::map<std::string, std::string> at = {{"unit", top->code},
                                                     {"level", level}};
      for (const auto& [role, count] :
           {std::pair{"dedicated", b.dedicated()},
            std::pair{"concurrent", b.concurrent()}}) {
        auto labels = at;
        labels["role"] = role;
        staff_.Add(labels).Set(static_cast<double>(count));
      }
      eligible_.Add(at).Set(static_cast<double>(b.eligible().numerator()));
      courses_.Add(at).Set(static_cast<double>(b.training().courses()));
      trainees_.Add(at).Set(static_cast<double>(b.training().trainees()));
    };
    publish("all", summary->total());
    for (const v1::LevelWorkforce& level : summary->levels()) {
      publish(level.level(), level.workforce());
    }
  }
}

}  // namespace dtr::workforce
