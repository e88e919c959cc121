#include "services/stats/headline_gauges.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/dates.h"
#include "common/gauge_family.h"
#include "common/log.h"
#include "services/stats/indicator_query.h"
#include "services/stats/unit_rankings.h"

namespace dtr::stats {
HeadlineGauges::HeadlineGauges(prometheus::Registry& registry,
                               StatsStore* store, const UnitTreeHolder* units,
                               const IndicatorRules* indicators,
                               absl::Duration settle)
    : store_(store),
      units_(units),
      indicators_(indicators),
      received_(
          GaugeFamily(registry, "dtr_stats_dossiers_received",
                      "Dossiers received, year to date of the latest month "
                      "with data.")),
      numerator_(GaugeFamily(registry, "dtr_stats_indicator_numerator",
                             "Numerator of a public-service indicator, year to "
                             "date.")),
      denominator_(
          GaugeFamily(registry, "dtr_stats_indicator_denominator",
                      "Denominator of a public-service indicator, year "
                      "to date.")),
      ratio_(GaugeFamily(registry, "dtr_stats_indicator_ratio",
                         "A public-service indicator as a fraction, year to "
                         "date.")),
      successful_(GaugeFamily(registry, "dtr_stats_payments_successful",
                              "Successful online payments, year to date.")),
      amount_(GaugeFamily(registry, "dtr_stats_payments_amount_vnd",
                          "Amount of successful online payments in đồng, year "
                          "to date.")),
      paying_units_(GaugeFamily(registry, "dtr_stats_units_with_payments",
                                "Units with at least one successful online "
                                "payment, year to date.")),
      month_ratio_(GaugeFamily(registry, "dtr_stats_month_indicator_ratio",
                               "A public-service indicator of the latest "
                               "month with data alone, as a fraction.")),
      period_end_(GaugeFamily(registry,
                              "dtr_stats_headline_period_end_timestamp_seconds",
                              "End of the period of the headline gauges (start "
                              "of its last day, Asia/Ho_Chi_Minh).")
                      .Add({})),
      rankings_(registry),
      refresh_([this] { Refresh(); }, settle) {}

void HeadlineGauges::Refresh() {
  auto latest = store_->LatestMonth();
  if (!latest.ok()) {
    LogWarning("headline gauges not refreshed",
               {{"error", std::string(latest.status().message())}});
    return;
  }
  if (!latest->has_value()) return;
  const absl::CivilDay end = LastDayOfMonth(**latest);
  const DayRange year_to_date{absl::CivilDay(end.year(), 1, 1), end};
  const DayRange month{FirstDayOfMonth(end), end};
  std::shared_ptr<const UnitTree> units = units_->Get();
  // The definitions in force at the end of the month shown, which both
  // its month and its year to date are computed by.
  std::shared_ptr<const IndicatorVersions> rules = indicators_->Get();
  auto in_force = rules->InForce(end);
  if (!in_force.ok()) {
    LogWarning("headline gauges not refreshed",
               {{"error", std::string(in_force.status().message())}});
    return;
  }
  const IndicatorVersions::Version& definitions = **in_force;
  rankings_.BeginRefresh();
  bool rankings_read = true, month_read = true;
  std::set<std::map<std::string, std::string>> month_set;
  for (const UnitVersion* top : units->ListOn(end, "", "")) {
    if (!top->parent_code.empty()) continue;
    rankings_read = rankings_.Publish(*store_, *units, *definitions.value,
                                      top->code, year_to_date) &&
                    rankings_read;
    auto alone =
        ComputeIndicators(*store_, *units, definitions, top->code, month);
    if (!alone.ok()) {
      LogWarning("month gauges not refreshed",
                 {{"error", std::string(alone.status().message())}});
      month_read = false;
    } else {
      std::vector<std::pair<std::string, const v1::IndicatorSet*>> sets = {
          {"all", &alone->total()}};
      for (const v1::LevelIndicators& l : alone->levels()) {
        sets.emplace_back(l.level(), &l.indicators());
      }
      for (const auto& [level, set] : sets) {
        for (const char* name : kDossierRates) {
          const common::v1::Ratio& r = **RateOf(*set, name, "");
          if (!r.has_ratio()) continue;  // no rate: no series
          std::map<std::string, std::string> labels = {
              {"unit", top->code}, {"level", level}, {"indicator", name}};
          month_ratio_.Add(labels).Set(r.ratio());
          month_set.insert(std::move(labels));
        }
      }
    }
    auto answer = ComputeIndicators(*store_, *units, definitions, top->code,
                                    year_to_date);
    if (!answer.ok()) {
      LogWarning("headline gauges not refreshed",
                 {{"error", std::string(answer.status().message())}});
      return;
    }
    auto publish = [&](const std::string& level, const v1::IndicatorSet& set) {
      const std::map<std::string, std::string> at = {{"unit", top->code},
                                                     {"level", level}};
      received_.Add(at).Set(static_cast<double>(set.dossiers_received()));
      for (const char* name : kDossierRates) {
        const common::v1::Ratio* r = *RateOf(set, name, "");
        auto labels = at;
        labels["indicator"] = name;
        numerator_.Add(labels).Set(static_cast<double>(r->numerator()));
        denominator_.Add(labels).Set(static_cast<double>(r->denominator()));
        if (r->has_ratio()) {
          ratio_.Add(labels).Set(r->ratio());
        } else {
          ratio_.Remove(&ratio_.Add(labels));
        }
      }
      successful_.Add(at).Set(
          static_cast<double>(set.payments().successful_transactions()));
      amount_.Add(at).Set(static_cast<double>(set.payments().amount_vnd()));
      paying_units_.Add(at).Set(
          static_cast<double>(set.payments().units_with_payments()));
    };
    publish("all", answer->total());
    for (const v1::LevelIndicators& level : answer->levels()) {
      publish(level.level(), level.indicators());
    }
  }
  // A failed read keeps the series it could not refresh rather than drop
  // them.
  if (rankings_read) rankings_.EndRefresh();
  if (month_read) {
    for (const auto& labels : month_published_) {
      if (month_set.count(labels) == 0) {
        month_ratio_.Remove(&month_ratio_.Add(labels));
      }
    }
    month_published_.swap(month_set);
  }
  period_end_.Set(absl::ToDoubleSeconds(absl::FromCivil(end, ReportTimeZone()) -
                                        absl::UnixEpoch()));
}

}  // namespace dtr::stats
