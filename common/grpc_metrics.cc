#include "common/grpc_metrics.h"

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "prometheus/family.h"

namespace dtr {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::Interceptor;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerInterceptorFactoryInterface;
using grpc::experimental::ServerRpcInfo;

const char* TypeName(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unary";
}

// Prometheus' default buckets, with three more below 5 ms: most answers
// served from the cache take well under a millisecond.
const prometheus::Histogram::BucketBoundaries& HandlingBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return *buckets;
}

// One per call: counts its messages and, when its status is sent, records
// the outcome and writes the access log line.
class MetricsInterceptor final : public Interceptor {
 public:
  explicit MetricsInterceptor(GrpcServerMetrics::MethodSeries* series)
      : series_(series), start_(absl::Now()) {
    series_->started->Increment();
  }

  ~MetricsInterceptor() override {
    // A call that ended without sending a status was cancelled.
    if (!finished_) Finish(grpc::StatusCode::CANCELLED);
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE)) {
      series_->msg_received->Increment();
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      series_->msg_sent->Increment();
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code) {
    finished_ = true;
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    int index = static_cast<int>(code);
    if (index < 0 || index > grpc::StatusCode::UNAUTHENTICATED) {
      index = grpc::StatusCode::UNKNOWN;
    }
    series_->handled[index]->Increment();
    series_->handling_seconds->Observe(seconds);
    LogCall(series_->log_name, seconds * 1000,
            GrpcCodeName(static_cast<grpc::StatusCode>(index)));
  }

  GrpcServerMetrics::MethodSeries* series_;
  absl::Time start_;
  bool finished_ = false;
};

class MetricsInterceptorFactory final
    : public ServerInterceptorFactoryInterface {
 public:
  explicit MetricsInterceptorFactory(GrpcServerMetrics* metrics)
      : metrics_(metrics) {}

  Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    return new MetricsInterceptor(
        metrics_->Series(info->method(), info->type()));
  }

 private:
  GrpcServerMetrics* metrics_;
};

}  // namespace

const char* GrpcCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "Canceled";
    case grpc::StatusCode::UNKNOWN:
      return "Unknown";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "InvalidArgument";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DeadlineExceeded";
    case grpc::StatusCode::NOT_FOUND:
      return "NotFound";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "AlreadyExists";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PermissionDenied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "ResourceExhausted";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FailedPrecondition";
    case grpc::StatusCode::ABORTED:
      return "Aborted";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OutOfRange";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "Unimplemented";
    case grpc::StatusCode::INTERNAL:
      return "Internal";
    case grpc::StatusCode::UNAVAILABLE:
      return "Unavailable";
    case grpc::StatusCode::DATA_LOSS:
      return "DataLoss";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "Unauthenticated";
    default:
      return "Unknown";
  }
}

GrpcServerMetrics::GrpcServerMetrics(prometheus::Registry& registry)
    : started_(prometheus::BuildCounter()
                   .Name("grpc_server_started_total")
                   .Help("Total number of RPCs started on the server.")
                   .Register(registry)),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("Total number of RPCs completed on the server, "
                         "regardless of success or failure.")
                   .Register(registry)),
      msg_received_(prometheus::BuildCounter()
                        .Name("grpc_server_msg_received_total")
                        .Help("Total number of RPC stream messages received "
                              "on the server.")
                        .Register(registry)),
      msg_sent_(prometheus::BuildCounter()
                    .Name("grpc_server_msg_sent_total")
                    .Help("Total number of gRPC stream messages sent by the "
                          "server.")
                    .Register(registry)),
      handling_seconds_(prometheus::BuildHistogram()
                            .Name("grpc_server_handling_seconds")
                            .Help("Histogram of response latency (seconds) of "
                                  "gRPC that had been application-level "
                                  "handled by the server.")
                            .Register(registry)) {}

void GrpcServerMetrics::AddMethod(const std::string& service,
                                  const std::string& method, RpcType type) {
  absl::MutexLock lock(&mu_);
  Create(service, method, type);
}

GrpcServerMetrics::MethodSeries* GrpcServerMetrics::Create(
    const std::string& service, const std::string& method, RpcType type) {
  std::string key = "/" + service + "/" + method;
  auto it = series_.find(key);
  if (it != series_.end()) return it->second.get();
  auto series = std::make_unique<MethodSeries>();
  const std::map<std::string, std::string> labels = {
      {"grpc_type", TypeName(type)},
      {"grpc_service", service},
      {"grpc_method", method}};
  series->log_name = service + "/" + method;
  series->started = &started_.Add(labels);
  series->msg_received = &msg_received_.Add(labels);
  series->msg_sent = &msg_sent_.Add(labels);
  series->handling_seconds = &handling_seconds_.Add(labels, HandlingBuckets());
  for (int code = 0; code <= grpc::StatusCode::UNAUTHENTICATED; ++code) {
    auto with_code = labels;
    with_code["grpc_code"] = GrpcCodeName(static_cast<grpc::StatusCode>(code));
    series->handled[code] = &handled_.Add(with_code);
  }
  MethodSeries* raw = series.get();
  series_.emplace(std::move(key), std::move(series));
  return raw;
}

GrpcServerMetrics::MethodSeries* GrpcServerMetrics::Series(
    const std::string& full_method, RpcType type) {
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = series_.find(full_method);
    if (it != series_.end()) return it->second.get();
  }
  // A method no service registered (a probe, a typo, a scanner): one
  // series per call type for them all, so that names sent by clients
  // cannot grow /metrics without bound.
  absl::MutexLock lock(&mu_);
  return Create("unknown", TypeName(type), type);
}

std::unique_ptr<ServerInterceptorFactoryInterface>
GrpcServerMetrics::NewInterceptorFactory() {
  return std::make_unique<MetricsInterceptorFactory>(this);
}

}  // namespace dtr
