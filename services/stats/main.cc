// stats-service: the public-service statistics service.
#include "common/service_main.h"
#include "services/stats/headline_gauges.h"
#include "services/stats/stats_service.h"
#include "services/stats/stats_store.h"

namespace {

const dtr::ServiceSpec kSpec{
    "stats",
    "dossiers of administrative procedures and online payments, and the\n"
    "public-service indicators computed from them.\n",
    dtr::kStatsPorts,
    "sqlite:stats.db",
    &dtr::stats::StatsStore::Migrations(),
    {"dossier", "payment"},
    {"indicators"}};

}  // namespace

int main(int argc, char** argv) {
  dtr::ServiceMain main(kSpec);
  return main.Run(argc, argv, [](dtr::ServiceBuild& b) -> absl::Status {
    auto* store = b.Make<dtr::stats::StatsStore>(b.db());
    auto* gauges =
        b.Make<dtr::stats::HeadlineGauges>(b.registry(), store, b.env().units);
    b.Serve(b.Make<dtr::stats::StatsServiceImpl>(
                dtr::stats::StatsServiceImpl::Deps{b.env(), store, gauges}),
            "dtr.stats.v1.StatsService");
    return absl::OkStatus();
  });
}
