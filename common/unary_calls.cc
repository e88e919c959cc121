#include "common/unary_calls.h"

namespace dtr {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

grpc::ServerUnaryReactor* AnswerNow(grpc::CallbackServerContext* context,
                                    const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* ReadCall(Executor* reads,
                                   grpc::CallbackServerContext* context,
                                   std::function<absl::Status()> read) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reads->Submit([context, reactor, read = std::move(read)] {
    if (context->IsCancelled()) {  // its deadline passed while queued
      reactor->Finish(grpc::Status::CANCELLED);
      return;
    }
    reactor->Finish(ToGrpcStatus(read()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* WriteCall(const WritePath* writes,
                                    grpc::CallbackServerContext* context,
                                    std::function<absl::Status()> apply) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto run = [writes, context, reactor, apply = std::move(apply)] {
    absl::Status status = absl::CancelledError("the caller cancelled");
    if (!context->IsCancelled()) {
      AuditedWrites audited(writes->audit(), context);
      status = apply();
    }
    writes->slots()->Release();
    if (status.ok()) writes->AfterCommit();
    reactor->Finish(ToGrpcStatus(status));
  };
  auto resume = [writes, run] { writes->executor()->Submit(run); };
  if (writes->slots()->AcquireOrQueue(resume)) resume();
  return reactor;
}

}  // namespace dtr
