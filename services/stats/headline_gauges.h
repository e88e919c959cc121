// The headline indicators as Prometheus gauges, for dashboards and alerts.
//
// Low cardinality by design: only the top-level units of the tree (the
// province), year to date of the latest month with data, in total
// (level="all") and per level. Refreshed in the background shortly after
// writes, coalescing bursts (an import of many batches refreshes once, and
// steady writes refresh every ten seconds or so).
//
//   dtr_stats_dossiers_received{unit,level}
//   dtr_stats_indicator_numerator{indicator,unit,level}
//   dtr_stats_indicator_denominator{indicator,unit,level}
//   dtr_stats_indicator_ratio{indicator,unit,level}   (absent: denominator 0)
//   dtr_stats_payments_successful{unit,level}
//   dtr_stats_payments_amount_vnd{unit,level}
//   dtr_stats_units_with_payments{unit,level}
//   dtr_stats_headline_period_end_timestamp_seconds   (end of the period)
//   dtr_stats_month_indicator_ratio{indicator,unit,level}
//       (the latest month alone: month by month over time)
//
// and, beside them, every unit's rates (ranking_gauges.h).
//
// Thread-safe.
#ifndef DTR_SERVICES_STATS_HEADLINE_GAUGES_H_
#define DTR_SERVICES_STATS_HEADLINE_GAUGES_H_

#include <map>
#include <set>
#include <string>

#include "absl/time/time.h"
#include "common/background_refresh.h"
#include "common/unit_tree_holder.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/stats/indicator_rules.h"
#include "services/stats/ranking_gauges.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

class HeadlineGauges {
 public:
  HeadlineGauges(prometheus::Registry& registry, StatsStore* store,
                 const UnitTreeHolder* units, const IndicatorRules* indicators,
                 absl::Duration settle = absl::Seconds(1));

  // Asks for a refresh; it happens once no write has come for `settle`.
  void MarkStale() { refresh_.MarkStale(); }

 private:
  void Refresh();

  StatsStore* store_;
  const UnitTreeHolder* units_;
  const IndicatorRules* indicators_;
  prometheus::Family<prometheus::Gauge>& received_;
  prometheus::Family<prometheus::Gauge>& numerator_;
  prometheus::Family<prometheus::Gauge>& denominator_;
  prometheus::Family<prometheus::Gauge>& ratio_;
  prometheus::Family<prometheus::Gauge>& successful_;
  prometheus::Family<prometheus::Gauge>& amount_;
  prometheus::Family<prometheus::Gauge>& paying_units_;
  prometheus::Family<prometheus::Gauge>& month_ratio_;
  // The month series set by the last refresh: a level without dossiers in
  // the new month loses its series rather than keep the old month's.
  std::set<std::map<std::string, std::string>> month_published_;
  prometheus::Gauge& period_end_;
  RankingGauges rankings_;
  BackgroundRefresh refresh_;  // last: stops before the rest goes
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_HEADLINE_GAUGES_H_
