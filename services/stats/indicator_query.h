// Computes GetIndicators answers from the store's counters.
#ifndef DTR_SERVICES_STATS_INDICATOR_QUERY_H_
#define DTR_SERVICES_STATS_INDICATOR_QUERY_H_

#include "absl/status/statusor.h"
#include "common/dates.h"
#include "common/unit_tree.h"
#include "dtr/stats/v1/stats.pb.h"
#include "services/stats/indicator_definitions.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

// The indicators of the subtree of `root_code` over `range`, in total and
// per level (in the tree's level order; levels with no record are listed
// too, with zero counts), by `definitions` (the version in force on the
// range's last day; the caller names it, as it stands, in the answer it
// gives, which is cached without it). NOT_FOUND when the unit is valid on
// no day of the range.
absl::StatusOr<v1::GetIndicatorsResponse> ComputeIndicators(
    StatsStore& store, const UnitTree& units,
    const IndicatorVersions::Version& definitions, const std::string& root_code,
    DayRange range);

// The cache key of an answer. It names everything the answer depends on
// besides the store (whose writes bump the cache generation): the unit, the
// range, the unit tree, by its fingerprint, so that a reloaded tree
// computes subtrees anew, and the definitions' version, by its content's.
std::string IndicatorsCacheKey(const std::string& unit_code, DayRange range,
                               uint64_t tree_fingerprint,
                               const IndicatorVersions::Version& definitions);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_INDICATOR_QUERY_H_
