#include "common/service_host.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <climits>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/audit_interceptor.h"
#include "common/gauge_family.h"
#include "common/heap_release.h"
#include "common/listen_check.h"
#include "common/log.h"
#include "common/version.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace dtr {
namespace {

using RpcType = GrpcServerMetrics::RpcType;

sigset_t HandledSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGUSR1);  // Stop()
  return set;
}

RpcType TypeOf(const google::protobuf::MethodDescriptor& m) {
  if (m.client_streaming() && m.server_streaming())
    return RpcType::BIDI_STREAMING;
  if (m.client_streaming()) return RpcType::CLIENT_STREAMING;
  if (m.server_streaming()) return RpcType::SERVER_STREAMING;
  return RpcType::UNARY;
}

}  // namespace

void AddHostFlags(FlagSet* flags, HostConfig* config) {
  flags->AddString("listen", &config->listen,
                   "gRPC address HOST:PORT (port 0 picks a free port)");
  flags->AddString(
      "metrics", &config->metrics,
      "address HOST:PORT serving Prometheus /metrics; empty: none");
  flags->AddString("log-level", &config->log_level,
                   "lowest level logged: debug, info, warning, error");
  flags->AddDouble("drain-seconds", &config->drain_seconds,
                   "on SIGTERM, seconds to keep serving with health "
                   "NOT_SERVING before refusing new calls");
  flags->AddDouble("shutdown-seconds", &config->shutdown_seconds,
                   "then, seconds in-flight calls get to finish");
  flags->AddString("tls-cert", &config->tls.cert,
                   "PEM certificate chain the service presents");
  flags->AddString("tls-key", &config->tls.key, "PEM private key of it");
  flags->AddString("tls-client-ca", &config->tls.client_ca,
                   "PEM CA of the callers: requires and verifies client "
                   "certificates (mutual TLS); empty: callers unverified");
  flags->AddInt("tls-reload-seconds", &config->tls.reload_seconds,
                "how often the TLS files are read again, for certificates "
                "renewed on disk; 0: read once at start");
  flags->AddBool("plaintext", &config->plaintext,
                 "serve without TLS (local development only)");
  flags->AddString("health-listen", &config->health_listen,
                   "plain-text address HOST:PORT serving only the health "
                   "service, for probes; empty: none");
  flags->AddString("http-listen", &config->http_listen,
                   "address HOST:PORT of the REST/JSON face (same TLS, "
                   "policy and audit as --listen); empty: none");
  flags->AddInt("max-message-bytes", &config->max_message_bytes,
                "largest message a call may send, in bytes");
  flags->AddDouble("caller-calls-per-second", &config->caller_calls_per_second,
                   "calls a second one caller may start (bursts of twice "
                   "as many), with --policy; 0: no limit");
  flags->AddString("policy", &config->policy,
                   "access policy, JSON: callers' roles (reloaded on "
                   "SIGHUP); needs --tls-client-ca");
  flags->AddBool("allow-any-caller", &config->allow_any_caller,
                 "serve TLS without --policy: every caller may call every "
                 "method, writes included (local runs and tests only)");
  flags->AddDouble("heap-release-seconds", &config->heap_release_seconds,
                   "how often free heap memory is given back to the "
                   "system; 0: never");
}

void BlockSignals() {
  sigset_t set = HandledSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

ServiceHost::ServiceHost(std::string service_name, HostConfig config)
    : service_name_(std::move(service_name)),
      config_(std::move(config)),
      registry_(std::make_shared<prometheus::Registry>()),
      grpc_metrics_(*registry_) {
  LogLevel level = LogLevel::kInfo;
  if (!ParseLogLevel(config_.log_level, &level)) {
    LogWarning("unknown --log-level, using info",
               {{"log_level", config_.log_level}});
  }
  InitLogging(service_name_, level);
  LimitHeapRetention();
  // Health and reflection are served by gRPC itself; their methods get
  // series like ours.
  grpc_metrics_.AddMethod("grpc.health.v1.Health", "Check", RpcType::UNARY);
  grpc_metrics_.AddMethod("grpc.health.v1.Health", "Watch",
                          RpcType::SERVER_STREAMING);
  grpc_metrics_.AddMethod("grpc.reflection.v1alpha.ServerReflection",
                          "ServerReflectionInfo", RpcType::BIDI_STREAMING);
}

ServiceHost::~ServiceHost() = default;

void ServiceHost::AddService(grpc::Service* service,
                             const std::string& full_name) {
  services_.emplace_back(service, full_name);
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          full_name);
  if (descriptor == nullptr) return;
  for (int i = 0; i < descriptor->method_count(); ++i) {
    const auto* m = descriptor->method(i);
    grpc_metrics_.AddMethod(full_name, m->name(), TypeOf(*m));
    methods_.push_back(absl::StrCat("/", full_name, "/", m->name()));
  }
}

