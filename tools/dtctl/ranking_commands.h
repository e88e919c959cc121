// `dtctl stats rank`, `stats trend` and `stats outliers`: the units of a
// level ranked by a rate, a rate month by month, and the units whose month
// stands far from their history.
#ifndef DTR_TOOLS_DTCTL_RANKING_COMMANDS_H_
#define DTR_TOOLS_DTCTL_RANKING_COMMANDS_H_

#include <cstdint>
#include <string>

#include "dtr/stats/v1/stats.grpc.pb.h"

namespace dtr::dtctl {

struct RankingFlags {
  std::string unit;
  std::string level;
  std::string indicator;
  std::string from;  // a day (rank) or a month (trend)
  std::string to;
  int64_t min_denominator = 0;
  double threshold = 0;  // outliers
  bool json = false;
  std::string xlsx;  // rank, trend: an XLSX there as well
  double timeout_seconds = 0;
};

// JSON: {"units": [{"unit", "name", "rank", "numerator", "denominator",
// "ratio"}], "too_few": [...], "min_denominator"}, lowest rate last.
int RankUnits(stats::v1::StatsService::StubInterface* stub,
              const RankingFlags& flags);
// JSON: {"months": [{"month", "numerator", "denominator", "ratio",
// "change"}]}.
int ShowTrend(stats::v1::StatsService::StubInterface* stub,
              const RankingFlags& flags);
// The units whose month (--from) stands far from their last twelve. JSON:
// {"threshold", "outliers": [{"unit", "name", "level", "metric", "value",
// "median", "score", "history_months"}]}.
int ShowOutliers(stats::v1::StatsService::StubInterface* stub,
                 const RankingFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_RANKING_COMMANDS_H_
