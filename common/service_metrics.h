// Ingest and store metrics every data service exports, for operators'
// dashboards and alerts:
//   dtr_ingest_rows_total{record,outcome}   rows by created, updated,
//                                           unchanged, rejected
//   dtr_imports_total{record,result}        imports and batch upserts by
//                                           committed, rejected (invalid
//                                           rows), failed (store, cancel)
//   dtr_store_operation_seconds{operation}  "import:<record>" (a whole
//                                           import, commit included) and
//                                           each service's queries
// Series are created once, at start (looking one up is slow). Thread-safe.
#ifndef DTR_COMMON_SERVICE_METRICS_H_
#define DTR_COMMON_SERVICE_METRICS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "dtr/common/v1/types.pb.h"
#include "grpcpp/support/status.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace dtr {

class ServiceMetrics {
 public:
  ServiceMetrics(prometheus::Registry& registry,
                 const std::vector<std::string>& record_kinds,
                 const std::vector<std::string>& operations);

  // Counts an import of `record_kind` that ended with `status`.
  void AccountImport(const std::string& record_kind, absl::Duration took,
                     const grpc::Status& status,
                     const common::v1::ImportSummary& summary);
  // Times one of the service's queries.
  void ObserveOperation(const std::string& operation, absl::Duration took);

 private:
  struct RecordSeries {
    prometheus::Counter* created;
    prometheus::Counter* updated;
    prometheus::Counter* unchanged;
    prometheus::Counter* rejected;
    prometheus::Counter* committed;
    prometheus::Counter* refused;
    prometheus::Counter* failed;
    prometheus::Histogram* seconds;
  };
  absl::flat_hash_map<std::string, RecordSeries> records_;
  absl::flat_hash_map<std::string, prometheus::Histogram*> operations_;
};

}  // namespace dtr

#endif  // DTR_COMMON_SERVICE_METRICS_H_
