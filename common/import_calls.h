// The gRPC side of writes, the same for every service: a client-streaming
// import applied batch by batch in one transaction, a unary batch upsert, a
// single change; and of reads, off the gRPC threads.
//
// Writes run on the service's write executor once they hold a write slot
// (one, for SQLite's single writer); a write waiting for its slot holds no
// thread. A streamed import whose client goes quiet is cancelled by the
// watchdog, which rolls it back and frees the slot. A rejected import ends
// INVALID_ARGUMENT with dtr.common.v1.RowErrors in the status details.
//
// A Session (one per call, fed one batch at a time) provides:
//   void SetOptions(const common::v1::ImportOptions&);  first one holds
//   bool needs_write_slot() const;    after SetOptions
//   absl::Status Finish(common::v1::ImportSummary*, common::v1::RowErrors*);
//   bool changed_store() const;                          after Finish
// and a free function `absl::Status AddBatch(Session&, const Request&)`
// found by argument-dependent lookup.
#ifndef DTR_COMMON_IMPORT_CALLS_H_
#define DTR_COMMON_IMPORT_CALLS_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "common/async_semaphore.h"
#include "common/executor.h"
#include "common/idle_call_watchdog.h"
#include "common/request_limits.h"
#include "common/service_host.h"
#include "common/service_metrics.h"
#include "dtr/common/v1/types.pb.h"
#include "grpcpp/support/server_callback.h"

namespace dtr {

// What import calls need from their service.
class ImportService {
 public:
  virtual ~ImportService() = default;
  virtual Executor* writes() = 0;
  virtual AsyncSemaphore* write_slots() = 0;
  virtual IdleCallWatchdog* watchdog() = 0;
  virtual ServiceMetrics* metrics() = 0;
  // After a commit that changed records, before it is acknowledged:
  // invalidate cached answers and the like.
  virtual void AfterWrite() = 0;
};

// Ends a session: commits it and says how the call ends.
template <typename Session>
grpc::Status FinishImport(ImportService* service, Session& session,
                          common::v1::ImportSummary* summary) {
  common::v1::RowErrors errors;
  absl::Status s = session.Finish(summary, &errors);
  if (!s.ok()) {
    if (errors.errors_size() > 0) {
      // INVALID_ARGUMENT, or PERMISSION_DENIED for rows out of the
      // caller's reach; the rows in the details either way.
      return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                          std::string(s.message()), errors.SerializeAsString());
    }
    return ToGrpcStatus(s);
  }
  if (session.changed_store()) service->AfterWrite();
  return grpc::Status::OK;
}

// A streamed import. Deletes itself when the call is done.
template <typename Session, typename Request, typename Response>
class ImportReactor final : public grpc::ServerReadReactor<Request> {
 public:
  ImportReactor(ImportService* service, grpc::CallbackServerContext* context,
                Response* response, std::unique_ptr<Session> session,
                std::string record_kind)
      : service_(service),
        context_(context),
        response_(response),
        session_(std::move(session)),
        record_kind_(std::move(record_kind)),
        start_(absl::Now()),
        watch_id_(service->watchdog()->Register(context)) {
    ReadNext();
  }

  void OnReadDone(bool ok) override {
    service_->watchdog()->ClientAnswered(watch_id_);
    service_->writes()->Submit([this, ok] {
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
    service_->watchdog()->WaitingForClient(watch_id_);
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
        service_->writes()->Submit([this] { ApplyBatch(); });
      };
      if (!service_->write_slots()->AcquireOrQueue(resume)) return;
      holds_slot_ = true;
    }
    if (absl::Status s = AddBatch(*session_, request_); !s.ok()) {
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
    End(FinishImport(service_, *session_, response_->mutable_summary()));
  }

  // Rolls back whatever was not committed, frees the write slot, finishes.
  void End(grpc::Status status) {
    service_->watchdog()->Unregister(watch_id_);
    service_->metrics()->AccountImport(record_kind_, absl::Now() - start_,
                                       status, response_->summary());
    session_.reset();
    if (holds_slot_) {
      holds_slot_ = false;
      service_->write_slots()->Release();
    }
    this->Finish(status);
  }

  ImportService* service_;
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

// A batch upsert: one session, applied once a write slot is free (when it
// needs one).
template <typename Session, typename Request, typename Response>
grpc::ServerUnaryReactor* BatchUpsert(ImportService* service,
                                      grpc::CallbackServerContext* context,
                                      const Request* request,
                                      Response* response,
                                      std::unique_ptr<Session> session,
                                      std::string record_kind) {
  // The call's state, owned by its one run on the write executor.
  struct Call {
    ImportService* service;
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
  const bool needs_slot = session->needs_write_slot();
  auto* call = new Call{service,
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
      if (s.ok()) s = AddBatch(*call->session, *call->request);
      status = s.ok() ? FinishImport(call->service, *call->session,
                                     call->response->mutable_summary())
                      : ToGrpcStatus(s);
    }
    // Rolled back, if not committed, before the next writer comes in.
    call->session.reset();
    if (call->needs_slot) call->service->write_slots()->Release();
    call->service->metrics()->AccountImport(call->record_kind,
                                            absl::Now() - call->start, status,
                                            call->response->summary());
    call->reactor->Finish(status);
    delete call;
  };
  auto resume = [service, apply] { service->writes()->Submit(apply); };
  if (!needs_slot || service->write_slots()->AcquireOrQueue(resume)) resume();
  return reactor;
}

// A single change (create, update, a step of a life cycle): `apply` runs on
// the write executor holding the write slot, in its own transaction, and
// says how the call ends; after a success, AfterWrite runs before the
// reply.
inline grpc::ServerUnaryReactor* WriteCall(
    ImportService* service, grpc::CallbackServerContext* context,
    std::function<absl::Status()> apply) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto run = [service, context, reactor, apply = std::move(apply)] {
    absl::Status status = absl::CancelledError("the caller cancelled");
    if (!context->IsCancelled()) status = apply();
    service->write_slots()->Release();
    if (status.ok()) service->AfterWrite();
    reactor->Finish(ToGrpcStatus(status));
  };
  auto resume = [service, run] { service->writes()->Submit(run); };
  if (service->write_slots()->AcquireOrQueue(resume)) resume();
  return reactor;
}

// A read: `read` runs on `reads` (never on a gRPC thread) and says how the
// call ends; skipped when the caller gave up meanwhile.
inline grpc::ServerUnaryReactor* ReadCall(Executor* reads,
                                          grpc::CallbackServerContext* context,
                                          std::function<absl::Status()> read) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reads->Submit([context, reactor, read = std::move(read)] {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status::CANCELLED);
      return;
    }
    reactor->Finish(ToGrpcStatus(read()));
  });
  return reactor;
}

}  // namespace dtr

#endif  // DTR_COMMON_IMPORT_CALLS_H_
