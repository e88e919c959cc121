#include "services/report/contribution_gauges.h"

#include "common/dates.h"
#include "common/gauge_family.h"
#include "services/report/contribution_expectations.h"

namespace dtr::report {

ContributionGauges::ContributionGauges(prometheus::Registry& registry)
    : expected_(GaugeFamily(registry, "dtr_contributions_expected",
                            "Contributions asked of the units for a section "
                            "of the period's report.")),
      submitted_(GaugeFamily(registry, "dtr_contributions_submitted",
                             "Asked contributions ever submitted.")),
      on_time_(GaugeFamily(registry, "dtr_contributions_on_time",
                           "Asked contributions first submitted by the end "
                           "of their deadline day.")),
      accepted_(GaugeFamily(registry, "dtr_contributions_accepted",
                            "Asked contributions accepted by the "
                            "Department.")),
      missing_(GaugeFamily(
          registry, "dtr_contribution_missing_deadline_timestamp_seconds",
          "A contribution asked and never submitted: the end of its "
          "deadline day (Asia/Ho_Chi_Minh).")) {}

void ContributionGauges::Retain(const std::set<std::string>& periods) {
  absl::MutexLock lock(&mu_);
  for (auto it = by_period_.begin(); it != by_period_.end();) {
    if (periods.count(it->first) > 0) {
      ++it;
      continue;
    }
    for (const auto& [family, gauge] : it->second) family->Remove(gauge);
    by_period_.erase(it++);
  }
}

void ContributionGauges::Set(const v1::ContributionStatus& status) {
  absl::MutexLock lock(&mu_);
  std::vector<Series>& series = by_period_[status.period()];
  for (const auto& [family, gauge] : series) family->Remove(gauge);
  series.clear();
  auto add = [&](prometheus::Family<prometheus::Gauge>& family,
                 const std::map<std::string, std::string>& labels,
                 double value) {
    prometheus::Gauge& g = family.Add(labels);
    g.Set(value);
    series.emplace_back(&family, &g);
  };
  for (const v1::SectionRates& s : status.sections()) {
    const std::map<std::string, std::string> labels{{"period", status.period()},
                                                    {"section", s.section()}};
    add(expected_, labels, s.rates().expected());
    add(submitted_, labels, s.rates().submitted());
    add(on_time_, labels, s.rates().on_time());
    add(accepted_, labels, s.rates().accepted());
  }
  for (const v1::ExpectedContribution& m : status.total().missing()) {
    const std::optional<absl::CivilDay> deadline = ParseIsoDate(m.deadline());
    if (!deadline) continue;
    add(missing_,
        {{"period", status.period()},
         {"section", m.section()},
         {"unit", m.unit_code()},
         {"unit_name", m.unit_name()},
         {"level", m.level()}},
        absl::ToDoubleSeconds(DeadlineEnd(*deadline) - absl::UnixEpoch()));
  }
}

}  // namespace dtr::report
