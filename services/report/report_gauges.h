// Which months have their report, as a Prometheus gauge, so that an alert
// can say when the month's report was not generated in time:
//
//   dtr_report_latest_period_end_timestamp_seconds{unit}
//     the end of the latest month with a complete (not partial) archived
//     report of the unit: midnight starting the next month, in
//     Asia/Ho_Chi_Minh.
//
// Set from the archive at start and after each generation. Thread-safe.
#ifndef DTR_SERVICES_REPORT_REPORT_GAUGES_H_
#define DTR_SERVICES_REPORT_REPORT_GAUGES_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/report/report_store.h"

namespace dtr::report {

class ReportGauges {
 public:
  explicit ReportGauges(prometheus::Registry& registry);

  // Reads every archived report's unit, period and completeness.
  absl::Status Load(ReportStore& store);
  // A complete report of `unit` for `period` ("YYYY-MM") was archived.
  void Completed(const std::string& unit, const std::string& period);

 private:
  prometheus::Family<prometheus::Gauge>& latest_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, prometheus::Gauge*> by_unit_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_GAUGES_H_
