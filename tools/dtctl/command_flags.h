// The flags of dtctl's commands (command_table.h), each bound to the
// command's part of Options; and the flags of calling a service.
#ifndef DTR_TOOLS_DTCTL_COMMAND_FLAGS_H_
#define DTR_TOOLS_DTCTL_COMMAND_FLAGS_H_

#include <string>

#include "common/flags.h"
#include "common/tls_credentials.h"
#include "tools/dtctl/command_options.h"

namespace dtr::dtctl {

// CSV imports: --skip-invalid, --validate-only, --batch-size; security
// imports also --effective and --reason (when the rows hold, and why).
void AddImportFlags(FlagSet* flags, Options* options);
void AddSecurityImportFlags(FlagSet* flags, Options* options);
void AddIndicatorsFlags(FlagSet* flags, Options* options);
void AddUnitsFlags(FlagSet* flags, Options* options);
void AddSecurityViewFlags(FlagSet* flags, Options* options);
void AddHistoryFlags(FlagSet* flags, Options* options);
void AddWorkforceSummaryFlags(FlagSet* flags, Options* options);
void AddEligibilityFlags(FlagSet* flags, Options* options);
void AddNarrativePutFlags(FlagSet* flags, Options* options);
void AddGenerateFlags(FlagSet* flags, Options* options);
void AddReportListFlags(FlagSet* flags, Options* options);
void AddReportGetFlags(FlagSet* flags, Options* options);
void AddContributionFlags(FlagSet* flags, Options* options);
void AddDossierListFlags(FlagSet* flags, Options* options);
void AddSystemsBehindFlags(FlagSet* flags, Options* options);
void AddEndpointsBehindFlags(FlagSet* flags, Options* options);
void AddStaffBehindFlags(FlagSet* flags, Options* options);
void AddPaymentListFlags(FlagSet* flags, Options* options);
void AddRankFlags(FlagSet* flags, Options* options);
void AddTrendFlags(FlagSet* flags, Options* options);
void AddOutlierFlags(FlagSet* flags, Options* options);
void AddContributionRequestFlags(FlagSet* flags, Options* options);
void AddContributionStatusFlags(FlagSet* flags, Options* options);
void AddPeriodCloseFlags(FlagSet* flags, Options* options);
void AddPeriodLocksFlags(FlagSet* flags, Options* options);
void AddLockExceptionFlags(FlagSet* flags, Options* options);
void AddReportSignFlags(FlagSet* flags, Options* options);
void AddReportIssueFlags(FlagSet* flags, Options* options);
void AddReportVerifyFlags(FlagSet* flags, Options* options);
void AddAuditFlags(FlagSet* flags, Options* options);
void AddSampleFlags(FlagSet* flags, Options* options);
void AddPolicyFlags(FlagSet* flags, Options* options);
void AddRulesFlags(FlagSet* flags, Options* options);

// The flags of calling a service: --server (from `server_env`, then the
// service's default port), --timeout, --tls-ca, --tls-cert, --tls-key.
void AddClientFlags(FlagSet* flags, Options* options, TlsFiles* tls,
                    std::string* server, const std::string& server_env);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_COMMAND_FLAGS_H_
