#include "common/service_main.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/async_semaphore.h"
#include "common/executor.h"
#include "common/idle_call_watchdog.h"
#include "common/log.h"
#include "common/redis_cache.h"
#include "common/service_metrics.h"
#include "common/unit_tree_holder.h"
#include "common/version.h"

namespace dtr {
namespace {

// How long a streamed import of a service without the flag may leave its
// client silent.
constexpr absl::Duration kImportIdleDefault = absl::Seconds(60);

int Fail(absl::string_view message) {
  LogError(std::string(message));
  return 1;
}

}  // namespace

ServiceMain::ServiceMain(ServiceSpec spec)
    : spec_(std::move(spec)),
      flags_(absl::StrCat(spec_.name, "-service: ", spec_.description,
                          "\nUsage: ", spec_.name,
                          "-service [flags]\n"
                          "Every flag can also be set through the "
                          "environment variable shown.\n")) {
  BlockSignals();
  host_config_.listen = AnyAddress(spec_.ports.grpc);
  host_config_.metrics = AnyAddress(spec_.ports.metrics);
  store_flags_.url = spec_.store;
  AddHostFlags(&flags_, &host_config_);
  AddStoreFlags(&flags_, &store_flags_);
  if (spec_.data_service) {
    flags_.AddString("redis", &redis_,
                     "Redis HOST:PORT for the cache; empty: no cache");
    flags_.AddInt("local-cache-mib", &local_cache_mib_,
                  "MiB of answers kept in the process's memory in front of "
                  "Redis (never older than a second behind the other "
                  "replicas' writes); 0: none");
    units_ = File("units", "units.csv", "unit tree",
                  "organisation-unit tree, CSV "
                  "code,name,level,parent_code,valid_from,valid_to "
                  "(reloaded on SIGHUP)",
                  &UnitTree::LoadFile);
  } else if (spec_.checks_units) {
    units_ = File("units", "", "unit tree",
                  "organisation-unit tree, CSV (reloaded on SIGHUP): the unit "
                  "codes of requests must be in it; empty: not checked",
                  &UnitTree::LoadFile);
  }
  flags_.AddInt("read-threads", &read_threads_, "threads answering queries");
  flags_.AddInt("write-threads", &write_threads_, "threads applying writes");
  if (spec_.data_service) {
    flags_.AddDouble("import-idle-seconds", &import_idle_seconds_,
                     "cancel an import whose client sends nothing for this "
                     "long (it holds the store's write slot)");
  }
}

int ServiceMain::Run(int argc, char** argv,
                     const std::function<absl::Status(ServiceBuild&)>& build) {
  // Debian's Abseil is built with its debug checks, which keep a graph of
  // every mutex's locks to find cycles: a few per cent of a service's time
  // under load. clang's thread-safety analysis (make thread-safety) checks
  // the locking at build time instead.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  auto words = flags_.Parse(argc, argv);
  if (flags_.help_requested()) {
    std::fputs(flags_.Help().c_str(), stdout);
    return 0;
  }
  if (flags_.version_requested()) {
    std::printf("%s-service (dtr) %s\n", spec_.name.c_str(), Version());
    return 0;
  }
  InitLogging(spec_.name, LogLevel::kInfo);
  if (!words.ok()) return Fail(words.status().message());
  if (!words->empty()) return Fail("unexpected argument " + words->front());
  if (read_threads_ < 1 || write_threads_ < 1) {
    return Fail("--read-threads and --write-threads must be at least 1");
  }
  if (import_idle_seconds_ <= 0) {
    return Fail("--import-idle-seconds must be positive");
  }
  for (const auto& check : flag_checks_) {
    if (absl::Status s = check(); !s.ok()) return Fail(s.message());
  }
  if (absl::Status s = CheckListenAddresses(host_config_); !s.ok()) {
    return Fail(s.message());
  }

  // The reference files before the store: a service started where they
  // are not leaves no store file behind.
  for (const auto& file : files_) {
    if (absl::Status s = file->Open(); !s.ok()) return Fail(s.message());
  }
  auto db = OpenStore(store_flags_, *spec_.migrations);
  if (!db.ok()) return Fail(db.status().message());

  ServiceHost host(spec_.name, host_config_);
  host.EnableAudit(db->get());
  std::unique_ptr<RedisCache> cache;
  if (spec_.data_service) {
    RedisCacheOptions cache_options;
    cache_options.address = redis_;
    cache_options.key_prefix = "dtr:" + spec_.name + ":";
    cache_options.local_bytes = std::max<int64_t>(local_cache_mib_, 0) << 20;
    cache = std::make_unique<RedisCache>(cache_options, host.registry());
  }
  Executor reads(static_cast<int>(read_threads_));
  Executor writes(static_cast<int>(write_threads_));
  AsyncSemaphore write_slots((*db)->max_writers());
  ServiceMetrics metrics(host.registry(), spec_.record_kinds, spec_.operations);
  IdleCallWatchdog watchdog(spec_.data_service
                                ? absl::Seconds(import_idle_seconds_)
                                : kImportIdleDefault);
  auto policy = host.LoadPolicy();
  if (!policy.ok()) return Fail(policy.status().message());

  ServiceEnv env;
  env.units = units_ != nullptr ? units_->holder() : nullptr;
  env.cache = cache.get();
  env.reads = &reads;
  env.writes = &writes;
  env.write_slots = &write_slots;
  env.metrics = &metrics;
  env.watchdog = &watchdog;
  env.policy = *policy;
  env.audit = host.audit();
  std::vector<std::shared_ptr<void>> parts;
  ServiceBuild service_build(env, db->get(), host_config_, &host, &parts);
  absl::Status built = build(service_build);
  // Whatever the build kept goes first, newest first: nothing it made may
  // outlive what it was made from.
  auto drop_parts = [&parts] {
    while (!parts.empty()) parts.pop_back();
  };
  if (!built.ok()) {
    drop_parts();
    return Fail(built.message());
  }
  host.OnReload([this] {
    for (const auto& file : files_) {
      if (absl::Status s = file->Reload(); !s.ok()) {
        LogError(file->what() + " not reloaded, keeping the current one",
                 {{"error", std::string(s.message())}});
      } else {
        LogInfo(file->what() + " reloaded");
      }
    }
  });
  if (absl::Status s = host.Start(); !s.ok()) {
    drop_parts();
    return Fail(s.message());
  }
  host.Run();
  drop_parts();
  return 0;
}

}  // namespace dtr
