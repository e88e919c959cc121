#include "services/stats/stats_metrics.h"

#include "prometheus/family.h"

namespace dtr::stats {

StatsMetrics::StatsMetrics(prometheus::Registry& registry) {
  auto& rows = prometheus::BuildCounter()
                   .Name("dtr_stats_ingest_rows_total")
                   .Help(
                       "Rows received by imports and batch upserts, by "
                       "record kind and outcome.")
                   .Register(registry);
  auto& imports = prometheus::BuildCounter()
                      .Name("dtr_stats_imports_total")
                      .Help(
                          "Imports and batch upserts, by record kind and "
                          "result.")
                      .Register(registry);
  auto& seconds = prometheus::BuildHistogram()
                      .Name("dtr_store_operation_seconds")
                      .Help("Time spent in the store, by operation.")
                      .Register(registry);
  const char* kinds[] = {"dossier", "payment"};
  const char* results[] = {"committed", "rejected", "failed"};
  for (int k = 0; k < 2; ++k) {
    rows_[k] = {&rows.Add({{"record", kinds[k]}, {"outcome", "created"}}),
                &rows.Add({{"record", kinds[k]}, {"outcome", "updated"}}),
                &rows.Add({{"record", kinds[k]}, {"outcome", "unchanged"}}),
                &rows.Add({{"record", kinds[k]}, {"outcome", "rejected"}})};
    for (int r = 0; r < 3; ++r) {
      imports_[k][r] =
          &imports.Add({{"record", kinds[k]}, {"result", results[r]}});
    }
  }
  const prometheus::Histogram::BucketBoundaries buckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25,  0.5,    1,     2.5,  5,     10,   30};
  indicators_seconds_ = &seconds.Add({{"operation", "indicators"}}, buckets);
  import_seconds_ = &seconds.Add({{"operation", "import"}}, buckets);
}

void StatsMetrics::CountImport(RecordKind kind, ImportResult result,
                               const common::v1::ImportSummary& summary) {
  const int k = static_cast<int>(kind);
  imports_[k][static_cast<int>(result)]->Increment();
  // Rows count once written: not for rejected or validate-only imports.
  if (result != ImportResult::kCommitted || !summary.committed()) return;
  rows_[k].created->Increment(static_cast<double>(summary.created()));
  rows_[k].updated->Increment(static_cast<double>(summary.updated()));
  rows_[k].unchanged->Increment(static_cast<double>(summary.unchanged()));
  rows_[k].rejected->Increment(static_cast<double>(summary.rejected()));
}

}  // namespace dtr::stats
