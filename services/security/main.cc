// security-service: information systems, their security level dossiers and
// controls, endpoints, SOC monitoring and incidents, with their history.
#include <cstdio>
#include <memory>

#include "common/async_semaphore.h"
#include "common/database.h"
#include "common/executor.h"
#include "common/flags.h"
#include "common/idle_call_watchdog.h"
#include "common/log.h"
#include "common/redis_cache.h"
#include "common/service_host.h"
#include "common/service_metrics.h"
#include "common/store_flags.h"
#include "common/unit_tree_holder.h"
#include "services/security/control_catalogue.h"
#include "services/security/security_service.h"
#include "services/security/security_store.h"

namespace {

constexpr char kUsage[] =
    "security-service: information systems and their security level\n"
    "(Decree 85/2016/NĐ-CP), controls, endpoints, SOC monitoring and\n"
    "incidents, with every change kept.\n"
    "\n"
    "Usage: security-service [flags]\n"
    "Every flag can also be set through the environment variable shown.\n";

int Fail(const std::string& message) {
  dtr::LogError(message);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  dtr::BlockSignals();
  dtr::HostConfig host_config;
  host_config.listen = "0.0.0.0:7102";
  host_config.metrics = "0.0.0.0:9102";
  dtr::StoreFlags store_flags;
  store_flags.url = "sqlite:security.db";
  std::string redis;
  std::string units_path = "units.csv";
  std::string controls_path = "controls.json";
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
  flags.AddString("controls", &controls_path,
                  "controls catalogue, JSON (reloaded on SIGHUP)");
  flags.AddInt("read-threads", &read_threads, "threads answering queries");
  flags.AddInt("write-threads", &write_threads, "threads applying writes");
  flags.AddDouble("import-idle-seconds", &import_idle_seconds,
                  "cancel an import whose client sends nothing for this "
                  "long (it holds the store's write slot)");
  auto words = flags.Parse(argc, argv);
  if (flags.help_requested()) {
    std::fputs(flags.Help().c_str(), stdout);
    return 0;
  }
  dtr::InitLogging("security", dtr::LogLevel::kInfo);
  if (!words.ok()) return Fail(std::string(words.status().message()));
  if (!words->empty()) return Fail("unexpected argument " + words->front());
  if (read_threads < 1 || write_threads < 1) {
    return Fail("--read-threads and --write-threads must be at least 1");
  }
  if (import_idle_seconds <= 0) {
    return Fail("--import-idle-seconds must be positive");
  }

  auto units = dtr::UnitTreeHolder::Open(units_path, &dtr::UnitTree::LoadFile);
  if (!units.ok()) return Fail(std::string(units.status().message()));
  auto catalogue = dtr::security::CatalogueHolder::Open(
      controls_path, &dtr::security::ControlCatalogue::LoadFile);
  if (!catalogue.ok()) return Fail(std::string(catalogue.status().message()));

  auto db =
      dtr::OpenStore(store_flags, dtr::security::SecurityStore::Migrations());
  if (!db.ok()) return Fail(std::string(db.status().message()));
  dtr::security::SecurityStore store(db->get());

  dtr::ServiceHost host("security", host_config);
  host.EnableAudit(db->get());
  dtr::RedisCacheOptions cache_options;
  cache_options.address = redis;
  cache_options.key_prefix = "dtr:security:";
  dtr::RedisCache cache(cache_options, host.registry());
  dtr::Executor reads(static_cast<int>(read_threads));
  dtr::Executor writes(static_cast<int>(write_threads));
  dtr::AsyncSemaphore write_slots(1);  // SQLite has one writer at a time
  dtr::ServiceMetrics metrics(
      host.registry(),
      {dtr::security::kSystem, dtr::security::kControl,
       dtr::security::kEndpoint, dtr::security::kIncident},
      {"summary"});
  dtr::IdleCallWatchdog watchdog(absl::Seconds(import_idle_seconds));
  dtr::security::HeadlineGauges gauges(host.registry(), &store, units->get(),
                                       catalogue->get());
  auto policy = host.LoadPolicy();
  if (!policy.ok()) return Fail(std::string(policy.status().message()));
  dtr::security::SecurityServiceImpl service(
      {&store, units->get(), catalogue->get(), &cache, &reads, &writes,
       &write_slots, &metrics, &watchdog, &gauges, *policy});
  host.AddService(&service, "dtr.security.v1.SecurityService");
  host.OnReload([&units, &catalogue] {
    for (auto [what, reload] :
         {std::pair{"unit tree", std::function<absl::Status()>(
                                     [&] { return (*units)->Reload(); })},
          std::pair{"controls catalogue", std::function<absl::Status()>([&] {
                      return (*catalogue)->Reload();
                    })}}) {
      if (absl::Status s = reload(); !s.ok()) {
        dtr::LogError(
            std::string(what) + " not reloaded, keeping the current one",
            {{"error", std::string(s.message())}});
      } else {
        dtr::LogInfo(std::string(what) + " reloaded");
      }
    }
  });
  if (absl::Status s = host.Start(); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  host.Run();
  return 0;
}
