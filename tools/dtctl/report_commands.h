// `dtctl narrative ...` and `dtctl report ...`: the narrative sections and
// settings of the report service, generating a report, and fetching
// archived ones.
#ifndef DTR_TOOLS_DTCTL_REPORT_COMMANDS_H_
#define DTR_TOOLS_DTCTL_REPORT_COMMANDS_H_

#include <string>

#include "dtr/report/v1/report.grpc.pb.h"

namespace dtr::dtctl {

using ReportStub = report::v1::ReportService::StubInterface;

struct ReportFlags {
  std::string unit;
  std::string period;   // YYYY-MM, or previous-month for generate
  std::string section;  // narrative put
  std::string file;     // narrative put / import, settings put
  std::string out_dir;
  std::string formats = "docx,html,md,json,pdf";
  std::string payments_through;
  std::string issue_date;
  bool allow_partial = false;
  int64_t version = 0;
  double timeout_seconds = 120;
  bool json = false;  // report list
  // report sign: the signer's certificate and key (a file or a token)
  std::string cert;
  std::string key;
  std::string pkcs11_uri;
  std::string sub_filter;
  std::string trust;   // report verify: CAs to trust
  std::string reason;  // contributions return
  // contributions request: the units (codes, or a subtree and level) and
  // the deadline; --section may list several sections.
  std::string units;
  std::string subtree;
  std::string level;
  std::string deadline;
  // period exceptions add: the kind of change and until when; list: also
  // the expired ones.
  std::string kind;
  std::string until;
  bool all = false;
};

// The bytes of the file at `path`; false when it cannot be read.
bool ReadFile(const std::string& path, std::string* bytes);

// "draft", "signed", "issued", as dtctl prints a version's state.
const char* StateWord(report::v1::ReportState state);

// All return the process exit code: 0, 1 when the service refused or
// failed (the reason on stderr), 2 for a bad command line.
int PutNarrative(ReportStub* stub, const ReportFlags& flags);
// FILE.json: {"unit_code", "period", "sections": {id: Markdown},
// "published": [{"figure", "value", "decimals", "source"}]}.
int ImportNarratives(ReportStub* stub, const ReportFlags& flags);
// FILE.json: dtr.report.v1.ReportSettings as JSON ("unit_code", "issuer",
// ...).
int PutReportSettings(ReportStub* stub, const ReportFlags& flags);
// Generates, then writes DIR/<UNIT>-<YYYY-MM>.<ext> for each format.
int GenerateReport(ReportStub* stub, const ReportFlags& flags);
int ListReports(ReportStub* stub, const ReportFlags& flags);
// Writes an archived version's renderings as generate does.
int GetReport(ReportStub* stub, const ReportFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_REPORT_COMMANDS_H_
