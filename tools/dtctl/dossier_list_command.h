// `dtctl stats dossiers`: the dossiers behind a figure of the indicators
// (its numerator, its denominator or the rest), all of them, a page at a
// time, as CSV with exactly the dossier import's header: into --csv FILE,
// or on standard output. `dtctl stats payments`: the payments behind the
// payment figures (successful, failed or all), the same way.
#ifndef DTR_TOOLS_DTCTL_DOSSIER_LIST_COMMAND_H_
#define DTR_TOOLS_DTCTL_DOSSIER_LIST_COMMAND_H_

#include <string>

#include "dtr/stats/v1/stats.grpc.pb.h"

namespace dtr::dtctl {

struct DossierListFlags {
  std::string unit;
  std::string from;
  std::string to;
  std::string figure;
  std::string part;
  std::string level;
  std::string only_unit;
  std::string procedure;
  std::string status;  // payments: success, failed; empty: all
  std::string csv;     // empty: standard output
  std::string xlsx;    // not empty: an XLSX there instead of CSV
  int64_t page_size = 10'000;
  double timeout_seconds = 0;  // per page
};

// 0; 1 when the service refused or a file could not be written; 2 for a
// bad --part.
int ListDossiers(stats::v1::StatsService::StubInterface* stub,
                 const DossierListFlags& flags);
// 0; 1 as above; 2 for a bad --status.
int ListPayments(stats::v1::StatsService::StubInterface* stub,
                 const DossierListFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_DOSSIER_LIST_COMMAND_H_
