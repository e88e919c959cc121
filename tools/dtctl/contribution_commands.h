// `dtctl contributions ...`: a unit's contribution to a section of a
// period's report — put as a draft, submitted, accepted or returned by the
// Department — and the contributions of a period.
#ifndef DTR_TOOLS_DTCTL_CONTRIBUTION_COMMANDS_H_
#define DTR_TOOLS_DTCTL_CONTRIBUTION_COMMANDS_H_

#include "tools/dtctl/report_commands.h"

namespace dtr::dtctl {

enum class ContributionVerb { kSubmit, kAccept, kReturn, kGet };

// --unit, --period, --section and --file (Markdown): the text as a draft.
int PutContribution(ReportStub* stub, const ReportFlags& flags);
// submit, accept, return (--reason) and get (with its history).
int StepContribution(ReportStub* stub, const ReportFlags& flags,
                     ContributionVerb verb);
// The period's contributions (--unit, --section narrow them).
int ListContributions(ReportStub* stub, const ReportFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_CONTRIBUTION_COMMANDS_H_
