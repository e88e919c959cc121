#include "common/access_policy.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/method_rules.h"
#include "nlohmann/json.hpp"

namespace dtr {
namespace {

const std::set<std::string>& KnownRoles() {
  static const auto* roles = new std::set<std::string>{
      "reader", "writer", "report",   "pii-reader", "admin",
      "signer", "issuer", "reviewer", "locks"};
  return *roles;
}

// The roles that may call a method of `access`, in the order errors name
// them.
std::vector<std::string> RolesFor(MethodAccess access) {
  switch (access) {
    case MethodAccess::kAnyone:
      return {};
    case MethodAccess::kQuery:
      return {"reader", "writer", "report", "pii-reader", "admin"};
    case MethodAccess::kWrite:
      return {"writer", "admin"};
    case MethodAccess::kAdmin:
      return {"admin"};
    case MethodAccess::kSign:
      return {"signer", "admin"};
    case MethodAccess::kIssue:
      return {"issuer", "admin"};
    case MethodAccess::kReview:
      return {"reviewer", "admin"};
    case MethodAccess::kLocks:
      return {"locks", "reader", "writer", "report", "pii-reader", "admin"};
  }
  return {"admin"};
}

absl::Status FieldError(size_t index, const std::string& field,
                        const std::string& reason) {
  return absl::InvalidArgumentError(absl::StrCat(
      "callers[", index, "]", field.empty() ? "" : ".", field, ": ", reason));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const AccessPolicy>> AccessPolicy::Parse(
    absl::string_view json_text) {
  const nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return absl::InvalidArgumentError("policy: not a JSON object");
  }
  auto callers = doc.find("callers");
  if (callers == doc.end() || !callers->is_array()) {
    return absl::InvalidArgumentError("callers: missing, or not a list");
  }
  auto policy = std::make_shared<AccessPolicy>();
  for (size_t i = 0; i < callers->size(); ++i) {
    const nlohmann::json& entry = (*callers)[i];
    if (!entry.is_object()) return FieldError(i, "", "not an object");
    auto identity = entry.find("identity");
    if (identity == entry.end() || !identity->is_string() ||
        identity->get<std::string>().empty()) {
      return FieldError(i, "identity", "missing or empty");
    }
    const std::string name = identity->get<std::string>();
    if (policy->callers_.count(name) > 0) {
      return FieldError(i, "identity", "'" + name + "' is listed twice");
    }
    Caller caller;
    auto roles = entry.find("roles");
    if (roles == entry.end() || !roles->is_array() || roles->empty()) {
      return FieldError(i, "roles", "missing or empty");
    }
    for (const nlohmann::json& role : *roles) {
      if (!role.is_string() || KnownRoles().count(role) == 0) {
        return FieldError(
            i, "roles",
            absl::StrCat("unknown role ", role.dump(),
                         " (known: ", absl::StrJoin(KnownRoles(), ", "), ")"));
      }
      caller.roles.insert(role.get<std::string>());
    }
    auto units = entry.find("units");
    if (units != entry.end()) {
      if (!units->is_array()) return FieldError(i, "units", "not a list");
      for (const nlohmann::json& unit : *units) {
        if (!unit.is_string() || unit.get<std::string>().empty()) {
          return FieldError(i, "units", "a unit code is not a string");
        }
        caller.units.push_back(unit.get<std::string>());
      }
    }
    // A writer, signer or issuer without units could act nowhere: almost
    // surely a mistake.
    for (const char* role : {"writer", "signer", "issuer", "reviewer"}) {
      if (caller.roles.count(role) > 0 && caller.roles.count("admin") == 0 &&
          caller.units.empty()) {
        return FieldError(
            i, "units",
            absl::StrCat(role[0] == 'i' ? "an " : "a ", role,
                         " needs the units (subtrees) it acts for"));
      }
    }
    policy->callers_.emplace(name, std::move(caller));
  }
  return std::shared_ptr<const AccessPolicy>(std::move(policy));
}

absl::StatusOr<std::shared_ptr<const AccessPolicy>> AccessPolicy::LoadFile(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("--policy: cannot read ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto policy = Parse(text.str());
  if (!policy.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--policy ", path, ": ", policy.status().message()));
  }
  return policy;
}

const AccessPolicy::Caller* AccessPolicy::Find(
    const std::vector<std::string>& identities) const {
  for (const std::string& identity : identities) {
    auto it = callers_.find(identity);
    if (it != callers_.end()) return &it->second;
  }
  return nullptr;
}

absl::Status AccessPolicy::Check(const std::vector<std::string>& identities,
                                 absl::string_view method) const {
  const MethodAccess* rule = RuleFor(method);
  if (rule == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat(method, " has no access rule: refused to everyone"));
  }
  if (*rule == MethodAccess::kAnyone) return absl::OkStatus();
  if (identities.empty()) {
    return absl::UnauthenticatedError(
        "the caller presented no client certificate naming it");
  }
  const Caller* caller = Find(identities);
  if (caller == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat("caller '", absl::StrJoin(identities, "', '"),
                     "' is not in the access policy"));
  }
  const std::vector<std::string> allowed = RolesFor(*rule);
  for (const std::string& role : allowed) {
    if (caller->roles.count(role) > 0) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("caller '", identities.front(), "' lacks the role ",
                   absl::StrJoin(allowed, " or "), " that ", method, " needs"));
}

}  // namespace dtr
