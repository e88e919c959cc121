// What dtctl's commands (command_table.h) work with: the values of their
// flags, and one run of a command.
#ifndef DTR_TOOLS_DTCTL_COMMAND_OPTIONS_H_
#define DTR_TOOLS_DTCTL_COMMAND_OPTIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "tools/dtctl/audit_command.h"
#include "tools/dtctl/behind_lists.h"
#include "tools/dtctl/csv_importer.h"
#include "tools/dtctl/dossier_list_command.h"
#include "tools/dtctl/indicators_command.h"
#include "tools/dtctl/policy_command.h"
#include "tools/dtctl/ranking_commands.h"
#include "tools/dtctl/report_commands.h"
#include "tools/dtctl/rules_command.h"
#include "tools/dtctl/security_commands.h"
#include "tools/dtctl/units_command.h"
#include "tools/dtctl/workforce_commands.h"

namespace dtr::dtctl {

// What the flags of every command fill.
struct Options {
  ImportFlags import;
  IndicatorsFlags indicators;
  DossierListFlags dossiers;
  BehindFlags behind;
  RankingFlags ranking;
  UnitsFlags units;
  SecurityViewFlags view;
  WorkforceViewFlags workforce;
  ReportFlags report;
  AuditFlags audit;
  PolicyCheckFlags policy;
  RulesFlags rules;
  std::string out_dir;       // sample write
  std::string fixture_path;  // sample write
  double timeout = 0;        // --timeout: 0, the command's own default
};

// One run of a command.
struct Invocation {
  const std::string& name;  // its words, "dossiers import"
  Options& options;
  const std::vector<std::string>& args;    // the words after the command's
  std::shared_ptr<grpc::Channel> channel;  // to its service; null for none
};

// Prints "dtctl: MESSAGE (see dtctl --help)" and returns 2, the exit
// status of a bad command line.
int Usage(const std::string& message);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_COMMAND_OPTIONS_H_
