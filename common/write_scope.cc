#include "common/write_scope.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace dtr {

WriteScope::WriteScope(std::string who, std::vector<std::string> roots)
    : everywhere_(false), who_(std::move(who)), roots_(std::move(roots)) {}

WriteScope WriteScope::ForCall(const grpc::ServerContextBase& context,
                               const PolicyHolder* policy) {
  if (policy == nullptr) return WriteScope();
  const std::vector<std::string> identities = CallerIdentities(context);
  std::shared_ptr<const AccessPolicy> current = policy->Get();
  const AccessPolicy::Caller* caller = current->Find(identities);
  if (caller == nullptr || caller->roles.count("admin") > 0) {
    return WriteScope();
  }
  return WriteScope(identities.empty() ? "" : identities.front(),
                    caller->units);
}

bool WriteScope::Allows(const UnitTree& units, const std::string& unit_code,
                        absl::CivilDay day) const {
  if (everywhere_) return true;
  // Up the tree as it stood that day; a cycle cannot occur (the tree's
  // loader refuses them), the bound is for safety.
  std::string code = unit_code;
  for (int depth = 0; depth < 64 && !code.empty(); ++depth) {
    for (const std::string& root : roots_) {
      if (code == root) return true;
    }
    const UnitVersion* unit = units.Find(code, day);
    if (unit == nullptr) {
      // A unit that has ended (a district of before the 2025 reform) stays
      // with the subtree it was last in: its writer keeps correcting its
      // records.
      unit = units.FindInRange(code, {absl::CivilDay(1900, 1, 1), day});
      if (unit == nullptr) return false;
      day = unit->valid_to;
    }
    code = unit->parent_code;
  }
  return false;
}

absl::Status WriteScope::Check(const UnitTree& units, absl::string_view field,
                               const std::string& unit_code,
                               absl::CivilDay day) const {
  if (Allows(units, unit_code, day)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(field, ": ", Refusal(unit_code)));
}

bool WriteScope::Names(const std::string& unit_code) const {
  if (everywhere_) return true;
  for (const std::string& root : roots_) {
    if (unit_code == root) return true;
  }
  return false;
}

std::string WriteScope::Refusal(const std::string& unit_code) const {
  return absl::StrCat("unit '", unit_code, "' is outside the units caller '",
                      who_, "' may write (", absl::StrJoin(roots_, ", "), ")");
}

}  // namespace dtr
