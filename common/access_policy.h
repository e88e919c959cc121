// Who may call what: callers are identified by their client certificate
// (its DNS names, or its common name when it has none), and a policy file
// gives each identity roles:
//
//   {"callers": [
//     {"identity": "portal-ha-tinh", "roles": ["reader"]},
//     {"identity": "dvc-district-1", "roles": ["writer"],
//      "units": ["HT-D01"]},
//     {"identity": "report-service", "roles": ["report"]},
//     {"identity": "ops", "roles": ["admin"]}]}
//
// Roles: reader (queries), writer (queries, imports and updates; `units`
// lists the subtrees it may write), report (the report service: queries),
// pii-reader (queries, national ids unmasked), admin (everything). Every
// method has a rule (method_rules.h); a method without one is refused.
//
// Thread-safe: immutable once loaded (a reload makes a new one).
#ifndef DTR_COMMON_ACCESS_POLICY_H_
#define DTR_COMMON_ACCESS_POLICY_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dtr {

class AccessPolicy {
 public:
  struct Caller {
    std::set<std::string> roles;
    std::vector<std::string> units;  // writer: the subtrees it may write
  };

  // Errors name the entry and field: "callers[2].roles: unknown role 'x'".
  static absl::StatusOr<std::shared_ptr<const AccessPolicy>> Parse(
      absl::string_view json_text);
  static absl::StatusOr<std::shared_ptr<const AccessPolicy>> LoadFile(
      const std::string& path);

  // Whether a caller known by `identities` (its certificate's names) may
  // call `method` ("/package.Service/Method"): OK, UNAUTHENTICATED when it
  // has no identity, PERMISSION_DENIED naming the identity and the role
  // the method needs, or the missing rule.
  absl::Status Check(const std::vector<std::string>& identities,
                     absl::string_view method) const;

  // The caller's entry; null when the policy does not name it.
  const Caller* Find(const std::vector<std::string>& identities) const;

  // Every caller by identity.
  const std::map<std::string, Caller>& callers() const { return callers_; }

 private:
  std::map<std::string, Caller> callers_;
};

}  // namespace dtr

#endif  // DTR_COMMON_ACCESS_POLICY_H_
