// Runs gRPC services the way every dtr service runs: the flags they share,
// the standard health service, server reflection, metrics on /metrics, the
// access log, and a graceful stop.
//
// Stop sequence on SIGTERM or SIGINT: health turns NOT_SERVING at once (so
// Kubernetes and load balancers stop sending new calls), calls go on being
// served for --drain-seconds, then the server stops accepting calls, lets
// in-flight ones finish for up to --shutdown-seconds, and Run() returns.
// SIGHUP calls the reload hook. SIGPIPE is ignored: a peer that goes away
// must not kill the process.
//
// Usage, in main():
//   dtr::BlockSignals();              // first, before any thread starts
//   dtr::ServiceHost host("stats", config);
//   host.AddService(&service, StatsService::service_full_name());
//   if (auto s = host.Start(); !s.ok()) ...
//   host.Run();                       // until SIGTERM
//
// Not thread-safe: set up and run by main(); the server it starts calls the
// services from threads of its own.
#ifndef DTR_COMMON_SERVICE_HOST_H_
#define DTR_COMMON_SERVICE_HOST_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/audit_log.h"
#include "common/audit_service.h"
#include "common/background_refresh.h"
#include "common/flags.h"
#include "common/grpc_metrics.h"
#include "common/http_gateway.h"
#include "common/policy_enforcer.h"
#include "common/tls_credentials.h"
#include "grpcpp/server.h"
#include "prometheus/exposer.h"
#include "prometheus/registry.h"

namespace dtr {

// Flags every service has.
struct HostConfig {
  HostConfig() { tls.reload_seconds = 60; }

  std::string listen;   // gRPC address, HOST:PORT (port 0: any free port)
  std::string metrics;  // /metrics address; empty: not served
  std::string log_level = "info";
  double drain_seconds = 5;
  double shutdown_seconds = 10;
  // TLS: --tls-cert, --tls-key, and --tls-client-ca for mutual TLS, read
  // again every minute (--tls-reload-seconds) for renewed certificates. The
  // service refuses to start without them unless --plaintext asks for
  // plain text (local development), which it warns about.
  TlsFiles tls;
  bool plaintext = false;
  // A second, plain-text port serving only the health service, for
  // Kubernetes probes (which speak neither TLS nor client certificates);
  // empty: none.
  std::string health_listen;
  // The REST/JSON face (http_gateway.h), on the same TLS settings; empty:
  // none.
  std::string http_listen;
  // The access policy (access_policy.h), reloaded on SIGHUP; needs mutual
  // TLS. A TLS service without one refuses to start unless
  // allow_any_caller says every caller may call every method (logged as a
  // warning): a forgotten --policy must not open every write.
  std::string policy;
  bool allow_any_caller = false;
  // The largest message a call may send (a batch of an import).
  int64_t max_message_bytes = 16 << 20;
  // Calls a second one caller (by its certificate) may start, with bursts
  // of twice as many; 0: no limit. Enforced with --policy.
  double caller_calls_per_second = 200;
  // How often free heap memory is given back to the system
  // (heap_release.h); 0: never.
  double heap_release_seconds = 10;
};

// Registers --listen, --metrics, --log-level, --drain-seconds,
// --shutdown-seconds, --tls-cert, --tls-key, --tls-client-ca,
// --tls-reload-seconds, --plaintext, --health-listen, --policy,
// --allow-any-caller, --max-message-bytes, --caller-calls-per-second and
// --heap-release-seconds, with `config`'s current values as defaults.
void AddHostFlags(FlagSet* flags, HostConfig* config);

// UNAVAILABLE naming the flag and the address when --listen,
// --health-listen or --metrics cannot be listened on (a port in use is
// refused, never shared): checked before a service opens anything, and
// again by Start().
absl::Status CheckListenAddresses(const HostConfig& config);

// Blocks the signals the host waits for, in this thread and every thread
// started after it, and ignores SIGPIPE. Call first thing in main().
void BlockSignals();

class ServiceHost {
 public:
  ServiceHost(std::string service_name, HostConfig config);
  ~ServiceHost();

  // Where services and the cache register their metrics.
  prometheus::Registry& registry() { return *registry_; }

  // Adds a service; `full_name` is its proto name ("dtr.stats.v1.
  // StatsService"), whose methods get metric series from the start.
  void AddService(grpc::Service* service, const std::string& full_name);

  // How the REST/JSON face reads a CSV body of the streamed import whose
  // request is `request_type` ("dtr.stats.v1.ImportDossiersRequest").
  void AddCsvImport(const std::string& request_type, CsvImportFormat format) {
    csv_imports_[request_type] = std::move(format);
  }

  // Called on SIGHUP (for example to reload the unit tree).
  void OnReload(std::function<void()> reload) { reload_ = std::move(reload); }

  // Keeps the service's audit in `db` (audit_log.h): writes and refused
  // calls are recorded, and dtr.common.v1.AuditService serves it (admins
  // only). Call before Start().
  void EnableAudit(Database* db);
  // The audit EnableAudit made; null before.
  AuditLog* audit() const { return audit_.get(); }

  // Reads --policy (null when none is given), for services that scope
  // writes by caller (write_scope.h); Start() reads it if this did not.
  absl::StatusOr<const PolicyHolder*> LoadPolicy();

  // Binds the addresses and starts serving; logs a "serving" line with the
  // bound ports.
  absl::Status Start();

  // Waits for SIGTERM or SIGINT (or Stop()), then stops gracefully.
  void Run();

  // Makes Run() begin the stop sequence, as SIGTERM would.
  void Stop();

  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  int health_port() const { return health_port_; }
  int http_port() const { return http_ != nullptr ? http_->port() : 0; }

 private:
  void Shutdown();

  const std::string service_name_;
  const HostConfig config_;
  std::shared_ptr<prometheus::Registry> registry_;
  GrpcServerMetrics grpc_metrics_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  // Before server_: destroyed after it, so no call records into a gone log.
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<AuditServiceImpl> audit_service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;
  std::map<std::string, CsvImportFormat> csv_imports_;
  std::unique_ptr<PolicyHolder> policy_;
  // After policy_: destroyed before it, as its requests ask the policy.
  std::unique_ptr<HttpGateway> http_;
  std::vector<std::string> methods_;  // "/package.Service/Method"
  std::function<void()> reload_;
  std::unique_ptr<BackgroundRefresh> heap_release_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  int health_port_ = 0;
};

}  // namespace dtr

#endif  // DTR_COMMON_SERVICE_HOST_H_
