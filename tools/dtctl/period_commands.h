// `dtctl period ...`: the locks on a unit's months (an issued report, or
// an admin's closing) and the admins' narrow, expiring exceptions to them.
#ifndef DTR_TOOLS_DTCTL_PERIOD_COMMANDS_H_
#define DTR_TOOLS_DTCTL_PERIOD_COMMANDS_H_

#include "tools/dtctl/report_commands.h"

namespace dtr::dtctl {

// --unit, --period: closes the month.
int ClosePeriod(ReportStub* stub, const ReportFlags& flags);
// The locks and the open exceptions (--all: also ended ones); with
// `exceptions_only`, the exceptions alone.
int ListPeriodLocks(ReportStub* stub, const ReportFlags& flags,
                    bool exceptions_only);
// --unit, --period, --kind, --until, --reason.
int AddLockException(ReportStub* stub, const ReportFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_PERIOD_COMMANDS_H_
