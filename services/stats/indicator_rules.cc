#include "services/stats/indicator_rules.h"

#include <cstdlib>

#include "common/log.h"

namespace dtr::stats {

IndicatorRules::IndicatorRules(const IndicatorsHolder* file) : file_(file) {
  if (file_ != nullptr) return;
  auto built_in = ParseIndicatorVersions(BuiltInIndicators());
  if (!built_in.ok()) {
    // The build's own data: a test of the shipped file keeps this from
    // happening.
    LogError("the built-in indicator definitions are invalid",
             {{"error", std::string(built_in.status().message())}});
    std::abort();
  }
  built_in_ = std::move(*built_in);
}

std::shared_ptr<const IndicatorVersions> IndicatorRules::Get() const {
  return file_ != nullptr ? file_->Get() : built_in_;
}

}  // namespace dtr::stats
