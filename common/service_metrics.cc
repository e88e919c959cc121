#include "common/service_metrics.h"

#include "absl/strings/str_cat.h"
#include "prometheus/family.h"

namespace dtr {
namespace {

const prometheus::Histogram::BucketBoundaries& Buckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25,  0.5,    1,     2.5,  5,     10,   30};
  return *buckets;
}

}  // namespace

ServiceMetrics::ServiceMetrics(prometheus::Registry& registry,
                               const std::vector<std::string>& record_kinds,
                               const std::vector<std::string>& operations) {
  auto& rows = prometheus::BuildCounter()
                   .Name("dtr_ingest_rows_total")
                   .Help(
                       "Rows received by imports and batch upserts, by "
                       "record kind and outcome.")
                   .Register(registry);
  auto& imports = prometheus::BuildCounter()
                      .Name("dtr_imports_total")
                      .Help(
                          "Imports and batch upserts, by record kind and "
                          "result.")
                      .Register(registry);
  auto& seconds = prometheus::BuildHistogram()
                      .Name("dtr_store_operation_seconds")
                      .Help("Time spent in the store, by operation.")
                      .Register(registry);
  for (const std::string& kind : record_kinds) {
    auto row = [&](const char* outcome) {
      return &rows.Add({{"record", kind}, {"outcome", outcome}});
    };
    auto result = [&](const char* r) {
      return &imports.Add({{"record", kind}, {"result", r}});
    };
    records_[kind] = RecordSeries{
        row("created"),
        row("updated"),
        row("unchanged"),
        row("rejected"),
        result("committed"),
        result("rejected"),
        result("failed"),
        &seconds.Add({{"operation", absl::StrCat("import:", kind)}},
                     Buckets())};
  }
  for (const std::string& op : operations) {
    operations_[op] = &seconds.Add({{"operation", op}}, Buckets());
  }
}

void ServiceMetrics::AccountImport(const std::string& record_kind,
                                   absl::Duration took,
                                   const grpc::Status& status,
                                   const common::v1::ImportSummary& summary) {
  auto it = records_.find(record_kind);
  if (it == records_.end()) return;
  RecordSeries& s = it->second;
  s.seconds->Observe(absl::ToDoubleSeconds(took));
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    s.refused->Increment();
    return;
  }
  if (!status.ok()) {
    s.failed->Increment();
    return;
  }
  s.committed->Increment();
  // Rows count once written: not for validate-only imports.
  if (!summary.committed()) return;
  s.created->Increment(static_cast<double>(summary.created()));
  s.updated->Increment(static_cast<double>(summary.updated()));
  s.unchanged->Increment(static_cast<double>(summary.unchanged()));
  s.rejected->Increment(static_cast<double>(summary.rejected()));
}

void ServiceMetrics::ObserveOperation(const std::string& operation,
                                      absl::Duration took) {
  auto it = operations_.find(operation);
  if (it != operations_.end()) it->second->Observe(absl::ToDoubleSeconds(took));
}

}  // namespace dtr
