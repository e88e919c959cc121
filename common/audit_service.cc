#include "common/audit_service.h"

#include <optional>

#include "absl/time/time.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/unary_calls.h"

namespace dtr {

grpc::Status AuditServiceImpl::ListAuditEvents(
    grpc::ServerContext* /*context*/,
    const common::v1::ListAuditEventsRequest* request,
    common::v1::ListAuditEventsResponse* response) {
  absl::Time since = absl::InfinitePast();
  if (!request->since().empty()) {
    // A day stands for its start where reports count days.
    std::optional<absl::Time> parsed = ParseInstant(request->since());
    if (!parsed) {
      return ToGrpcStatus(
          BadDate("since", request->since(), DateForm::kDayOrTime));
    }
    since = *parsed;
  }
  // What was queued before this call is in the answer.
  log_->Flush();
  auto events = log_->List(since, request->limit());
  if (!events.ok()) return ToGrpcStatus(events.status());
  for (auto& e : *events) *response->add_events() = std::move(e);
  return grpc::Status::OK;
}

}  // namespace dtr
