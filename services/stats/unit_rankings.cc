#include "services/stats/unit_rankings.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/field_checks.h"
#include "common/ratio.h"
#include "services/stats/indicator_query.h"

namespace dtr::stats {
namespace {

// a/b < c/d, exactly (denominators positive).
bool Below(const common::v1::Ratio& x, const common::v1::Ratio& y) {
  return static_cast<__int128>(x.numerator()) * y.denominator() <
         static_cast<__int128>(y.numerator()) * x.denominator();
}

bool Equal(const common::v1::Ratio& x, const common::v1::Ratio& y) {
  return static_cast<__int128>(x.numerator()) * y.denominator() ==
         static_cast<__int128>(y.numerator()) * x.denominator();
}

}  // namespace

absl::StatusOr<const common::v1::Ratio*> RateOf(const v1::IndicatorSet& set,
                                                const std::string& indicator,
                                                absl::string_view field) {
  if (indicator == "online_submission") return &set.online_submission();
  if (indicator == "full_process_online") return &set.full_process_online();
  if (indicator == "digitization") return &set.digitization();
  if (indicator == "on_time") return &set.on_time();
  return Invalid(field, absl::StrCat("'", indicator,
                                     "' is not a rate; expected "
                                     "online_submission, full_process_online, "
                                     "digitization or on_time"));
}

absl::StatusOr<v1::RankUnitsResponse> RankUnits(StatsStore& store,
                                                const UnitTree& units,
                                                const v1::RankUnitsRequest& r,
                                                DayRange range) {
  if (units.FindInRange(r.unit_code(), range) == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "unit_code: unit '", r.unit_code(), "' does not exist between ",
        FormatDay(range.first), " and ", FormatDay(range.last)));
  }
  if (units.LevelIndex(r.level()) < 0) {
    return Invalid("level", absl::StrCat("unknown level '", r.level(), "'"));
  }
  v1::IndicatorSet none;
  if (auto s = RateOf(none, r.indicator(), "indicator"); !s.ok()) {
    return s.status();
  }
  const int64_t minimum =
      r.min_denominator() > 0 ? r.min_denominator() : kDefaultMinDenominator;
  // Each unit of the level once, as the tree knows it in the range.
  std::set<std::string> codes;
  for (const SubtreeMember& m : units.Subtree(r.unit_code(), range)) {
    // Under the unit: a province is not ranked among its agencies.
    if (m.code == r.unit_code()) continue;
    const UnitVersion* v = units.FindInRange(m.code, m.days);
    if (v != nullptr && v->level == r.level()) codes.insert(m.code);
  }
  v1::RankUnitsResponse out;
  out.set_min_denominator(minimum);
  std::vector<v1::RankedUnit> ranked;
  for (const std::string& code : codes) {
    auto indicators = ComputeIndicators(store, units, code, range);
    if (!indicators.ok()) return indicators.status();
    v1::RankedUnit u;
    u.set_unit_code(code);
    u.set_unit_name(indicators->unit().name());
    *u.mutable_rate() = **RateOf(indicators->total(), r.indicator(), "");
    if (u.rate().denominator() < minimum) {
      *out.add_too_few() = std::move(u);
    } else {
      ranked.push_back(std::move(u));
    }
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const v1::RankedUnit& a, const v1::RankedUnit& b) {
              if (!Equal(a.rate(), b.rate())) return Below(b.rate(), a.rate());
              return a.unit_code() < b.unit_code();
            });
  for (size_t i = 0; i < ranked.size(); ++i) {
    const bool tied = i > 0 && Equal(ranked[i].rate(), ranked[i - 1].rate());
    ranked[i].set_rank(tied ? ranked[i - 1].rank() : static_cast<int>(i) + 1);
  }
  for (v1::RankedUnit& u : ranked) *out.add_units() = std::move(u);
  return out;
}

absl::StatusOr<v1::GetTrendResponse> Trend(
    StatsStore& store, const UnitTree& units, const std::string& unit,
    const std::string& indicator, absl::CivilMonth from, absl::CivilMonth to) {
  v1::IndicatorSet none;
  if (auto s = RateOf(none, indicator, "indicator"); !s.ok()) {
    return s.status();
  }
  const DayRange all{absl::CivilDay(from), absl::CivilDay(to + 1) - 1};
  if (units.FindInRange(unit, all) == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("unit_code: unit '", unit, "' does not exist between ",
                     FormatDay(all.first), " and ", FormatDay(all.last)));
  }
  v1::GetTrendResponse out;
  const v1::TrendMonth* before = nullptr;
  for (absl::CivilMonth m = from; m <= to; ++m) {
    v1::TrendMonth* month = out.add_months();
    month->set_month(absl::StrFormat("%04d-%02d", m.year(), m.month()));
    const DayRange days{absl::CivilDay(m), absl::CivilDay(m + 1) - 1};
    // A month the unit did not exist in counts nothing.
    if (units.FindInRange(unit, days) == nullptr) {
      FillRatio(0, 0, month->mutable_rate());
    } else {
      auto indicators = ComputeIndicators(store, units, unit, days);
      if (!indicators.ok()) return indicators.status();
      *month->mutable_rate() = **RateOf(indicators->total(), indicator, "");
    }
    if (before != nullptr && before->rate().has_ratio() &&
        month->rate().has_ratio()) {
      month->set_change(month->rate().ratio() - before->rate().ratio());
    }
    before = month;
  }
  return out;
}

}  // namespace dtr::stats
