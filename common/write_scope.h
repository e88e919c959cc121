// Where a call may write: everywhere (no access policy, or an admin), or
// within the unit subtrees the policy gives a writer. Imports check each
// row's unit against it and refuse the whole import when a row is out of
// reach (PERMISSION_DENIED; nothing is written).
//
// Thread-safe: immutable once made, and copied into each call.
#ifndef DTR_COMMON_WRITE_SCOPE_H_
#define DTR_COMMON_WRITE_SCOPE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
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

  bool everywhere() const { return everywhere_; }
  // Whether `unit_code`, as the tree has it on `day` (or, for a unit ended
  // by then, on its last day), lies in the scope.
  bool Allows(const UnitTree& units, const std::string& unit_code,
              absl::CivilDay day) const;
  // OK when Allows(); otherwise PERMISSION_DENIED "FIELD: unit 'X' is
  // outside the units caller 'w' may write (...)".
  absl::Status Check(const UnitTree& units, absl::string_view field,
                     const std::string& unit_code, absl::CivilDay day) const;
  // Whether `unit_code` is one the scope names (or the scope is
  // everywhere): for services without a unit tree, where a writer's units
  // are taken as they are, without their subtrees.
  bool Names(const std::string& unit_code) const;
  // "unit X is outside the units caller 'w' may write (HT-D01)".
  std::string Refusal(const std::string& unit_code) const;

 private:
  bool everywhere_ = true;
  std::string who_;
  std::vector<std::string> roots_;
};

}  // namespace dtr

#endif  // DTR_COMMON_WRITE_SCOPE_H_
