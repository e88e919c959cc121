// Ingest and store metrics of the stats service, for operators' dashboards
// and alerts:
//   dtr_stats_ingest_rows_total{record,outcome}  rows by created, updated,
//                                                unchanged, rejected
//   dtr_stats_imports_total{record,result}        calls by committed,
//                                                rejected (invalid rows),
//                                                failed (store error, cancel)
//   dtr_store_operation_seconds{operation}       indicators (summing
//                                                counters), import (a whole
//                                                import, commit included)
// References are created once, since looking a series up is slow.
#ifndef DTR_SERVICES_STATS_STATS_METRICS_H_
#define DTR_SERVICES_STATS_STATS_METRICS_H_

#include "dtr/common/v1/types.pb.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace dtr::stats {

enum class RecordKind { kDossier = 0, kPayment = 1 };
enum class ImportResult { kCommitted = 0, kRejected = 1, kFailed = 2 };

class StatsMetrics {
 public:
  explicit StatsMetrics(prometheus::Registry& registry);

  void CountImport(RecordKind kind, ImportResult result,
                   const common::v1::ImportSummary& summary);
  prometheus::Histogram& indicators_seconds() { return *indicators_seconds_; }
  prometheus::Histogram& import_seconds() { return *import_seconds_; }

 private:
  struct RowCounters {
    prometheus::Counter* created;
    prometheus::Counter* updated;
    prometheus::Counter* unchanged;
    prometheus::Counter* rejected;
  };
  RowCounters rows_[2];
  prometheus::Counter* imports_[2][3];
  prometheus::Histogram* indicators_seconds_;
  prometheus::Histogram* import_seconds_;
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_STATS_METRICS_H_
