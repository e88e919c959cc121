// The start-up every dtr service shares, written once: the flags (the host's,
// the store's, the executors' and, for a data service, --units, --redis and
// --import-idle-seconds), logging, the unit tree, the store and its
// migrations, the audit, the Redis cache, the executors, the write slots,
// the watchdog of streamed imports, the access policy; then what the
// service's own main builds on them; reloads on SIGHUP; serving until
// SIGTERM (service_host.h).
//
// A service's main names what differs — its spec, its own flags, its
// reference files and its service:
//
//   int main(int argc, char** argv) {
//     dtr::ServiceMain main(kSpec);
//     auto* rules = main.File("rules", "allowance_rules.json",
//                             "allowance rules", "...", &Rules::LoadFile);
//     return main.Run(argc, argv, [&](dtr::ServiceBuild& b) -> absl::Status {
//       ... rules->holder() ...
//       b.Serve(b.Make<WorkforceServiceImpl>(deps), "dtr.workforce.v1...");
//       return absl::OkStatus();
//     });
//   }
//
// Not thread-safe: used by main() alone, before and after serving.
#ifndef DTR_COMMON_SERVICE_MAIN_H_
#define DTR_COMMON_SERVICE_MAIN_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/database.h"
#include "common/flags.h"
#include "common/migrations.h"
#include "common/reference_file.h"
#include "common/reloadable.h"
#include "common/service_env.h"
#include "common/service_host.h"
#include "common/service_ports.h"
#include "common/store_flags.h"
#include "common/unit_tree.h"
#include "prometheus/registry.h"

namespace dtr {

struct ServiceSpec {
  std::string name;  // "stats": its log lines, cache keys ("dtr:stats:")
  // What the service does, for --help: "<name>-service: " comes before it,
  // the usage line after.
  std::string description;
  ServicePorts ports;
  std::string store;                         // the default --db
  const std::vector<Migration>* migrations;  // its schema; required
  std::vector<std::string> record_kinds;     // its imports, in the metrics
  std::vector<std::string> operations;       // its timed queries
  // A data service has a unit tree (--units), a Redis cache (--redis) and
  // streamed imports (--import-idle-seconds); the report service none.
  bool data_service = true;
  // For a service that is not a data service: --units, optional, to check
  // the unit codes callers send against it.
  bool checks_units = false;
};

// What a service's own part of main() works with: the parts ServiceMain
// made, and a place for its own until the server has stopped.
class ServiceBuild {
 public:
  const ServiceEnv& env() const { return env_; }
  Database* db() const { return db_; }
  const HostConfig& host_config() const { return host_config_; }
  prometheus::Registry& registry() { return host_->registry(); }

  // Keeps `part` until the server has stopped; parts end in the reverse
  // order of their keeping, before the common ones.
  template <typename T>
  T* Keep(std::unique_ptr<T> part) {
    T* raw = part.get();
    parts_->push_back(std::shared_ptr<void>(std::move(part)));
    return raw;
  }
  template <typename T, typename... Args>
  T* Make(Args&&... args) {
    return Keep(std::make_unique<T>(std::forward<Args>(args)...));
  }

  // Serves `service`, `full_name` its proto name.
  void Serve(grpc::Service* service, const std::string& full_name) {
    host_->AddService(service, full_name);
  }
  // How the REST/JSON face reads CSV bodies of the streamed import whose
  // messages are `Request`s: each row, in `header` order, read by
  // `from_csv` into a record `add_record` adds (e.g.
  // &ImportDossiersRequest::add_dossiers). Columns after
  // `required_columns` may be left off the end.
  template <typename Request, typename Record>
  void CsvImport(const std::vector<std::string>& header,
                 Record* (Request::*add_record)(),
                 bool (*from_csv)(const std::vector<std::string>&, Record*,
                                  CsvFieldError*),
                 size_t required_columns = SIZE_MAX) {
    host_->AddCsvImport(
        Request::descriptor()->full_name(),
        CsvImportFormat{
            header, required_columns,
            [add_record, from_csv](const std::vector<std::string>& fields,
                                   google::protobuf::Message* request,
                                   CsvFieldError* error) {
              return from_csv(fields,
                              (static_cast<Request*>(request)->*add_record)(),
                              error);
            }});
  }

 private:
  friend class ServiceMain;
  ServiceBuild(const ServiceEnv& env, Database* db,
               const HostConfig& host_config, ServiceHost* host,
               std::vector<std::shared_ptr<void>>* parts)
      : env_(env),
        db_(db),
        host_config_(host_config),
        host_(host),
        parts_(parts) {}

  const ServiceEnv env_;
  Database* const db_;
  const HostConfig& host_config_;
  ServiceHost* const host_;
  std::vector<std::shared_ptr<void>>* const parts_;
};

class ServiceMain {
 public:
  // Blocks the signals the host waits for: construct it first in main().
  explicit ServiceMain(ServiceSpec spec);

  // Where the service adds flags of its own, and a check of their values
  // (INVALID_ARGUMENT naming the flag), run before anything is opened.
  FlagSet& flags() { return flags_; }
  void CheckFlags(std::function<absl::Status()> check) {
    flag_checks_.push_back(std::move(check));
  }

  // A reference file named by --`flag` (`path` by default, `help` for
  // --help), read by `load` before anything else is opened and again on
  // SIGHUP ("<what> reloaded", or "<what> not reloaded" keeping the one in
  // use). Its holder is there for `build`.
  template <typename T>
  const ReferenceFileOf<T>* File(
      const std::string& flag, const std::string& path, const std::string& what,
      const std::string& help,
      absl::StatusOr<std::shared_ptr<const T>> (*load)(const std::string&)) {
    auto file = std::make_unique<ReferenceFileOf<T>>(flag, what, path, load);
    flags_.AddString(flag, file->path(), help);
    ReferenceFileOf<T>* raw = file.get();
    files_.push_back(std::move(file));
    return raw;
  }

  // Parses the flags, opens what every service has, lets `build` make the
  // service and serves it until SIGTERM. Returns main()'s exit status: 1,
  // with the reason logged, when anything fails to start.
  int Run(int argc, char** argv,
          const std::function<absl::Status(ServiceBuild&)>& build);

 private:
  const ServiceSpec spec_;
  FlagSet flags_;
  HostConfig host_config_;
  StoreFlags store_flags_;
  std::string redis_;
  int64_t local_cache_mib_ = 32;
  int64_t read_threads_ = 4;
  int64_t write_threads_ = 2;
  double import_idle_seconds_ = 60;
  std::vector<std::function<absl::Status()>> flag_checks_;
  const ReferenceFileOf<UnitTree>* units_ = nullptr;  // data services
  std::vector<std::unique_ptr<ReferenceFile>> files_;
};

}  // namespace dtr

#endif  // DTR_COMMON_SERVICE_MAIN_H_
