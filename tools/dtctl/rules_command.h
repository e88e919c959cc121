// `dtctl rules show`: the version of a piece of reference data in force on
// a day, with its days, legal basis and content, as the service that
// applies it has loaded it.
#ifndef DTR_TOOLS_DTCTL_RULES_COMMAND_H_
#define DTR_TOOLS_DTCTL_RULES_COMMAND_H_

#include <string>

#include "dtr/report/v1/report.grpc.pb.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "dtr/stats/v1/stats.grpc.pb.h"

namespace dtr::dtctl {

struct RulesFlags {
  std::string kind;  // one of kVersionedKinds
  std::string on;    // YYYY-MM-DD; empty: today
  std::string unit;  // whose settings
  bool json = false;
  double timeout_seconds = 30;
};

// The reference data `rules show --kind` names, as dtctl's help lists them.
inline constexpr char kVersionedKinds[] =
    "controls, indicators, settings or templates";

// The service ("security") that applies the rules of `kind`; empty for a
// kind that is not one of kVersionedKinds.
std::string ServiceOfKind(const std::string& kind);

// The controls catalogue in force on flags.on; the process's exit code.
int ShowControlsInForce(security::v1::SecurityService::StubInterface* stub,
                        const RulesFlags& flags);

// The indicator definitions in force on flags.on; the process's exit code.
int ShowIndicatorsInForce(stats::v1::StatsService::StubInterface* stub,
                          const RulesFlags& flags);

// The report settings of flags.unit in force on flags.on; the process's
// exit code.
int ShowSettingsInForce(report::v1::ReportService::StubInterface* stub,
                        const RulesFlags& flags);

// The version's days and legal basis, for people.
std::string VersionText(const common::v1::RuleVersion& version);

// The version of the report's wording in force on flags.on; the process's
// exit code.
int ShowTemplatesInForce(report::v1::ReportService::StubInterface* stub,
                         const RulesFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_RULES_COMMAND_H_
