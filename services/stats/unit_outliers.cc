#include "services/stats/unit_outliers.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/dates.h"

namespace dtr::stats {
namespace {

// Beyond any threshold: the history never moved and this month did.
constexpr double kUnbounded = 1e9;
// The least change from the median that is listed: ten dossiers (and a
// fifth of the median), five percentage points.
constexpr double kMinCountChange = 10;
constexpr double kMinRateChange = 0.05;

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The month's figure of a unit's subtree: received, or a ratio (none
// without a denominator).
std::optional<double> Metric(const IndicatorDefinitions& definitions,
                             const std::string& metric,
                             const DossierCounts& counts) {
  if (metric == "dossiers_received") {
    return static_cast<double>(counts.Total());
  }
  v1::IndicatorSet set;
  definitions.Fill(counts, PaymentCounts(), &set);
  const common::v1::Ratio& r =
      metric == "online_submission" ? set.online_submission() : set.on_time();
  if (!r.has_ratio()) return std::nullopt;
  return r.ratio();
}

}  // namespace

v1::ListOutliersResponse FindOutliers(
    const UnitTree& units, const IndicatorDefinitions& definitions,
    const std::string& root, absl::CivilMonth month,
    const std::map<std::pair<std::string, int64_t>, DossierCounts>& counts,
    double threshold) {
  v1::ListOutliersResponse out;
  out.set_threshold(threshold);
  // Each month's counts summed into every unit above the one counted,
  // the tree as it stood at the month's end.
  std::vector<absl::CivilMonth> months;
  for (int i = kOutlierHistoryMonths; i >= 0; --i) months.push_back(month - i);
  std::vector<absl::flat_hash_map<std::string, DossierCounts>> subtree(
      months.size());
  for (size_t m = 0; m < months.size(); ++m) {
    const absl::CivilDay last = absl::CivilDay(months[m] + 1) - 1;
    const int64_t key = MonthNumber(last);
    for (auto it = counts.lower_bound({"", 0}); it != counts.end(); ++it) {
      if (it->first.second != key) continue;
      const UnitVersion* v = units.Find(it->first.first, last);
      for (int depth = 0; v != nullptr && depth < 64; ++depth) {
        subtree[m][v->code].Merge(it->second);
        if (v->parent_code.empty()) break;
        v = units.Find(v->parent_code, last);
      }
    }
  }
  const absl::CivilDay month_end = absl::CivilDay(month + 1) - 1;
  for (const UnitVersion* unit : units.ListOn(month_end, root, "")) {
    if (unit->code == root) continue;
    for (const char* metric :
         {"dossiers_received", "online_submission", "on_time"}) {
      // A month the unit existed in with no record received none (the
      // store keeps no counters of an empty month): a feed that stopped
      // shows in the history too. A rate has no value without records.
      std::vector<double> history;
      for (size_t m = 0; m + 1 < months.size(); ++m) {
        auto found = subtree[m].find(unit->code);
        if (found == subtree[m].end()) {
          const absl::CivilDay last = absl::CivilDay(months[m] + 1) - 1;
          if (std::string(metric) == "dossiers_received" &&
              units.Find(unit->code, last) != nullptr) {
            history.push_back(0);
          }
          continue;
        }
        if (std::optional<double> x =
                Metric(definitions, metric, found->second)) {
          history.push_back(*x);
        }
      }
      if (static_cast<int>(history.size()) < kOutlierMinHistory) continue;
      auto now = subtree.back().find(unit->code);
      const std::optional<double> value =
          now == subtree.back().end()
              ? (std::string(metric) == "dossiers_received"
                     ? std::optional<double>(0)
                     : std::nullopt)
              : Metric(definitions, metric, now->second);
      if (!value) continue;
      const double median = Median(history);
      std::vector<double> deviations;
      for (double x : history) deviations.push_back(std::fabs(x - median));
      const double mad = Median(deviations);
      double mean_deviation = 0;
      for (double d : deviations) mean_deviation += d / deviations.size();
      double score = 0;
      if (mad > 0) {
        score = 0.6745 * (*value - median) / mad;
      } else if (mean_deviation > 0) {
        // More than half the months alike: the mean deviation instead.
        score = (*value - median) / (1.253314 * mean_deviation);
      } else if (*value != median) {
        score = *value > median ? kUnbounded : -kUnbounded;
      }
      if (std::fabs(score) <= threshold) continue;
      // A change too small to matter is no broken feed, however steady
      // the history (a commune always on time, late once).
      const bool count = std::string(metric) == "dossiers_received";
      if (std::fabs(*value - median) <
          (count ? std::max(kMinCountChange, 0.2 * median) : kMinRateChange)) {
        continue;
      }
      v1::Outlier* o = out.add_outliers();
      o->set_unit_code(unit->code);
      o->set_unit_name(unit->name);
      o->set_level(unit->level);
      o->set_metric(metric);
      o->set_value(*value);
      o->set_median(median);
      o->set_score(score);
      o->set_history_months(static_cast<int>(history.size()));
    }
  }
  std::stable_sort(out.mutable_outliers()->begin(),
                   out.mutable_outliers()->end(),
                   [](const v1::Outlier& a, const v1::Outlier& b) {
                     return std::fabs(a.score()) > std::fabs(b.score());
                   });
  return out;
}

}  // namespace dtr::stats
