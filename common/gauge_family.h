// A family of Prometheus gauges registered in one call: the headline
// figures every service exports are built this way.
#ifndef DTR_COMMON_GAUGE_FAMILY_H_
#define DTR_COMMON_GAUGE_FAMILY_H_

#include <string>

#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace dtr {

inline prometheus::Family<prometheus::Gauge>& GaugeFamily(
    prometheus::Registry& registry, const std::string& name,
    const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
}

}  // namespace dtr

#endif  // DTR_COMMON_GAUGE_FAMILY_H_
