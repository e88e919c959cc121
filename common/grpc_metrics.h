// Prometheus metrics and access logs for every gRPC call, through a server
// interceptor.
//
// Names and labels are those of the grpc-ecosystem Prometheus middleware
// (go-grpc-prometheus), so existing Grafana gRPC dashboards work unchanged:
//   grpc_server_started_total{grpc_type,grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_type,grpc_service,grpc_method}
//   (histogram) grpc_server_msg_received_total, grpc_server_msg_sent_total
// grpc_type is unary, client_stream, server_stream or bidi_stream;
// grpc_service the full proto service name; grpc_code the Go spelling of
// the status code (OK, InvalidArgument, Unavailable, ...). Every method of
// every registered service has its series from the start, at zero, so rates
// and alerts work before the first call.
//
// Thread-safe.
#ifndef DTR_COMMON_GRPC_METRICS_H_
#define DTR_COMMON_GRPC_METRICS_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/server_interceptor.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace dtr {

// The Go name of a gRPC status code ("InvalidArgument").
const char* GrpcCodeName(grpc::StatusCode code);

class GrpcServerMetrics {
 public:
  using RpcType = grpc::experimental::ServerRpcInfo::Type;

  explicit GrpcServerMetrics(prometheus::Registry& registry);

  // Creates the zero series of one method. `service` is the full proto
  // service name, `method` the bare method name.
  void AddMethod(const std::string& service, const std::string& method,
                 RpcType type);

  // The interceptor factory to give to grpc::ServerBuilder; it also writes
  // the access log line of every call.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  NewInterceptorFactory();

  // The metric references of one method.
  struct MethodSeries {
    std::string log_name;  // "Service/Method" for the access log
    prometheus::Counter* started;
    prometheus::Counter* msg_received;
    prometheus::Counter* msg_sent;
    prometheus::Histogram* handling_seconds;
    prometheus::Counter* handled[grpc::StatusCode::UNAUTHENTICATED + 1];
  };
  // Series of a full method name ("/pkg.Service/Method"); methods AddMethod
  // did not name share the series of grpc_service="unknown".
  MethodSeries* Series(const std::string& full_method, RpcType type);

 private:
  MethodSeries* Create(const std::string& service, const std::string& method,
                       RpcType type) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Counter>& msg_received_;
  prometheus::Family<prometheus::Counter>& msg_sent_;
  prometheus::Family<prometheus::Histogram>& handling_seconds_;

  absl::Mutex mu_;
  // Keyed by "/pkg.Service/Method"; entries are never removed, so pointers
  // stay valid.
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> series_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace dtr

#endif  // DTR_COMMON_GRPC_METRICS_H_
