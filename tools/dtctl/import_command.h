// `dtctl dossiers import` and `dtctl payments import`: stream a CSV file to
// the stats service.
//
// The file is read twice. The first pass checks what only the file can
// tell (its header, its CSV syntax, words that are not values of the API)
// and counts the rows for the progress bar. The second streams the rows in
// batches over one call, which the service applies as one transaction.
// If any row is invalid, nothing is imported and every invalid row is
// listed as FILE:LINE: field: reason, the service's findings included (a
// file with local errors is sent once more as validate-only to collect
// them); --skip-invalid imports the valid rows instead.
#ifndef DTR_TOOLS_DTCTL_IMPORT_COMMAND_H_
#define DTR_TOOLS_DTCTL_IMPORT_COMMAND_H_

#include <cstdint>
#include <memory>
#include <string>

#include "dtr/stats/v1/stats.grpc.pb.h"

namespace dtr::dtctl {

struct ImportFlags {
  std::string file;
  bool skip_invalid = false;
  bool validate_only = false;
  int64_t batch_size = 2000;
  double timeout_seconds = 3600;
};

// Returns the process exit code: 0 imported, 1 invalid rows or a failed
// call, 2 a file that cannot be read.
int ImportDossiers(stats::v1::StatsService::StubInterface* stub,
                   const ImportFlags& flags);
int ImportPayments(stats::v1::StatsService::StubInterface* stub,
                   const ImportFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_IMPORT_COMMAND_H_
