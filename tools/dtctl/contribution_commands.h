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
// Asks units (--units, or --subtree and --level) for sections (--section,
// comma-separated) of --period by --deadline.
int RequestContributions(ReportStub* stub, const ReportFlags& flags);
// Who is asked for what in --period, and by when.
int ListContributionRequests(ReportStub* stub, const ReportFlags& flags);
// The reporting rates of --period: overall, per section and per level,
// and who is missing or late.
int ContributionStatus(ReportStub* stub, const ReportFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_CONTRIBUTION_COMMANDS_H_
