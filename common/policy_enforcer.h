// Enforces the access policy on every call before it reaches a service:
// gRPC runs it on each call of a TLS port with the call's method and the
// peer's verified certificate names, and a refusal ends the call with its
// status (UNAUTHENTICATED or PERMISSION_DENIED) before any handler runs.
// Refusals are logged and counted:
//   dtr_denied_calls_total{method}
//
// Thread-safe.
#ifndef DTR_COMMON_POLICY_ENFORCER_H_
#define DTR_COMMON_POLICY_ENFORCER_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/access_policy.h"
#include "common/audit_log.h"
#include "common/reloadable.h"
#include "grpcpp/security/auth_metadata_processor.h"
#include "grpcpp/server_context.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/registry.h"

namespace dtr {

using PolicyHolder = Reloadable<AccessPolicy>;

// The names a caller is known by: its certificate's DNS names, or its
// common name when it has none (what gRPC reports as the peer identity).
std::vector<std::string> PeerIdentities(const grpc::AuthContext& context);

// The caller of a call: its certificate's names, or for a call of the
// service's REST/JSON face (in process, with the process's token) the
// names the face read from its HTTP caller's certificate and forwarded in
// kForwardedIdentityHeader.
std::vector<std::string> CallerIdentities(
    const grpc::ServerContextBase& context);
// Whether the call is the REST/JSON face's, with the process's token.
bool IsForwardedCall(const grpc::ServerContextBase& context);

// Whether the caller of `context` has one of `roles` in `policy` (null: no
// policy, so no caller is identified and none has a role).
bool CallerHasRole(const grpc::ServerContextBase& context,
                   const PolicyHolder* policy,
                   std::initializer_list<const char*> roles);

class PolicyEnforcer final : public grpc::AuthMetadataProcessor {
 public:
  // `calls_per_second`: per caller, with bursts of twice as many; 0: no
  // limit. Beyond it, RESOURCE_EXHAUSTED.
  PolicyEnforcer(const PolicyHolder* policy, prometheus::Registry& registry,
                 double calls_per_second = 0);

  // Series at zero for these methods, so that rates exist from the start.
  void AddMethods(const std::vector<std::string>& methods);
  // Where refusals are recorded too (may be null).
  void set_audit(AuditLog* audit) { audit_ = audit; }

  // A map lookup: no need for a thread of its own.
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& metadata,
                       grpc::AuthContext* context, OutputMetadata* consumed,
                       OutputMetadata* response) override;
  // Whether `identities` may call `method` ("/pkg.Service/Method") now:
  // the policy, then the caller's rate; a refusal is counted, audited and
  // logged. The gRPC port's calls and the REST/JSON face's both ask it.
  grpc::Status Decide(const std::vector<std::string>& identities,
                      const std::string& method);

 private:
  const PolicyHolder* policy_;
  prometheus::Family<prometheus::Counter>& denied_;
  AuditLog* audit_ = nullptr;

  // Token buckets, one per caller.
  struct Bucket {
    double tokens;
    absl::Time last;
  };
  absl::Status Admit(const std::string& caller) ABSL_LOCKS_EXCLUDED(mu_);
  const double calls_per_second_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dtr

#endif  // DTR_COMMON_POLICY_ENFORCER_H_
