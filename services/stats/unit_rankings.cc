#include "services/stats/unit_rankings.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/ratio.h"
#include "common/store_retry.h"
#include "services/stats/dossier_list.h"
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
  if (indicator == "component_digitization") {
    return &set.component_digitization();
  }
  if (indicator == "result_reuse") return &set.result_reuse();
  return Invalid(field,
                 absl::StrCat("'", indicator, "' is not a rate; expected ",
                              kDossierRateNames));
}

absl::StatusOr<std::vector<UnitFigures>> FiguresOfLevel(
    StatsStore& store, const UnitTree& units,
    const IndicatorDefinitions& definitions, const std::string& root,
    const std::string& level, DayRange range) {
  // Each unit of the level once, as the tree knows it in the range.
  std::set<std::string> codes;
  for (const SubtreeMember& m : units.Subtree(root, range)) {
    // Under the unit: a province is not ranked among its agencies.
    if (m.code == root) continue;
    const UnitVersion* v = units.FindInRange(m.code, m.days);
    if (v != nullptr && v->level == level) codes.insert(m.code);
  }
  // Every unit's subtree read at once (the communes of the country are one
  // read of their cubes, not a query each), each member's counts added to
  // its unit's.
  std::vector<UnitFigures> out;
  std::vector<SubtreeMember> members;
  std::vector<size_t> owner;  // the unit of each member
  const std::vector<std::string> ranked(codes.begin(), codes.end());
  std::vector<std::vector<SubtreeMember>> subtrees =
      units.Subtrees(ranked, range);
  for (size_t k = 0; k < ranked.size(); ++k) {
    for (SubtreeMember& m : subtrees[k]) {
      members.push_back(std::move(m));
      owner.push_back(k);
    }
    out.push_back({ranked[k], units.FindInRange(ranked[k], range)->name, {}});
  }
  std::vector<DossierCounts> counts;
  absl::Status read = RetryTransient([&] {
    counts.assign(out.size(), DossierCounts());
    return store.ReadMemberCounts(
        members, [&](size_t member, int64_t, absl::string_view) {
          return &counts[owner[member]];
        });
  });
  if (!read.ok()) return read;
  for (size_t k = 0; k < out.size(); ++k) {
    definitions.Fill(counts[k], PaymentCounts(), &out[k].indicators);
  }
  return out;
}

absl::StatusOr<v1::RankUnitsResponse> RankUnits(
    StatsStore& store, const UnitTree& units,
    const IndicatorDefinitions& definitions, const v1::RankUnitsRequest& r,
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
  auto figures = FiguresOfLevel(store, units, definitions, r.unit_code(),
                                r.level(), range);
  if (!figures.ok()) return figures.status();
  v1::RankUnitsResponse out;
  out.set_min_denominator(minimum);
  std::vector<v1::RankedUnit> ranked;
  for (const UnitFigures& f : *figures) {
    v1::RankedUnit u;
    u.set_unit_code(f.code);
    u.set_unit_name(f.name);
    *u.mutable_rate() = **RateOf(f.indicators, r.indicator(), "");
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
    StatsStore& store, const UnitTree& units, const IndicatorVersions& rules,
    const std::string& unit, const std::string& indicator,
    absl::CivilMonth from, absl::CivilMonth to) {
  v1::IndicatorSet none;
  if (auto s = RateOf(none, indicator, "indicator"); !s.ok()) {
    return s.status();
  }
  const DayRange all{absl::CivilDay(from), absl::CivilDay(to + 1) - 1};
  std::vector<const IndicatorDefinitions*> definitions;
  for (absl::CivilMonth m = from; m <= to; ++m) {
    auto in_force = rules.InForce(absl::CivilDay(m + 1) - 1);
    if (!in_force.ok()) return in_force.status();
    definitions.push_back((*in_force)->value.get());
  }
  if (units.FindInRange(unit, all) == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("unit_code: unit '", unit, "' does not exist between ",
                     FormatDay(all.first), " and ", FormatDay(all.last)));
  }
  // Every month of the subtree in one read; a month the unit did not exist
  // in has no member's days, and counts nothing.
  const std::vector<SubtreeMember> members = units.Subtree(unit, all);
  const StatsStore::WholeSubtree whole{&units, unit, all};
  const int64_t first_month = MonthNumber(absl::CivilDay(from));
  const int months = static_cast<int>(to - from) + 1;
  std::vector<DossierCounts> counts;
  absl::Status read = RetryTransient([&] {
    counts.assign(static_cast<size_t>(months), DossierCounts());
    return store.ReadMemberCounts(
        members,
        [&](size_t, int64_t month, absl::string_view) {
          // yyyymm to the month's place from `from`.
          const int64_t index = (month / 100 - first_month / 100) * 12 +
                                (month % 100 - first_month % 100);
          return &counts[static_cast<size_t>(index)];
        },
        &whole);
  });
  if (!read.ok()) return read;
  v1::GetTrendResponse out;
  const v1::TrendMonth* before = nullptr;
  for (int i = 0; i < months; ++i) {
    const absl::CivilMonth m = from + i;
    v1::TrendMonth* month = out.add_months();
    month->set_month(absl::StrFormat("%04d-%02d", m.year(), m.month()));
    v1::IndicatorSet set;
    definitions[static_cast<size_t>(i)]->Fill(counts[static_cast<size_t>(i)],
                                              PaymentCounts(), &set);
    *month->mutable_rate() = **RateOf(set, indicator, "");
    if (before != nullptr && before->rate().has_ratio() &&
        month->rate().has_ratio()) {
      month->set_change(month->rate().ratio() - before->rate().ratio());
    }
    before = month;
  }
  return out;
}

}  // namespace dtr::stats
