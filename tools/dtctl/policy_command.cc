#include "tools/dtctl/policy_command.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/access_policy.h"
#include "common/unit_tree.h"

namespace dtr::dtctl {

int CheckPolicy(const PolicyCheckFlags& flags) {
  auto policy = AccessPolicy::LoadFile(flags.file);
  if (!policy.ok()) {
    std::fprintf(stderr, "dtctl: %s\n",
                 std::string(policy.status().message()).c_str());
    return 1;
  }
  std::shared_ptr<const UnitTree> units;
  if (!flags.units.empty()) {
    auto tree = UnitTree::LoadFile(flags.units);
    if (!tree.ok()) {
      std::fprintf(stderr, "dtctl: --units: %s\n",
                   std::string(tree.status().message()).c_str());
      return 1;
    }
    units = *tree;
  }
  int unknown = 0;
  for (const auto& [identity, caller] : (*policy)->callers()) {
    std::string line =
        absl::StrCat(identity, ": ", absl::StrJoin(caller.roles, ", "));
    if (!caller.units.empty()) {
      absl::StrAppend(&line, " of ", absl::StrJoin(caller.units, ", "));
    }
    std::printf("%s\n", line.c_str());
    if (units == nullptr) continue;
    for (const std::string& code : caller.units) {
      // Any version: a writer may keep a unit that has ended.
      if (units->FindInRange(code, {absl::CivilDay(1900, 1, 1),
                                    absl::CivilDay(9999, 12, 31)}) == nullptr) {
        std::fprintf(stderr, "dtctl: %s: %s: unit '%s' is not in %s\n",
                     flags.file.c_str(), identity.c_str(), code.c_str(),
                     flags.units.c_str());
        ++unknown;
      }
    }
  }
  return unknown == 0 ? 0 : 1;
}

}  // namespace dtr::dtctl
