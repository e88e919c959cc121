// Which dossiers each rate counts, as data: for each of the six rates of
// dossiers, a filter for its denominator and one the numerator adds,
// over the fields the counters keep. Read from a file of dated versions
// (services/stats/data/indicators.json, common/dated_versions.h), so that
// a changed formula applies from its day and past periods keep theirs.
//
//   "rates": {
//     "on_time": {"denominator": {"status": ["done_on_time", "done_late"]},
//                 "numerator": {"status": ["done_on_time"]}}, …}
//
// A filter names fields and the values it keeps (CSV names): service_level,
// channel, digitized (true/false), status; or one of components_digitized
// and results_reused alone (the counters count those apart from the other
// fields, so a filter cannot cross them). A field left out keeps every
// value. The numerator counts the denominator's dossiers its own filter
// also keeps.
//
// Thread-safe: immutable once loaded.
#ifndef DTR_SERVICES_STATS_INDICATOR_DEFINITIONS_H_
#define DTR_SERVICES_STATS_INDICATOR_DEFINITIONS_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/dated_versions.h"
#include "common/reloadable.h"
#include "services/stats/indicators.h"

namespace dtr::stats {

// The rates of dossiers, in the order of IndicatorSet.
inline constexpr int kDossierRateCount = 6;
inline constexpr const char* kDossierRates[kDossierRateCount] = {
    "online_submission", "full_process_online",    "digitization",
    "on_time",           "component_digitization", "result_reuse"};

// The dossiers a filter keeps, as cells of the counters and as SQL over a
// dossiers row.
struct DossierFilter {
  bool service_level[DossierCounts::kServiceLevels];
  bool channel[DossierCounts::kChannels];
  bool digitized[2];
  bool status[DossierCounts::kStatuses];
  // A recorded attribute (RecordedAttribute) the filter is on instead of
  // the fields above, and the values kept; -1: none.
  int recorded = -1;
  bool recorded_value[2] = {true, true};
  bool keeps_all = true;  // names no field
  std::string sql;        // "1 = 1" when it keeps everything

  DossierFilter();
  bool Keeps(int service_level, int channel, int digitized, int status) const;
};

struct RateDefinition {
  DossierFilter denominator;
  DossierFilter numerator;  // within the denominator
};

class IndicatorDefinitions {
 public:
  static absl::StatusOr<std::shared_ptr<const IndicatorDefinitions>> Parse(
      absl::string_view json);

  const RateDefinition& rate(int index) const { return rates_[index]; }
  // kDossierRates' index of `name`, or -1.
  static int RateIndex(absl::string_view name);
  // Identifies the content; cached answers carry it.
  uint64_t fingerprint() const { return fingerprint_; }

  // The indicator set of these counts.
  void Fill(const DossierCounts& dossiers, const PaymentCounts& payments,
            v1::IndicatorSet* out) const;

 private:
  IndicatorDefinitions() = default;

  std::array<RateDefinition, kDossierRateCount> rates_;
  uint64_t fingerprint_ = 0;
};

// Every version of the definitions, each in force over its days.
using IndicatorVersions = DatedVersions<IndicatorDefinitions>;
absl::StatusOr<std::shared_ptr<const IndicatorVersions>> ParseIndicatorVersions(
    absl::string_view json);
absl::StatusOr<std::shared_ptr<const IndicatorVersions>> LoadIndicatorVersions(
    const std::string& path);

// The definitions in use, reloaded on SIGHUP.
using IndicatorsHolder = Reloadable<IndicatorVersions>;

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_INDICATOR_DEFINITIONS_H_
