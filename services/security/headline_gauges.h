// The compliance headline figures as Prometheus gauges, for dashboards and
// alerts: for each top-level unit of the tree, as of today
// (Asia/Ho_Chi_Minh), in total (level="all") and per level.
//
//   dtr_security_systems{unit,level}
//   dtr_security_systems_approved_dossier{unit,level}
//   dtr_security_systems_with_gaps{unit,level}
//   dtr_security_systems_soc_monitored{unit,level}
//   dtr_security_endpoints{unit,level,kind}           kind: workstation, server
//   dtr_security_endpoints_central{unit,level,kind}   centrally protected
//
// Refreshed in the background after writes and every few minutes (an
// approval expires, an endpoint goes stale with the days).
//
// Thread-safe.
#ifndef DTR_SERVICES_SECURITY_HEADLINE_GAUGES_H_
#define DTR_SERVICES_SECURITY_HEADLINE_GAUGES_H_

#include "common/background_refresh.h"
#include "common/unit_tree_holder.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/security/control_catalogue.h"
#include "services/security/security_store.h"

namespace dtr::security {

class HeadlineGauges {
 public:
  HeadlineGauges(prometheus::Registry& registry, SecurityStore* store,
                 const UnitTreeHolder* units, const CatalogueHolder* catalogue,
                 absl::Duration settle = absl::Seconds(1));

  void MarkStale() { refresh_.MarkStale(); }

 private:
  void Refresh();

  SecurityStore* store_;
  const UnitTreeHolder* units_;
  const CatalogueHolder* catalogue_;
  prometheus::Family<prometheus::Gauge>& systems_;
  prometheus::Family<prometheus::Gauge>& approved_;
  prometheus::Family<prometheus::Gauge>& with_gaps_;
  prometheus::Family<prometheus::Gauge>& soc_monitored_;
  prometheus::Family<prometheus::Gauge>& endpoints_;
  prometheus::Family<prometheus::Gauge>& central_;
  BackgroundRefresh refresh_;  // last: stops before the rest goes
};

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_HEADLINE_GAUGES_H_
