// The units whose month stands far from their own history: for each unit
// under the root (every level, its own subtree counted), its dossiers
// received, online-submission rate and on-time rate in the month against
// the same figure over the twelve months before, by the modified z-score
// of Iglewicz and Hoaglin, 0.6745 (x − median) / MAD — robust to the odd
// month in the history, unlike a mean and standard deviation.
//
// A month the unit existed in without records received none. When more
// than half the months of the history are alike (MAD 0) the mean
// absolute deviation stands in (× 1.2533). A figure needs six months of
// history (months with a denominator, for a rate) to be judged, and a
// change of at least ten dossiers and a fifth of the median, or five
// percentage points, to be listed. Pure; thread-safe.
#ifndef DTR_SERVICES_STATS_UNIT_OUTLIERS_H_
#define DTR_SERVICES_STATS_UNIT_OUTLIERS_H_

#include <map>
#include <string>
#include <utility>

#include "absl/time/civil_time.h"
#include "common/unit_tree.h"
#include "dtr/stats/v1/stats.pb.h"
#include "services/stats/indicator_definitions.h"
#include "services/stats/indicators.h"

namespace dtr::stats {

inline constexpr double kDefaultOutlierThreshold = 3.5;
inline constexpr int kOutlierHistoryMonths = 12;
inline constexpr int kOutlierMinHistory = 6;

// `counts`: each unit's own dossiers by month (yyyymm), as
// StatsStore::MonthlyCountsByUnit gives them for the month and its history.
// Every month's rates by `definitions` (those of `month`): a formula that
// changed within the history is not a jump.
v1::ListOutliersResponse FindOutliers(
    const UnitTree& units, const IndicatorDefinitions& definitions,
    const std::string& root, absl::CivilMonth month,
    const std::map<std::pair<std::string, int64_t>, DossierCounts>& counts,
    double threshold);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_UNIT_OUTLIERS_H_
