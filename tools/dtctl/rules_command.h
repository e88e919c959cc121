// `dtctl rules show`: the version of a piece of reference data in force on
// a day, with its days, legal basis and content, as the service that
// applies it has loaded it.
#ifndef DTR_TOOLS_DTCTL_RULES_COMMAND_H_
#define DTR_TOOLS_DTCTL_RULES_COMMAND_H_

#include <string>

#include "dtr/security/v1/security.grpc.pb.h"

namespace dtr::dtctl {

struct RulesFlags {
  std::string kind;  // "controls"
  std::string on;    // YYYY-MM-DD; empty: today
  bool json = false;
  double timeout_seconds = 30;
};

// The reference data `rules show --kind` names, as dtctl's help lists them.
inline constexpr char kVersionedKinds[] = "controls";

// The controls catalogue in force on flags.on; the process's exit code.
int ShowControlsInForce(security::v1::SecurityService::StubInterface* stub,
                        const RulesFlags& flags);

// The version's days and legal basis, for people.
std::string VersionText(const common::v1::RuleVersion& version);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_RULES_COMMAND_H_
