// The workforce headline figures as Prometheus gauges, for dashboards: for
// each top-level unit of the tree, year to date through today
// (Asia/Ho_Chi_Minh), in total (level="all") and per level.
//
//   dtr_workforce_staff{unit,level,role}        in service today; role:
//                                               dedicated, concurrent
//   dtr_workforce_eligible{unit,level}          dedicated staff eligible for
//                                               the allowance this month
//   dtr_workforce_training_courses{unit,level}  courses held this year
//   dtr_workforce_trainees{unit,level}          their trainees
//
// Refreshed in the background after writes and every few minutes (the
// day, and with it who is in service, moves on).
//
// Thread-safe.
#ifndef DTR_SERVICES_WORKFORCE_HEADLINE_GAUGES_H_
#define DTR_SERVICES_WORKFORCE_HEADLINE_GAUGES_H_

#include "common/background_refresh.h"
#include "common/unit_tree_holder.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/workforce/allowance_rules.h"
#include "services/workforce/workforce_store.h"

namespace dtr::workforce {

class HeadlineGauges {
 public:
  HeadlineGauges(prometheus::Registry& registry, WorkforceStore* store,
                 const UnitTreeHolder* units, const RulesHolder* rules,
                 absl::Duration settle = absl::Seconds(1));

  void MarkStale() { refresh_.MarkStale(); }

 private:
  void Refresh();

  WorkforceStore* store_;
  const UnitTreeHolder* units_;
  const RulesHolder* rules_;
  prometheus::Family<prometheus::Gauge>& staff_;
  prometheus::Family<prometheus::Gauge>& eligible_;
  prometheus::Family<prometheus::Gauge>& courses_;
  prometheus::Family<prometheus::Gauge>& trainees_;
  BackgroundRefresh refresh_;  // last: stops before the rest goes
};

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_HEADLINE_GAUGES_H_
