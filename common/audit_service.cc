#include "common/audit_service.h"

#include "absl/time/time.h"
#include "common/unary_calls.h"

namespace dtr {

grpc::Status AuditServiceImpl::ListAuditEvents(
    grpc::ServerContext* /*context*/,
    const common::v1::ListAuditEventsRequest* request,
    common::v1::ListAuditEventsResponse* response) {
  absl::Time since = absl::InfinitePast();
  std::string error;
  if (!request->since().empty() &&
      !absl::ParseTime(absl::RFC3339_full, request->since(), &since, &error)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "since: not an RFC 3339 time: " + request->since());
  }
  // What was queued before this call is in the answer.
  log_->Flush();
  auto events = log_->List(since, request->limit());
  if (!events.ok()) return ToGrpcStatus(events.status());
  for (auto& e : *events) *response->add_events() = std::move(e);
  return grpc::Status::OK;
}

}  // namespace dtr
