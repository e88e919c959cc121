#include "common/policy_enforcer.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "common/loopback_calls.h"
#include "common/method_rules.h"

namespace dtr {

std::vector<std::string> PeerIdentities(const grpc::AuthContext& context) {
  std::vector<std::string> out;
  for (const grpc::string_ref& name : context.GetPeerIdentity()) {
    out.emplace_back(name.data(), name.size());
  }
  return out;
}

bool IsForwardedCall(const grpc::ServerContextBase& context) {
  // Only the service's own REST/JSON face knows the process's token: no
  // caller outside the process can forward an identity.
  const auto& metadata = context.client_metadata();
  auto token = metadata.find(kForwardedTokenHeader);
  return token != metadata.end() &&
         absl::string_view(token->second.data(), token->second.size()) ==
             ForwardedIdentityToken();
}

std::vector<std::string> CallerIdentities(
    const grpc::ServerContextBase& context) {
  if (IsForwardedCall(context)) {
    const auto& metadata = context.client_metadata();
    std::vector<std::string> out;
    auto forwarded = metadata.find(kForwardedIdentityHeader);
    if (forwarded == metadata.end()) return out;
    const std::string value(forwarded->second.data(), forwarded->second.size());
    for (absl::string_view identity : absl::StrSplit(value, ',')) {
      if (!identity.empty()) out.emplace_back(identity);
    }
    return out;
  }
  if (context.auth_context() == nullptr) return {};
  return PeerIdentities(*context.auth_context());
}

bool CallerHasRole(const grpc::ServerContextBase& context,
                   const PolicyHolder* policy,
                   std::initializer_list<const char*> roles) {
  if (policy == nullptr) return false;
  std::shared_ptr<const AccessPolicy> current = policy->Get();
  const AccessPolicy::Caller* caller = current->Find(CallerIdentities(context));
  if (caller == nullptr) return false;
  for (const char* role : roles) {
    if (caller->roles.count(role) > 0) return true;
  }
  return false;
}

PolicyEnforcer::PolicyEnforcer(const PolicyHolder* policy,
                               prometheus::Registry& registry,
                               double calls_per_second)
    : policy_(policy),
      denied_(prometheus::BuildCounter()
                  .Name("dtr_denied_calls_total")
                  .Help("Calls refused by the access policy, by method.")
                  .Register(registry)),
      calls_per_second_(calls_per_second) {}

absl::Status PolicyEnforcer::Admit(const std::string& caller) {
  if (calls_per_second_ <= 0) return absl::OkStatus();
  const double burst = 2 * calls_per_second_;
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  auto [it, added] = buckets_.try_emplace(caller, Bucket{burst, now});
  Bucket& b = it->second;
  b.tokens = std::min(burst, b.tokens + absl::ToDoubleSeconds(now - b.last) *
                                            calls_per_second_);
  b.last = now;
  if (b.tokens < 1) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "caller '", caller, "' started more than ", calls_per_second_,
        " calls a second; slow down and try again"));
  }
  b.tokens -= 1;
  return absl::OkStatus();
}

void PolicyEnforcer::AddMethods(const std::vector<std::string>& methods) {
  for (const std::string& method : methods) denied_.Add({{"method", method}});
}

grpc::Status PolicyEnforcer::Process(const InputMetadata& metadata,
                                     grpc::AuthContext* context,
                                     OutputMetadata* /*consumed*/,
                                     OutputMetadata* /*response*/) {
  auto path = metadata.find(":path");
  const std::string method =
      path == metadata.end()
          ? std::string()
          : std::string(path->second.data(), path->second.size());
  return Decide(PeerIdentities(*context), method);
}

grpc::Status PolicyEnforcer::Decide(const std::vector<std::string>& identities,
                                    const std::string& method) {
  absl::Status decision = policy_->Get()->Check(identities, method);
  if (decision.ok() && !identities.empty()) {
    decision = Admit(identities.front());
  }
  if (decision.ok()) return grpc::Status::OK;
  // Method names come from the caller: only known ones become series, so
  // that no caller can grow the metrics without bound.
  denied_.Add({{"method", RuleFor(method) != nullptr ? method : "other"}})
      .Increment();
  if (audit_ != nullptr) {
    common::v1::AuditEvent event;
    event.set_identity(absl::StrJoin(identities, ","));
    event.set_method(method);
    event.set_outcome("denied");
    event.set_detail(
        absl::StrCat(grpc::StatusCode(static_cast<int>(decision.code())), ": ",
                     decision.message()));
    audit_->Record(std::move(event));
  }
  LogWarning("call denied", {{"method", method},
                             {"identity", absl::StrJoin(identities, ",")},
                             {"reason", std::string(decision.message())}});
  return grpc::Status(static_cast<grpc::StatusCode>(decision.code()),
                      std::string(decision.message()));
}

}  // namespace dtr
