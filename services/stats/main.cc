// stats-service: the public-service statistics service.
#include <cstdio>
#include <memory>

#include "common/async_semaphore.h"
#include "common/database.h"
#include "common/executor.h"
#include "common/flags.h"
#include "common/log.h"
#include "common/redis_cache.h"
#include "common/service_host.h"
#include "common/service_metrics.h"
#include "common/store_flags.h"
#include "common/unit_tree_holder.h"
#include "services/stats/headline_gauges.h"
#include "services/stats/stats_service.h"
#include "services/stats/stats_store.h"

namespace {

constexpr char kUsage[] =
    "stats-service: dossiers of administrative procedures and online\n"
    "payments, and the public-service indicators computed from them.\n"
    "\n"
    "Usage: stats-service [flags]\n"
    "Every flag can also be set through the environment variable shown.\n";

int Fail(const std::string& message) {
  dtr::LogError(message);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  dtr::BlockSignals();
  dtr::HostConfig host_config;
  host_config.listen = "0.0.0.0:7101";
  host_config.metrics = "0.0.0.0:9101";
  dtr::StoreFlags store_flags;
  store_flags.url = "sqlite:stats.db";
  std::string redis;
  std::string units_path = "units.csv";
  int64_t read_threads = 4;
  int64_t write_threads = 2;
  double import_idle_seconds = 60;

  dtr::FlagSet flags(kUsage);
  dtr::AddHostFlags(&flags, &host_config);
  dtr::AddStoreFlags(&flags, &store_flags);
  flags.AddString("redis", &redis,
                  "Redis HOST:PORT for the cache; empty: no cache");
  flags.AddString("units", &units_path,
                  "organisation-unit tree, CSV "
                  "code,name,level,parent_code,valid_from,valid_to "
                  "(reloaded on SIGHUP)");
  flags.AddInt("read-threads", &read_threads,
               "threads computing answers the cache does not have");
  flags.AddInt("write-threads", &write_threads, "threads applying writes");
  flags.AddDouble("import-idle-seconds", &import_idle_seconds,
                  "cancel an import whose client sends nothing for this "
                  "long (it holds the store's write slot)");
  auto words = flags.Parse(argc, argv);
  if (flags.help_requested()) {
    std::fputs(flags.Help().c_str(), stdout);
    return 0;
  }
  dtr::InitLogging("stats", dtr::LogLevel::kInfo);
  if (!words.ok()) return Fail(std::string(words.status().message()));
  if (!words->empty()) return Fail("unexpected argument " + words->front());
  if (read_threads < 1 || write_threads < 1) {
    return Fail("--read-threads and --write-threads must be at least 1");
  }
  if (import_idle_seconds <= 0) {
    return Fail("--import-idle-seconds must be positive");
  }

  auto units_holder =
      dtr::UnitTreeHolder::Open(units_path, &dtr::UnitTree::LoadFile);
  if (!units_holder.ok()) {
    return Fail(std::string(units_holder.status().message()));
  }
  dtr::UnitTreeHolder& units = **units_holder;

  auto db = dtr::OpenStore(store_flags, dtr::stats::StatsStore::Migrations());
  if (!db.ok()) return Fail(std::string(db.status().message()));
  dtr::stats::StatsStore store(db->get());

  dtr::ServiceHost host("stats", host_config);
  host.EnableAudit(db->get());
  dtr::RedisCacheOptions cache_options;
  cache_options.address = redis;
  cache_options.key_prefix = "dtr:stats:";
  dtr::RedisCache cache(cache_options, host.registry());
  dtr::Executor reads(static_cast<int>(read_threads));
  dtr::Executor writes(static_cast<int>(write_threads));
  // SQLite has one writer at a time.
  dtr::AsyncSemaphore write_slots(1);
  dtr::stats::HeadlineGauges gauges(host.registry(), &store, &units);
  dtr::ServiceMetrics metrics(host.registry(), {"dossier", "payment"},
                              {"indicators"});
  dtr::IdleCallWatchdog watchdog(absl::Seconds(import_idle_seconds));
  auto policy = host.LoadPolicy();
  if (!policy.ok()) return Fail(std::string(policy.status().message()));
  dtr::stats::StatsServiceImpl service(&store, &units, &cache, &reads, &writes,
                                       &write_slots, &gauges, &metrics,
                                       &watchdog, *policy);
  host.AddService(&service, "dtr.stats.v1.StatsService");
  host.OnReload([&units] {
    if (absl::Status s = units.Reload(); !s.ok()) {
      dtr::LogError("unit tree not reloaded, keeping the current one",
                    {{"error", std::string(s.message())}});
    } else {
      dtr::LogInfo("unit tree reloaded");
    }
  });
  if (absl::Status s = host.Start(); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  host.Run();
  return 0;
}
