// `dtctl workforce ...`: imports into the workforce registry, its summary
// and the explanation of an allowance answer.
#ifndef DTR_TOOLS_DTCTL_WORKFORCE_COMMANDS_H_
#define DTR_TOOLS_DTCTL_WORKFORCE_COMMANDS_H_

#include <string>

#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "tools/dtctl/csv_importer.h"

namespace dtr::dtctl {

using WorkforceStub = workforce::v1::WorkforceService::StubInterface;

// Return the process exit code, as the stats imports do.
int ImportStaff(WorkforceStub* stub, const ImportFlags& flags);
int ImportCourses(WorkforceStub* stub, const ImportFlags& flags);
int ImportAttendance(WorkforceStub* stub, const ImportFlags& flags);
int ImportAbsences(WorkforceStub* stub, const ImportFlags& flags);

struct WorkforceViewFlags {
  std::string unit;
  std::string from;
  std::string to;
  std::string staff;
  std::string month;  // YYYY-MM
  bool json = false;
  double timeout_seconds = 30;
};

// The JSON form other tools read (services/workforce/workforce_summary_json.h).
std::string WorkforceSummaryJson(
    const workforce::v1::GetWorkforceSummaryResponse& r);
std::string WorkforceSummaryTable(
    const workforce::v1::GetWorkforceSummaryResponse& r);
// "eligible" or "not eligible", then each rule in force with each of its
// conditions, met or not.
std::string EligibilityText(const workforce::v1::Eligibility& e);

int ShowWorkforceSummary(WorkforceStub* stub, const WorkforceViewFlags& flags);
int ShowEligibility(WorkforceStub* stub, const WorkforceViewFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_WORKFORCE_COMMANDS_H_
