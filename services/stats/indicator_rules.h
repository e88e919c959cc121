// The indicator definitions the stats service applies: the --indicators
// file's versions (reloaded on SIGHUP), or, without the flag, the copy of
// services/stats/data/indicators.json built into the binary, so that a
// service started without the file computes the shipped formulas.
//
// Thread-safe.
#ifndef DTR_SERVICES_STATS_INDICATOR_RULES_H_
#define DTR_SERVICES_STATS_INDICATOR_RULES_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "services/stats/indicator_definitions.h"

namespace dtr::stats {

// services/stats/data/indicators.json as built.
absl::string_view BuiltInIndicators();

class IndicatorRules {
 public:
  // `file` null: the built-in definitions.
  explicit IndicatorRules(const IndicatorsHolder* file = nullptr);

  // Kept by a caller for the whole of its call.
  std::shared_ptr<const IndicatorVersions> Get() const;

 private:
  const IndicatorsHolder* const file_;
  std::shared_ptr<const IndicatorVersions> built_in_;
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_INDICATOR_RULES_H_
