// stats-service: the public-service statistics service.
#include "common/log.h"
#include "common/service_main.h"
#include "services/stats/headline_gauges.h"
#include "services/stats/record_csv.h"
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
  namespace stats = dtr::stats;
  dtr::ServiceMain main(kSpec);
  auto* definitions = main.File(
      "indicators", "", "indicator definitions",
      "indicator definitions, JSON (reloaded on SIGHUP); empty: the built-in "
      "copy of services/stats/data/indicators.json",
      &stats::LoadIndicatorVersions);
  return main.Run(argc, argv, [&](dtr::ServiceBuild& b) -> absl::Status {
    auto* store = b.Make<stats::StatsStore>(b.db(), b.env().units);
    // Slower reads, not wrong ones, when this fails (another writer holds
    // the store): the months' next writes bring them in line.
    if (absl::Status s = store->KeepSubtreeCubes(); !s.ok()) {
      dtr::LogWarning("the subtree cubes were not brought up to date",
                      {{"error", s.message()}});
    }
    auto* indicators = b.Make<stats::IndicatorRules>(definitions->holder());
    auto* gauges = b.Make<stats::HeadlineGauges>(b.registry(), store,
                                                 b.env().units, indicators);
    b.Serve(b.Make<stats::StatsServiceImpl>(stats::StatsServiceImpl::Deps{
                b.env(), store, gauges, indicators}),
            "dtr.stats.v1.StatsService");
    // The REST/JSON imports read the CSV files dtctl imports.
    b.CsvImport(stats::DossierCsvHeader(),
                &stats::v1::ImportDossiersRequest::add_dossiers,
                &stats::DossierFromCsv, stats::kDossierCsvRequiredColumns);
    b.CsvImport(stats::PaymentCsvHeader(),
                &stats::v1::ImportPaymentsRequest::add_payments,
                &stats::PaymentFromCsv);
    return absl::OkStatus();
  });
}
