#include "common/audit_interceptor.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/method_rules.h"
#include "common/policy_enforcer.h"
#include "dtr/common/v1/types.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"

namespace dtr {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Units named in a message: its `unit_code` fields, at any depth up to a
// few levels (a batch's records, a change's record).
constexpr int kMaxDepth = 3;
constexpr size_t kMaxUnits = 1000;

// Runs on every record of every import: reads fields in place and copies
// a code only the first time it is seen.
void CollectUnits(const google::protobuf::Message& m, int depth,
                  std::set<std::string>* units) {
  if (depth > kMaxDepth || units->size() >= kMaxUnits) return;
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  const google::protobuf::Reflection* r = m.GetReflection();
  std::string scratch;
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    if (f->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
        !f->is_repeated() && f->name() == "unit_code") {
      const std::string& unit = r->GetStringReference(m, f, &scratch);
      if (!unit.empty() && units->count(unit) == 0) units->insert(unit);
    } else if (f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int k = 0; k < r->FieldSize(m, f); ++k) {
          CollectUnits(r->GetRepeatedMessage(m, f, k), depth + 1, units);
        }
      } else if (r->HasField(m, f)) {
        CollectUnits(r->GetMessage(m, f), depth + 1, units);
      }
    }
  }
}

// Rows an import's reply counted (its ImportSummary), or -1.
int64_t SummaryRows(const google::protobuf::Message& m) {
  const google::protobuf::FieldDescriptor* f =
      m.GetDescriptor()->FindFieldByName("summary");
  if (f == nullptr ||
      f->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE ||
      f->message_type() != common::v1::ImportSummary::descriptor()) {
    return -1;
  }
  const auto& s = static_cast<const common::v1::ImportSummary&>(
      m.GetReflection()->GetMessage(m, f));
  return s.created() + s.updated() + s.unchanged() + s.rejected();
}

class AuditInterceptor final : public grpc::experimental::Interceptor {
 public:
  AuditInterceptor(grpc::experimental::ServerRpcInfo* info, AuditLog* log)
      : info_(info), log_(log) {}
  ~AuditInterceptor() override { log_->EndCall(info_->server_context()); }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE)) {
      if (void* m = methods->GetRecvMessage(); m != nullptr) {
        CollectUnits(*static_cast<const google::protobuf::Message*>(m), 0,
                     &units_);
      }
      // Before the handler sees the message: a write it commits stores
      // the event with it (AuditedWrites).
      log_->NoteCall(info_->server_context(), Identity(), info_->method(),
                     units_);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      if (const void* m = methods->GetSendMessage(); m != nullptr) {
        const int64_t rows =
            SummaryRows(*static_cast<const google::protobuf::Message*>(m));
        if (rows >= 0) rows_ = rows;
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      // A write's event went into its transaction; the others' go now.
      if (log_->EndCall(info_->server_context())) {
        methods->Proceed();
        return;
      }
      common::v1::AuditEvent event;
      event.set_identity(Identity());
      event.set_method(info_->method());
      for (const std::string& unit : units_) event.add_units(unit);
      event.set_rows(rows_);
      event.set_outcome(AuditOutcome(status.error_code()));
      if (!status.ok()) {
        event.set_detail(
            absl::StrCat(status.error_code(), ": ", status.error_message()));
      }
      log_->Record(std::move(event));
    }
    methods->Proceed();
  }

 private:
  // The caller's certificate names; empty without mutual TLS.
  std::string Identity() const {
    const auto* context = info_->server_context();
    if (context == nullptr) return "";
    return absl::StrJoin(CallerIdentities(*context), ",");
  }

  grpc::experimental::ServerRpcInfo* info_;
  AuditLog* log_;
  std::set<std::string> units_;
  int64_t rows_ = 0;
};

}  // namespace

const char* AuditOutcome(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "accepted";
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "refused";
    default:
      return "failed";
  }
}

grpc::experimental::Interceptor*
AuditInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  const MethodAccess* rule = RuleFor(info->method());
  if (rule == nullptr || *rule == MethodAccess::kQuery ||
      *rule == MethodAccess::kLocks || *rule == MethodAccess::kAnyone) {
    return nullptr;  // reads are not audited
  }
  return new AuditInterceptor(info, log_);
}

}  // namespace dtr
