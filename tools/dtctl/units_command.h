// `dtctl units list`: the organisation units the stats service knows.
#ifndef DTR_TOOLS_DTCTL_UNITS_COMMAND_H_
#define DTR_TOOLS_DTCTL_UNITS_COMMAND_H_

#include <string>

#include "dtr/stats/v1/stats.grpc.pb.h"

namespace dtr::dtctl {

struct UnitsFlags {
  std::string on_date;
  std::string root;
  std::string level;
  double timeout_seconds = 30;
};

// Prints one unit a line (code, level, parent, name), every page; returns
// the process exit code.
int ListUnits(stats::v1::StatsService::StubInterface* stub,
              const UnitsFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_UNITS_COMMAND_H_
