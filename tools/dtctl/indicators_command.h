// `dtctl stats indicators`: the public-service indicators of a unit's
// subtree over a date range, as a table or as JSON.
#ifndef DTR_TOOLS_DTCTL_INDICATORS_COMMAND_H_
#define DTR_TOOLS_DTCTL_INDICATORS_COMMAND_H_

#include <string>

#include "dtr/stats/v1/stats.grpc.pb.h"

namespace dtr::dtctl {

struct IndicatorsFlags {
  std::string unit;
  std::string from;
  std::string to;
  bool json = false;
  double timeout_seconds = 30;
};

// The JSON form other tools read (services/stats/indicators_json.h).
std::string IndicatorsJson(const stats::v1::GetIndicatorsResponse& response);

// A table for people.
std::string IndicatorsTable(const stats::v1::GetIndicatorsResponse& response);

// Returns the process exit code.
int ShowIndicators(stats::v1::StatsService::StubInterface* stub,
                   const IndicatorsFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_INDICATORS_COMMAND_H_
