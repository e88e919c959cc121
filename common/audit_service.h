// dtr.common.v1.AuditService: a service's own audit, for admins.
//
// Thread-safe: it only reads the log, which is.
#ifndef DTR_COMMON_AUDIT_SERVICE_H_
#define DTR_COMMON_AUDIT_SERVICE_H_

#include "common/audit_log.h"
#include "dtr/common/v1/audit.grpc.pb.h"

namespace dtr {

class AuditServiceImpl final : public common::v1::AuditService::Service {
 public:
  explicit AuditServiceImpl(AuditLog* log) : log_(log) {}
  grpc::Status ListAuditEvents(
      grpc::ServerContext* context,
      const common::v1::ListAuditEventsRequest* request,
      common::v1::ListAuditEventsResponse* response) override;

 private:
  AuditLog* log_;
};

}  // namespace dtr

#endif  // DTR_COMMON_AUDIT_SERVICE_H_
