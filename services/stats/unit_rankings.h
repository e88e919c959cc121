// Rankings and trends of a rate, from the same counters as GetIndicators:
// a unit's rate is its subtree's (a district's includes its communes), a
// month's is GetIndicators' over that month. Ranks compare the exact
// fractions, so that equal rates share a rank whatever their rounding.
#ifndef DTR_SERVICES_STATS_UNIT_RANKINGS_H_
#define DTR_SERVICES_STATS_UNIT_RANKINGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/dates.h"
#include "common/unit_tree.h"
#include "dtr/stats/v1/stats.pb.h"
#include "services/stats/indicator_definitions.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

inline constexpr int64_t kDefaultMinDenominator = 30;
inline constexpr int kMaxTrendMonths = 120;

// The rate `indicator` (one of kDossierRates) names in `set`, or
// INVALID_ARGUMENT naming `field`.
absl::StatusOr<const common::v1::Ratio*> RateOf(const v1::IndicatorSet& set,
                                                const std::string& indicator,
                                                absl::string_view field);

// A unit with the dossier indicators of its subtree (payments left out).
struct UnitFigures {
  std::string code;
  std::string name;
  v1::IndicatorSet indicators;
};

// The units of `level` under `root` (root itself left out), in code order,
// each with its subtree's indicators over `range` by `definitions`: one
// read of the store.
absl::StatusOr<std::vector<UnitFigures>> FiguresOfLevel(
    StatsStore& store, const UnitTree& units,
    const IndicatorDefinitions& definitions, const std::string& root,
    const std::string& level, DayRange range);

// By the definitions in force on the range's last day.
absl::StatusOr<v1::RankUnitsResponse> RankUnits(
    StatsStore& store, const UnitTree& units,
    const IndicatorDefinitions& definitions, const v1::RankUnitsRequest& r,
    DayRange range);

// Each month by the definitions in force on its last day, as that month's
// GetIndicators gives it.
absl::StatusOr<v1::GetTrendResponse> Trend(
    StatsStore& store, const UnitTree& units, const IndicatorVersions& rules,
    const std::string& unit, const std::string& indicator,
    absl::CivilMonth from, absl::CivilMonth to);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_UNIT_RANKINGS_H_
