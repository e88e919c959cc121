// What runs each of dtctl's commands (command_table.h): the checks of its
// flags, then the call (import_command.h, security_commands.h, ...). Each
// returns the process's exit status: 0, 1 when the service refused or
// failed (the reason on stderr), 2 for a bad command line.
#ifndef DTR_TOOLS_DTCTL_COMMAND_RUNS_H_
#define DTR_TOOLS_DTCTL_COMMAND_RUNS_H_

#include "dtr/stats/v1/stats.grpc.pb.h"
#include "tools/dtctl/command_options.h"

namespace dtr::dtctl {

// A CSV import of FILE (the command's one word) into the service `import`
// calls.
int RunImport(Invocation& call,
              int (*import)(stats::v1::StatsService::StubInterface*,
                            const ImportFlags&));
int RunImport(Invocation& call,
              int (*import)(SecurityStub*, const ImportFlags&));
int RunImport(Invocation& call,
              int (*import)(WorkforceStub*, const ImportFlags&));

int RunIndicators(Invocation& call);
int RunUnits(Invocation& call);
// security summary and gaps.
int RunSecurityView(Invocation& call,
                    int (*show)(SecurityStub*, const SecurityViewFlags&));
int RunHistory(Invocation& call);
int RunPaymentList(Invocation& call);
// The lists behind a security figure, and behind the workforce's eligible.
int RunSecurityBehind(Invocation& call,
                      int (*list)(security::v1::SecurityService::StubInterface*,
                                  const BehindFlags&));
int RunStaffBehind(Invocation& call);
int RunWorkforceSummary(Invocation& call);
int RunEligibility(Invocation& call);
// narrative import and report settings put: FILE.json, the one word.
int RunReportFile(Invocation& call,
                  int (*run)(ReportStub*, const ReportFlags&));
int RunNarrativePut(Invocation& call);
int RunReportList(Invocation& call);
// contributions put|submit|accept|return|get|list.
int RunContribution(Invocation& call, const char* verb);
int RunDossierList(Invocation& call);
int RunRank(Invocation& call);
int RunTrend(Invocation& call);
int RunOutliers(Invocation& call);
// period close | locks | exceptions add | exceptions list.
int RunPeriod(Invocation& call, const char* verb);
int RunReportSign(Invocation& call);
int RunReportIssue(Invocation& call);
// report verify FILE.pdf: no service called.
int RunReportVerify(Invocation& call);
// report generate and get: a period's renderings written into --out.
int RunReportOut(Invocation& call, int (*run)(ReportStub*, const ReportFlags&));
int RunAudit(Invocation& call);
int RunSampleWrite(Invocation& call);
int RunPolicyCheck(Invocation& call);
int RunRulesShow(Invocation& call);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_COMMAND_RUNS_H_
