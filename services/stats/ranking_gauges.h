// Every unit's rates as gauges, for the dashboard's table of units ranked
// by a rate: the units of each level under a top unit of the tree (as
// RankUnits sees them), year to date of the latest month with data.
//
//   dtr_stats_unit_indicator_ratio{top,unit,unit_name,level,indicator}
//       (absent: denominator 0)
//   dtr_stats_unit_indicator_denominator{top,unit,unit_name,level,indicator}
//
// A level of more than kMaxUnitsPerLevel units (the communes of the whole
// country) is left to RankUnits: a gauge a unit there would weigh on every
// scrape. Series of units gone from the tree are removed.
//
// Published from one thread (HeadlineGauges' refresh).
#ifndef DTR_SERVICES_STATS_RANKING_GAUGES_H_
#define DTR_SERVICES_STATS_RANKING_GAUGES_H_

#include <map>
#include <set>
#include <string>

#include "common/dates.h"
#include "common/unit_tree.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/stats/indicator_definitions.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

class RankingGauges {
 public:
  static constexpr size_t kMaxUnitsPerLevel = 1000;

  explicit RankingGauges(prometheus::Registry& registry);

  // Starts a refresh: the series Publish does not set again before
  // EndRefresh are removed then.
  void BeginRefresh();
  // Sets the gauges of the units under `top` over `range`; false (and a
  // warning logged) when the store could not be read.
  bool Publish(StatsStore& store, const UnitTree& units,
               const IndicatorDefinitions& definitions, const std::string& top,
               DayRange range);
  void EndRefresh();

 private:
  using Labels = std::map<std::string, std::string>;

  prometheus::Family<prometheus::Gauge>& ratio_;
  prometheus::Family<prometheus::Gauge>& denominator_;
  std::set<Labels> published_;  // by the previous refresh
  std::set<Labels> current_;    // by this one
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_RANKING_GAUGES_H_
