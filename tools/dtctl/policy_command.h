// `dtctl policy check`: the access policy file checked by the services' own
// loader before it is deployed (a service refuses a broken file at start
// and keeps the last good one on reload), and, given the unit tree, every
// writer's units looked up in it.
#ifndef DTR_TOOLS_DTCTL_POLICY_COMMAND_H_
#define DTR_TOOLS_DTCTL_POLICY_COMMAND_H_

#include <string>

namespace dtr::dtctl {

struct PolicyCheckFlags {
  std::string file;
  std::string units;  // units.csv; empty: units not looked up
};

// Prints a summary line per caller; returns the process exit code (1 when
// the file is refused or names a unit the tree does not have).
int CheckPolicy(const PolicyCheckFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_POLICY_COMMAND_H_
