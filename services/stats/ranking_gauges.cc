#include "services/stats/ranking_gauges.h"

#include <string>
#include <vector>

#include "common/gauge_family.h"
#include "common/log.h"
#include "services/stats/unit_rankings.h"

namespace dtr::stats {

RankingGauges::RankingGauges(prometheus::Registry& registry)
    : ratio_(GaugeFamily(registry, "dtr_stats_unit_indicator_ratio",
                         "A unit's public-service indicator as a fraction, "
                         "year to date, for ranking the units of a level.")),
      denominator_(
          GaugeFamily(registry, "dtr_stats_unit_indicator_denominator",
                      "Denominator of a unit's public-service indicator, "
                      "year to date.")) {}

void RankingGauges::BeginRefresh() { current_.clear(); }

bool RankingGauges::Publish(StatsStore& store, const UnitTree& units,
                            const IndicatorDefinitions& definitions,
                            const std::string& top, DayRange range) {
  // The levels under the top unit's own, in tree order.
  const UnitVersion* root = units.FindInRange(top, range);
  if (root == nullptr) return true;
  for (const std::string& level : units.levels()) {
    std::vector<const UnitVersion*> listed =
        units.ListOn(range.last, top, level);
    if (listed.empty() || listed.size() > kMaxUnitsPerLevel) continue;
    auto figures = FiguresOfLevel(store, units, definitions, top, level, range);
    if (!figures.ok()) {
      LogWarning("ranking gauges not refreshed",
                 {{"error", std::string(figures.status().message())}});
      return false;
    }
    for (const UnitFigures& f : *figures) {
      for (const std::string rate : kDossierRates) {
        const common::v1::Ratio& r = **RateOf(f.indicators, rate, "");
        const Labels labels = {{"top", top},
                               {"unit", f.code},
                               {"unit_name", f.name},
                               {"level", level},
                               {"indicator", rate}};
        current_.insert(labels);
        denominator_.Add(labels).Set(static_cast<double>(r.denominator()));
        if (r.has_ratio()) {
          ratio_.Add(labels).Set(r.ratio());
        } else {
          ratio_.Remove(&ratio_.Add(labels));
        }
      }
    }
  }
  return true;
}

void RankingGauges::EndRefresh() {
  for (const Labels& labels : published_) {
    if (current_.count(labels) > 0) continue;
    ratio_.Remove(&ratio_.Add(labels));
    denominator_.Remove(&denominator_.Add(labels));
  }
  published_.swap(current_);
  current_.clear();
}

}  // namespace dtr::stats