void ServiceHost::EnableAudit(Database* db) {
  audit_ = std::make_unique<AuditLog>(db);
  audit_service_ = std::make_unique<AuditServiceImpl>(audit_.get());
  AddService(audit_service_.get(), "dtr.common.v1.AuditService");
}

absl::StatusOr<const PolicyHolder*> ServiceHost::LoadPolicy() {
  if (config_.policy.empty()) return nullptr;
  if (policy_ == nullptr) {
    auto policy = PolicyHolder::Open(config_.policy, &AccessPolicy::LoadFile);
    if (!policy.ok()) return policy.status();
    policy_ = std::move(*policy);
  }
  return policy_.get();
}

absl::Status CheckListenAddresses(const HostConfig& config) {
  for (const auto& [flag, address] :
       {std::pair{"listen", &config.listen},
        std::pair{"health-listen", &config.health_listen},
        std::pair{"http-listen", &config.http_listen},
        std::pair{"metrics", &config.metrics}}) {
    if (address->empty()) continue;
    if (absl::Status s = CheckCanListen(flag, *address); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ServiceHost::Start() {
  // Again, for a port taken since: refused, never shared.
  if (absl::Status s = CheckListenAddresses(config_); !s.ok()) return s;
  if (config_.heap_release_seconds > 0) {
    prometheus::Gauge* heap_in_use =
        &GaugeFamily(*registry_, "dtr_heap_in_use_bytes",
                     "Bytes of the heap's blocks in use (what a leak "
                     "grows; with the few each thread keeps for reuse), "
                     "measured when free memory is released.")
             .Add({});
    heap_release_ = std::make_unique<BackgroundRefresh>(
        [heap_in_use] {
          ReleaseFreeHeapMemory();
          heap_in_use->Set(static_cast<double>(HeapInUseBytes()));
        },
        absl::ZeroDuration(), absl::Seconds(config_.heap_release_seconds));
  }
  if (!config_.metrics.empty()) {
    try {
      exposer_ = std::make_unique<prometheus::Exposer>(config_.metrics);
    } catch (const std::exception& e) {
      return absl::UnavailableError(
          absl::StrCat("--metrics ", config_.metrics, ": ", e.what()));
    }
    exposer_->RegisterCollectable(registry_);
    std::vector<int> ports = exposer_->GetListeningPorts();
    if (!ports.empty()) metrics_port_ = ports.front();
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Pings find peers that vanished without closing their connection, so
  // that their calls (an import holding the write slot) end promptly.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  // Without SO_REUSEPORT: a second process on the same port must fail to
  // bind, not share the port's calls with the first.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(static_cast<int>(
      std::min<int64_t>(config_.max_message_bytes, INT32_MAX)));
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::shared_ptr<PolicyEnforcer> enforcer;
  if (config_.plaintext) {
    if (!config_.tls.cert.empty() || !config_.tls.key.empty() ||
        !config_.tls.client_ca.empty()) {
      return absl::InvalidArgumentError(
          "--plaintext and --tls-cert/--tls-key/--tls-client-ca exclude "
          "each other");
    }
    if (!config_.policy.empty()) {
      return absl::InvalidArgumentError(
          "--policy needs mutual TLS (--tls-client-ca): callers are "
          "identified by their certificates");
    }
    credentials = grpc::InsecureServerCredentials();
    LogWarning(
        "serving plain text (--plaintext): calls are neither "
        "encrypted nor their callers identified; local development "
        "only");
  } else {
    auto tls = ServerCredentialsFor(config_.tls);
    if (!tls.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(tls.status().message(),
                       " (or --plaintext, for local development only)"));
    }
    credentials = *tls;
    if (!config_.policy.empty() && config_.allow_any_caller) {
      return absl::InvalidArgumentError(
          "--policy and --allow-any-caller exclude each other");
    }
    if (!config_.policy.empty()) {
      if (config_.tls.client_ca.empty()) {
        return absl::InvalidArgumentError(
            "--policy needs mutual TLS (--tls-client-ca): callers are "
            "identified by their certificates");
      }
      if (auto loaded = LoadPolicy(); !loaded.ok()) return loaded.status();
      enforcer = std::make_shared<PolicyEnforcer>(
          policy_.get(), *registry_, config_.caller_calls_per_second);
      enforcer->AddMethods(methods_);
      enforcer->set_audit(audit_.get());
      credentials->SetAuthMetadataProcessor(enforcer);
    } else if (!config_.allow_any_caller) {
      return absl::InvalidArgumentError(
          "no --policy: without one every caller could call every method, "
          "writes included; give --policy (with --tls-client-ca), or "
          "--allow-any-caller to serve everyone on purpose");
    } else {
      LogWarning(config_.tls.client_ca.empty()
                     ? "--allow-any-caller without --tls-client-ca: every "
                       "caller may call every method"
                     : "--allow-any-caller: every caller with a certificate "
                       "of the CA may call every method");
    }
  }
  builder.AddListeningPort(config_.listen, credentials, &grpc_port_);
  for (auto& [service, name] : services_) builder.RegisterService(service);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(grpc_metrics_.NewInterceptorFactory());
  if (audit_ != nullptr) {
    interceptors.push_back(
        std::make_unique<AuditInterceptorFactory>(audit_.get()));
  }
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || grpc_port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("--listen ", config_.listen, ": cannot listen"));
  }
  if (!config_.health_listen.empty()) {
    // Its own server: the default health service, nothing of dtr's.
    grpc::ServerBuilder health;
    health.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    health.AddListeningPort(config_.health_listen,
                            grpc::InsecureServerCredentials(), &health_port_);
    health_server_ = health.BuildAndStart();
    if (health_server_ == nullptr || health_port_ == 0) {
      return absl::UnavailableError(absl::StrCat(
          "--health-listen ", config_.health_listen, ": cannot listen"));
    }
    health_server_->GetHealthCheckService()->SetServingStatus(true);
  }
  if (!config_.http_listen.empty()) {
    HttpGatewayOptions http;
    http.listen = config_.http_listen;
    http.tls = config_.tls;
    http.plaintext = config_.plaintext;
    for (const auto& [service, name] : services_) http.services.push_back(name);
    http.csv_imports = csv_imports_;
    // The in-process channel has no TLS for the policy to read a
    // certificate from: the face asks the same enforcer with its caller's
    // identity.
    // from: the face asks the same enforcer with its caller's identity.
    if (enforcer != nullptr) {
      http.admit = [enforcer](const std::vector<std::string>& identities,
                              const std::string& method) {
        return enforcer->Decide(identities, method);
      };
    }
    // Calls of the face go to the server in the process: no socket any
    // other program could reach, the same interceptors and handlers.
    grpc::ChannelArguments arguments;
    arguments.SetMaxReceiveMessageSize(-1);  // answers of any size
    http.loopback = server_->InProcessChannel(arguments);
    http.title = absl::StrCat("dtr ", service_name_, " service");
    http.version = Version();
    auto gateway = HttpGateway::Start(std::move(http), *registry_);
    if (!gateway.ok()) return gateway.status();
    http_ = std::move(*gateway);
  }
  server_->GetHealthCheckService()->SetServingStatus(true);
  std::string host = config_.listen.substr(0, config_.listen.rfind(':'));
  LogInfo("serving", {{"grpc", absl::StrCat(host, ":", grpc_port_)},
                      {"grpc_port", grpc_port_},
                      {"metrics_port", metrics_port_},
                      {"health_port", health_port_},
                      {"http_port", http_port()},
                      {"tls", config_.plaintext               ? "none"
                              : config_.tls.client_ca.empty() ? "server"
                                                              : "mutual"}});
  return absl::OkStatus();
}

