// `dtctl dossiers import` and `dtctl payments import`: stream a CSV file to
// the stats service (see csv_importer.h).
#ifndef DTR_TOOLS_DTCTL_IMPORT_COMMAND_H_
#define DTR_TOOLS_DTCTL_IMPORT_COMMAND_H_

#include <cstdint>
#include <memory>
#include <string>

#include "dtr/stats/v1/stats.grpc.pb.h"
#include "tools/dtctl/csv_importer.h"

namespace dtr::dtctl {

// Returns the process exit code: 0 imported, 1 invalid rows or a failed
// call, 2 a file that cannot be read.
int ImportDossiers(stats::v1::StatsService::StubInterface* stub,
                   const ImportFlags& flags);
int ImportPayments(stats::v1::StatsService::StubInterface* stub,
                   const ImportFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_IMPORT_COMMAND_H_
