// The import calls of every service: a client-streaming import applied
// batch by batch in one transaction (StreamImport), and a unary batch
// upsert (BatchUpsert), each with a session of its own
// (import_session.h).
//
// Writes run on the service's write executor once they hold a write slot;
// a write waiting for its slot holds no thread. A streamed import whose
// client goes quiet is cancelled by the watchdog, which rolls it back and
// frees the slot. A rejected import ends INVALID_ARGUMENT (PERMISSION_DENIED
// for rows out of the caller's reach) with dtr.common.v1.RowErrors in the
// status details.
//
// A Session provides:
//   void SetOptions(const common::v1::ImportOptions&);  first one holds
//   void WriteInline();                                  one message only
//   bool needs_write_slot() const;                       after SetOptions
//   template <typename Request> absl::Status AddBatch(const Request&);
//   absl::Status Finish(common::v1::ImportSummary*, common::v1::RowErrors*);
//   bool changed_store() const;                          after Finish
//
// Each call's reactor owns its state and deletes itself when done.
//
// Thread-safe: a call's reactor owns its state and runs one step at a time;
// calls share only the WritePath, which is thread-safe.
#ifndef DTR_COMMON_IMPORT_CALLS_H_
#define DTR_COMMON_IMPORT_CALLS_H_

#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "common/request_limits.h"
#include "common/service_env.h"
#include "common/unary_calls.h"
#include "dtr/common/v1/types.pb.h"
#include "grpcpp/support/server_callback.h"

namespace dtr {

// Ends a session: commits it, the call's audit event with it, and says
// how the call ends.
template <typename Session>
grpc::Status FinishImport(const WritePath& writes,
                          const grpc::CallbackServerContext* context,
                          Session& session,
                          common::v1::ImportSummary* summary) {
  common::v1::RowErrors errors;
  absl::Status s;
  {
    AuditedWrites audited(writes.audit(), context, [summary] {
      return summary->created() + summary->updated() + summary->unchanged() +
             summary->rejected();
    });
    s = session.Finish(summary, &errors);
  }
  if (!s.ok()) {
    if (errors.errors_size() > 0) {
      return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                          std::string(s.message()), errors.SerializeAsString());
    }
    return ToGrpcStatus(s);
  }
  if (session.changed_store()) writes.AfterCommit();
  return grpc::Status::OK;
}

// A streamed import of `record_kind` (its name in the metrics).
template <typename Session, typename Request, typename Response>
class ImportReactor final : public grpc::ServerReadReactor<Request> {
 public:
  ImportReactor(const WritePath* writes, grpc::CallbackServerContext* context,
                Response* response, std::unique_ptr<Session> session,
                std::string record_kind)
      : writes_(writes),
        context_(context),
        response_(response),
        session_(std::move(session)),
        record_kind_(std::move(record_kind)),
        start_(absl::Now()),
        watch_id_(writes->watchdog()->Register(context)) {
    ReadNext();
  }

  void OnReadDone(bool ok) override {
    writes_->watchdog()->ClientAnswered(watch_id_);
    writes_->executor()->Submit([this, ok] {
      if (ok) {
        ApplyBatch();
      } else {
        Complete();
      }
    });
  }

  void OnDone() override { delete this; }

 private:
  void ReadNext() {
    writes_->watchdog()->WaitingForClient(watch_id_);
    this->StartRead(&request_);
  }

  void ApplyBatch() {
    if (absl::Status s = CheckRequestLimits(request_, rows_before_ + 1);
        !s.ok()) {
      End(ToGrpcStatus(s));
      return;
    }
    session_->SetOptions(request_.options());
    if (!holds_slot_ && session_->needs_write_slot()) {
      auto resume = [this] {
        holds_slot_ = true;
        writes_->executor()->Submit([this] { ApplyBatch(); });
      };
      if (!writes_->slots()->AcquireOrQueue(resume)) return;
      holds_slot_ = true;
    }
    if (absl::Status s = session_->AddBatch(request_); !s.ok()) {
      End(ToGrpcStatus(s));
      return;
    }
    rows_before_ += RecordsIn(request_);
    request_.Clear();
    ReadNext();
  }

  void Complete() {
    if (context_->IsCancelled()) {
      End(grpc::Status::CANCELLED);
      return;
    }
    End(FinishImport(*writes_, context_, *session_,
                     response_->mutable_summary()));
  }

  // Rolls back whatever was not committed, frees the write slot, finishes.
  void End(grpc::Status status) {
    writes_->watchdog()->Unregister(watch_id_);
    writes_->metrics()->AccountImport(record_kind_, absl::Now() - start_,
                                      status, response_->summary());
    session_.reset();
    if (holds_slot_) {
      holds_slot_ = false;
      writes_->slots()->Release();
    }
    this->Finish(status);
  }

  const WritePath* writes_;
  grpc::CallbackServerContext* context_;
  Response* response_;
  Request request_;
  std::unique_ptr<Session> session_;
  const std::string record_kind_;
  const absl::Time start_;
  const int64_t watch_id_;
  bool holds_slot_ = false;
  int64_t rows_before_ = 0;  // records of the earlier messages
};

template <typename Request, typename Response, typename Session>
grpc::ServerReadReactor<Request>* StreamImport(
    const WritePath* writes, grpc::CallbackServerContext* context,
    Response* response, std::unique_ptr<Session> session,
    std::string record_kind) {
  return new ImportReactor<Session, Request, Response>(
      writes, context, response, std::move(session), std::move(record_kind));
}

// A batch upsert: one session, applied once a write slot is free (when it
// needs one).
template <typename Session, typename Request, typename Response>
grpc::ServerUnaryReactor* BatchUpsert(const WritePath* writes,
                                      grpc::CallbackServerContext* context,
                                      const Request* request,
                                      Response* response,
                                      std::unique_ptr<Session> session,
                                      std::string record_kind) {
  // The call's state, owned by its one run on the write executor.
  struct Call {
    const WritePath* writes;
    grpc::CallbackServerContext* context;
    const Request* request;
    Response* response;
    grpc::ServerUnaryReactor* reactor;
    std::unique_ptr<Session> session;
    std::string record_kind;
    absl::Time start;
    bool needs_slot;
  };
  session->SetOptions(request->options());
  session->WriteInline();
  const bool needs_slot = session->needs_write_slot();
  auto* call = new Call{writes,
                        context,
                        request,
                        response,
                        context->DefaultReactor(),
                        std::move(session),
                        std::move(record_kind),
                        absl::Now(),
                        needs_slot};
  grpc::ServerUnaryReactor* reactor = call->reactor;
  auto apply = [call] {
    grpc::Status status = grpc::Status::CANCELLED;
    if (!call->context->IsCancelled()) {
      absl::Status s = CheckRequestLimits(*call->request);
      if (s.ok()) s = call->session->AddBatch(*call->request);
      status = s.ok()
                   ? FinishImport(*call->writes, call->context, *call->session,
                                  call->response->mutable_summary())
                   : ToGrpcStatus(s);
    }
    // Rolled back, if not committed, before the next writer comes in.
    call->session.reset();
    if (call->needs_slot) call->writes->slots()->Release();
    call->writes->metrics()->AccountImport(call->record_kind,
                                           absl::Now() - call->start, status,
                                           call->response->summary());
    call->reactor->Finish(status);
    delete call;
  };
  auto resume = [writes, apply] { writes->executor()->Submit(apply); };
  if (!needs_slot || writes->slots()->AcquireOrQueue(resume)) resume();
  return reactor;
}

}  // namespace dtr

#endif  // DTR_COMMON_IMPORT_CALLS_H_