void ServiceHost::Stop() { kill(getpid(), SIGUSR1); }

void ServiceHost::Run() {
  sigset_t set = HandledSignals();
  while (true) {
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) continue;
    if (signal_number == SIGHUP) {
      LogInfo("reload requested");
      if (policy_ != nullptr) {
        if (absl::Status s = policy_->Reload(); !s.ok()) {
          LogError("access policy not reloaded, keeping the current one",
                   {{"error", std::string(s.message())}});
        } else {
          LogInfo("access policy reloaded");
        }
      }
      if (reload_) reload_();
      continue;
    }
    LogInfo("stopping", {{"signal", strsignal(signal_number)}});
    break;
  }
  Shutdown();
}

void ServiceHost::Shutdown() {
  server_->GetHealthCheckService()->SetServingStatus(false);
  if (health_server_ != nullptr) {
    health_server_->GetHealthCheckService()->SetServingStatus(false);
  }
  absl::SleepFor(absl::Seconds(config_.drain_seconds));
  LogInfo("refusing new calls; calls in flight may finish",
          {{"shutdown_seconds", absl::StrCat(config_.shutdown_seconds)}});
  // No new HTTP requests; those in flight end with their calls, which the
  // server's shutdown bounds like any other.
  if (http_ != nullptr) http_->StopAccepting();
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(
                        static_cast<int64_t>(config_.shutdown_seconds * 1000)));
  http_.reset();
  server_->Wait();
  if (health_server_ != nullptr) {
    health_server_->Shutdown(std::chrono::system_clock::now());
    health_server_->Wait();
    health_server_.reset();
  }
  // The server goes first: services and what they use may then end in any
  // order.
  server_.reset();
  LogInfo("stopped");
}

}  // namespace dtr
