// What each period expects of the units and how far they are, read from
// the store, the defaults file and the unit tree (contribution_
// expectations.h); and the gauges of the periods in view, refreshed after
// the writes that touch them and every few minutes (a new month, a new
// defaults file, a deadline passing need no write). In view: the current
// and previous months and every period written in the last 40 days; a
// period out of view leaves the gauges (and its alerts end).
//
// Thread-safe.
#ifndef DTR_SERVICES_REPORT_CONTRIBUTION_TRACKER_H_
#define DTR_SERVICES_REPORT_CONTRIBUTION_TRACKER_H_

#include <map>
#include <set>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "common/background_refresh.h"
#include "common/unit_tree_holder.h"
#include "services/report/contribution_defaults.h"
#include "services/report/contribution_gauges.h"
#include "services/report/contribution_request_store.h"
#include "services/report/contribution_store.h"

namespace dtr::report {

class ContributionTracker {
 public:
  struct Deps {
    ContributionStore* contributions;
    ContributionRequestStore* requests;
    const ContributionDefaultsHolder* defaults;  // null: none
    const UnitTreeHolder* units;                 // null: none
  };
  ContributionTracker(Deps deps, prometheus::Registry& registry);

  absl::StatusOr<std::vector<v1::ContributionRequest>> Expected(
      absl::CivilMonth month) const;
  absl::StatusOr<v1::ContributionStatus> Status(absl::CivilMonth month,
                                                absl::Time now) const;
  // A write touched the month: its gauges are refreshed soon.
  void Touched(absl::CivilMonth month);

 private:
  void RefreshGauges();

  const Deps d_;
  ContributionGauges gauges_;
  absl::Mutex mu_;
  std::map<absl::CivilMonth, absl::Time> written_ ABSL_GUARDED_BY(mu_);
  BackgroundRefresh refresh_;  // last: stops before the rest goes
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_CONTRIBUTION_TRACKER_H_
