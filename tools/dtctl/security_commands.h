// `dtctl security ...`: imports into the security service, and its views
// (compliance summary, gap list, history of a system).
#ifndef DTR_TOOLS_DTCTL_SECURITY_COMMANDS_H_
#define DTR_TOOLS_DTCTL_SECURITY_COMMANDS_H_

#include <string>

#include "dtr/security/v1/security.grpc.pb.h"
#include "tools/dtctl/csv_importer.h"

namespace dtr::dtctl {

using SecurityStub = security::v1::SecurityService::StubInterface;

// Returns the process exit code, as the stats imports do.
int ImportSystems(SecurityStub* stub, const ImportFlags& flags);
int ImportSystemControls(SecurityStub* stub, const ImportFlags& flags);
int ImportEndpoints(SecurityStub* stub, const ImportFlags& flags);
int ImportIncidents(SecurityStub* stub, const ImportFlags& flags);

struct SecurityViewFlags {
  std::string unit;
  std::string as_of;  // empty: today
  std::string system;
  bool json = false;
  double timeout_seconds = 30;
};

// The JSON form other tools read (services/security/compliance_json.h).
std::string SummaryJson(const security::v1::GetComplianceSummaryResponse& r);
std::string SummaryTable(const security::v1::GetComplianceSummaryResponse& r);

int ShowSummary(SecurityStub* stub, const SecurityViewFlags& flags);
int ShowGaps(SecurityStub* stub, const SecurityViewFlags& flags);
int ShowHistory(SecurityStub* stub, const SecurityViewFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_SECURITY_COMMANDS_H_
