#include "common/policy_enforcer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"

namespace dtr {

std::vector<std::string> PeerIdentities(const grpc::AuthContext& context) {
  std::vector<std::string> out;
  for (const grpc::string_ref& name : context.GetPeerIdentity()) {
    out.emplace_back(name.data(), name.size());
  }
  return out;
}

PolicyEnforcer::PolicyEnforcer(const PolicyHolder* policy,
                               prometheus::Registry& registry)
    : policy_(policy),
      denied_(prometheus::BuildCounter()
                  .Name("dtr_denied_calls_total")
                  .Help("Calls refused by the access policy, by method.")
                  .Register(registry)) {}

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
  const std::vector<std::string> identities = PeerIdentities(*context);
  absl::Status decision = policy_->Get()->Check(identities, method);
  if (decision.ok()) return grpc::Status::OK;
  denied_.Add({{"method", method}}).Increment();
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
