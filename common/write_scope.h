// Where a call may write: everywhere (no access policy, or an admin), or
// within the unit subtrees the policy gives a writer. Imports check each
// row's unit against it and refuse the whole import when a row is out of
// reach (PERMISSION_DENIED; nothing is written).
#ifndef DTR_COMMON_WRITE_SCOPE_H_
#define DTR_COMMON_WRITE_SCOPE_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/policy_enforcer.h"
#include "common/unit_tree.h"
#include "grpcpp/server_context.h"

namespace dtr {

class WriteScope {
 public:
  // Everywhere.
  WriteScope() = default;
  // Within the subtrees of `roots`, for the caller `who`.
  WriteScope(std::string who, std::vector<std::string> roots);

  // The scope of a call: the caller's units when `policy` (may be null)
  // names it as a writer without the admin role; everywhere otherwise (the
  // enforcer already refused callers without a role that writes).
  static WriteScope ForCall(const grpc::ServerContextBase& context,
                            const PolicyHolder* policy);

  // Whether `unit_code`, as the tree has it on `day`, lies in the scope.
  bool Allows(const UnitTree& units, const std::string& unit_code,
              absl::CivilDay day) const;
  // "unit X is outside the units caller 'w' may write (HT-D01)".
  std::string Refusal(const std::string& unit_code) const;

 private:
  bool everywhere_ = true;
  std::string who_;
  std::vector<std::string> roots_;
};

}  // namespace dtr

#endif  // DTR_COMMON_WRITE_SCOPE_H_
