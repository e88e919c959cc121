// The units' reporting rates as Prometheus gauges, for a Grafana panel of
// who has not reported and an alert as the deadline nears:
//
//   dtr_contributions_expected{period,section}   asked
//   dtr_contributions_submitted{period,section}  ever submitted
//   dtr_contributions_on_time{period,section}    first submitted in time
//   dtr_contributions_accepted{period,section}   accepted now
//   dtr_contribution_missing_deadline_timestamp_seconds
//       {period,section,unit,unit_name,level}
//     one series per contribution asked and never submitted: the end of
//     its deadline day (Asia/Ho_Chi_Minh); `… - time() < 2 * 86400` is
//     "due within two days and not in".
//
// Set(status) replaces every series of the status's period; Retain drops
// the periods out of view. Thread-safe.
#ifndef DTR_SERVICES_REPORT_CONTRIBUTION_GAUGES_H_
#define DTR_SERVICES_REPORT_CONTRIBUTION_GAUGES_H_

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "dtr/report/v1/report.pb.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace dtr::report {

class ContributionGauges {
 public:
  explicit ContributionGauges(prometheus::Registry& registry);

  void Set(const v1::ContributionStatus& status);
  // Removes the series of every period not in `periods`.
  void Retain(const std::set<std::string>& periods);

 private:
  using Series =
      std::pair<prometheus::Family<prometheus::Gauge>*, prometheus::Gauge*>;

  prometheus::Family<prometheus::Gauge>& expected_;
  prometheus::Family<prometheus::Gauge>& submitted_;
  prometheus::Family<prometheus::Gauge>& on_time_;
  prometheus::Family<prometheus::Gauge>& accepted_;
  prometheus::Family<prometheus::Gauge>& missing_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::vector<Series>> by_period_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_CONTRIBUTION_GAUGES_H_
