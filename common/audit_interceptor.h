// Records every call of a writing method in the audit (audit_log.h): who
// called (the client certificate's names), the method, the units the
// request's records named, the rows the reply counted, and how it ended.
// Reads are not audited. Calls the access policy refused never get here;
// the policy enforcer records those.
//
// Thread-safe: an interceptor belongs to one call; the factory and the log
// they share are thread-safe.
#ifndef DTR_COMMON_AUDIT_INTERCEPTOR_H_
#define DTR_COMMON_AUDIT_INTERCEPTOR_H_

#include "common/audit_log.h"
#include "grpcpp/support/server_interceptor.h"

namespace dtr {

class AuditInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit AuditInterceptorFactory(AuditLog* log) : log_(log) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  AuditLog* log_;
};

// "accepted", "refused" or "failed" for a write that ended with `code`.
const char* AuditOutcome(grpc::StatusCode code);

}  // namespace dtr

#endif  // DTR_COMMON_AUDIT_INTERCEPTOR_H_
