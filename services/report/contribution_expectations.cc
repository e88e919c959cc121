#include "services/report/contribution_expectations.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/str_format.h"
#include "common/dates.h"
#include "services/report/narrative_sections.h"
#include "services/report/report_requests.h"

namespace dtr::report {
namespace {

void Count(const v1::ContributionRequest& r, const ContributionProgress* p,
           v1::ReportingRates* rates) {
  rates->set_expected(rates->expected() + 1);
  v1::ExpectedContribution e;
  e.set_unit_code(r.unit_code());
  e.set_section(r.section());
  e.set_unit_name(r.unit_name());
  e.set_level(r.level());
  e.set_deadline(r.deadline());
  if (p == nullptr || p->first_submitted_at.empty()) {
    *rates->add_missing() = std::move(e);
    return;
  }
  rates->set_submitted(rates->submitted() + 1);
  if (p->state == v1::CONTRIBUTION_STATE_ACCEPTED) {
    rates->set_accepted(rates->accepted() + 1);
  }
  e.set_submitted_at(p->first_submitted_at);
  const std::optional<absl::Time> submitted =
      ParseInstant(p->first_submitted_at);
  const std::optional<absl::CivilDay> deadline = ParseIsoDate(r.deadline());
  if (submitted && deadline && *submitted < DeadlineEnd(*deadline)) {
    rates->set_on_time(rates->on_time() + 1);
  } else {
    *rates->add_late() = std::move(e);
  }
}

}  // namespace

UnitOrder::UnitOrder(const UnitTree* tree, absl::CivilDay day)
    : tree_(tree), day_(day) {
  if (tree == nullptr) return;
  std::vector<const UnitVersion*> units = tree->ListOn(day, "", "");
  std::stable_sort(units.begin(), units.end(),
                   [tree](const UnitVersion* a, const UnitVersion* b) {
                     return tree->LevelIndex(a->level) <
                            tree->LevelIndex(b->level);
                   });
  for (size_t i = 0; i < units.size(); ++i) {
    rank_.emplace(units[i]->code, static_cast<int>(i));
  }
}

bool UnitOrder::Before(const std::string& a, const std::string& b) const {
  const auto ra = rank_.find(a), rb = rank_.find(b);
  const int na =
      ra == rank_.end() ? static_cast<int>(rank_.size()) : ra->second;
  const int nb =
      rb == rank_.end() ? static_cast<int>(rank_.size()) : rb->second;
  return std::tie(na, a) < std::tie(nb, b);
}

const UnitVersion* UnitOrder::Find(const std::string& code) const {
  return tree_ == nullptr ? nullptr : tree_->Find(code, day_);
}

std::string UnitOrder::Name(const std::string& code) const {
  const UnitVersion* v = Find(code);
  return v != nullptr ? v->name : code;
}

absl::Time DeadlineEnd(absl::CivilDay deadline) {
  return absl::FromCivil(absl::CivilSecond(deadline + 1), ReportTimeZone());
}

std::vector<v1::ContributionRequest> ExpectedContributions(
    absl::CivilMonth month, const std::vector<v1::ContributionRequest>& asked,
    const ContributionDefaultsVersion* defaults, const UnitTree* tree) {
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  const std::string period = FormatPeriod(month);
  // (unit, section) → request; an explicit one replaces a default.
  std::map<std::pair<std::string, std::string>, v1::ContributionRequest> all;
  if (defaults != nullptr && tree != nullptr) {
    const absl::CivilDay due = std::min(
        absl::CivilDay(month.year(), month.month(), defaults->deadline_day),
        last);
    for (const DefaultSectionRequest& s : defaults->sections) {
      for (const std::string& level : s.levels) {
        for (const UnitVersion* u : tree->ListOn(last, "", level)) {
          if (u->parent_code.empty()) continue;
          v1::ContributionRequest r;
          r.set_unit_code(u->code);
          r.set_period(period);
          r.set_section(s.section);
          r.set_deadline(FormatDay(due));
          r.set_by_default(true);
          all[{u->code, s.section}] = std::move(r);
        }
      }
    }
  }
  for (const v1::ContributionRequest& r : asked) {
    all[{r.unit_code(), r.section()}] = r;
  }
  const UnitOrder order(tree, last);
  std::vector<v1::ContributionRequest> out;
  out.reserve(all.size());
  for (auto& [key, r] : all) {
    if (const UnitVersion* u = order.Find(r.unit_code())) {
      r.set_unit_name(u->name);
      r.set_level(u->level);
    }
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(),
            [&order](const v1::ContributionRequest& a,
                     const v1::ContributionRequest& b) {
              if (a.unit_code() != b.unit_code()) {
                return order.Before(a.unit_code(), b.unit_code());
              }
              return NarrativeSectionIndex(a.section()) <
                     NarrativeSectionIndex(b.section());
            });
  return out;
}

v1::ContributionStatus ReportingStatus(
    const std::string& period,
    const std::vector<v1::ContributionRequest>& expected,
    const std::vector<ContributionProgress>& progress, const UnitTree* tree,
    absl::Time now) {
  std::map<std::pair<std::string, std::string>, const ContributionProgress*>
      by_key;
  for (const ContributionProgress& p : progress) {
    by_key[{p.unit_code, p.section}] = &p;
  }
  v1::ContributionStatus status;
  status.set_period(period);
  status.set_as_of(FormatInstant(now));
  // By the report's order; a section it no longer has, by name, last.
  std::map<std::pair<int, std::string>, v1::ReportingRates> sections;
  std::map<std::pair<int, std::string>, v1::ReportingRates> levels;
  for (const v1::ContributionRequest& r : expected) {
    auto found = by_key.find({r.unit_code(), r.section()});
    const ContributionProgress* p =
        found == by_key.end() ? nullptr : found->second;
    Count(r, p, status.mutable_total());
    const int index = NarrativeSectionIndex(r.section());
    Count(r, p, &sections[{index < 0 ? 1 << 20 : index, r.section()}]);
    const int level_rank = tree == nullptr || r.level().empty()
                               ? 1 << 20
                               : tree->LevelIndex(r.level());
    Count(r, p, &levels[{level_rank, r.level()}]);
  }
  for (auto& [key, rates] : sections) {
    v1::SectionRates* s = status.add_sections();
    s->set_section(key.second);
    *s->mutable_rates() = std::move(rates);
  }
  for (auto& [key, rates] : levels) {
    v1::LevelRates* l = status.add_levels();
    l->set_level(key.second);
    *l->mutable_rates() = std::move(rates);
  }
  return status;
}

}  // namespace dtr::report
