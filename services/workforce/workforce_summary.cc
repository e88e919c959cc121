#include "services/workforce/workforce_summary.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/ratio.h"
#include "services/workforce/workforce_names.h"

namespace dtr::workforce {
namespace {

// Counts (all, in an IT field) by qualification, with shares of `of`.
void FillCounts(
    const std::map<v1::Qualification, std::pair<int64_t, int64_t>>& counts,
    int64_t of,
    google::protobuf::Map<std::string, v1::QualificationCount>* out) {
  for (v1::Qualification q : AllQualifications()) {
    auto found = counts.find(q);
    const auto [count, in_it] = found == counts.end()
                                    ? std::pair<int64_t, int64_t>{0, 0}
                                    : found->second;
    v1::QualificationCount& c = (*out)[std::string(QualificationName(q))];
    c.set_count(count);
    c.set_it(in_it);
    FillRatio(count, of, c.mutable_share());
  }
}

// Counts gathered before rates are filled in.
struct Tally {
  int64_t staff = 0, dedicated = 0, concurrent = 0, it = 0;
  int64_t eligible = 0;
  std::map<v1::Qualification, std::pair<int64_t, int64_t>> qualification;
  std::map<v1::Qualification, std::pair<int64_t, int64_t>> dedicated_by;
  int64_t courses = 0, other_trainees = 0;
  absl::flat_hash_set<std::string> trainees;

  void Fill(v1::WorkforceBlock* out) const {
    out->set_staff(staff);
    out->set_dedicated(dedicated);
    out->set_concurrent(concurrent);
    FillCounts(qualification, staff, out->mutable_qualification());
    FillCounts(dedicated_by, dedicated, out->mutable_dedicated_qualification());
    FillRatio(it, staff, out->mutable_it_field());
    FillRatio(eligible, dedicated, out->mutable_eligible());
    v1::TrainingCounts* t = out->mutable_training();
    t->set_courses(courses);
    t->set_registered_trainees(static_cast<int64_t>(trainees.size()));
    t->set_other_trainees(other_trainees);
    t->set_trainees(t->registered_trainees() + other_trainees);
  }
};

}  // namespace

absl::Status ForEachStaffCounted(
    const WorkforceRecords& records, const UnitTree& units,
    const AllowanceRules& rules, const std::string& root_code,
    absl::CivilDay end,
    absl::FunctionRef<void(const v1::Staff&, const std::string& level,
                           bool eligible)>
        counted) {
  if (units.Find(root_code, end) == nullptr) {
    return absl::NotFoundError(absl::StrCat("unit_code: unit '", root_code,
                                            "' does not exist on ",
                                            FormatDay(end)));
  }
  // Staff count by their unit's level on the last day.
  absl::flat_hash_map<std::string, std::string> level_on_end;
  for (const SubtreeMember& m : units.Subtree(root_code, DayRange{end, end})) {
    level_on_end[m.code] = units.Find(m.code, end)->level;
  }
  absl::flat_hash_map<std::string, std::vector<const v1::Absence*>> absences;
  for (const v1::Absence& a : records.absences) {
    absences[a.staff_id()].push_back(&a);
  }
  const absl::CivilMonth month(end);
  for (const v1::Staff& s : records.staff) {
    auto level = level_on_end.find(s.unit_code());
    if (level == level_on_end.end()) continue;
    auto start = ParseIsoDate(s.start_date());
    auto stop = ParseIsoDate(s.end_date());
    if (!start || *start > end || (stop && *stop < end)) continue;
    bool eligible = false;
    if (s.role() == v1::ROLE_DEDICATED) {
      std::vector<v1::Absence> own;
      auto found = absences.find(s.staff_id());
      if (found != absences.end()) {
        for (const v1::Absence* a : found->second) own.push_back(*a);
      }
      eligible = rules.Evaluate(s, own, month).eligible();
    }
    counted(s, level->second, eligible);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::GetWorkforceSummaryResponse> Summarize(
    const WorkforceRecords& records, const UnitTree& units,
    const AllowanceRules& rules, const std::string& root_code, DayRange range) {
  const absl::CivilDay end = range.last;
  const UnitVersion* root = units.Find(root_code, end);
  if (root == nullptr) {
    return absl::NotFoundError(absl::StrCat("unit_code: unit '", root_code,
                                            "' does not exist on ",
                                            FormatDay(end)));
  }
  const absl::CivilMonth month(end);
  const std::vector<SubtreeMember> on_end =
      units.Subtree(root_code, DayRange{end, end});
  // Courses count by their organiser's level on the course's first day.
  const std::vector<SubtreeMember> over_range = units.Subtree(root_code, range);
  std::map<std::string, Tally> by_level;
  Tally total;
  absl::Status staff = ForEachStaffCounted(
      records, units, rules, root_code, end,
      [&](const v1::Staff& s, const std::string& level, bool eligible) {
        for (Tally* t : {&by_level[level], &total}) {
          ++t->staff;
          t->dedicated += s.role() == v1::ROLE_DEDICATED;
          t->concurrent += s.role() == v1::ROLE_CONCURRENT;
          t->it += s.field() == v1::FIELD_IT;
          t->eligible += eligible;
          auto& q = t->qualification[s.qualification()];
          ++q.first;
          q.second += s.field() == v1::FIELD_IT;
          if (s.role() == v1::ROLE_DEDICATED) {
            auto& d = t->dedicated_by[s.qualification()];
            ++d.first;
            d.second += s.field() == v1::FIELD_IT;
          }
        }
      });
  if (!staff.ok()) return staff;

  absl::flat_hash_map<std::string, std::vector<const v1::Attendance*>>
      attendance;
  for (const v1::Attendance& a : records.attendance) {
    attendance[a.course_id()].push_back(&a);
  }
  for (const v1::Course& c : records.courses) {
    auto first = ParseIsoDate(c.start_date());
    auto last = ParseIsoDate(c.end_date());
    if (!first || !last || *first > range.last || *last < range.first) continue;
    // The organiser must belong to the subtree on the course's first day.
    const UnitVersion* organizer = nullptr;
    for (const SubtreeMember& m : over_range) {
      if (m.code == c.organizer_unit() && m.days.Contains(*first)) {
        organizer = units.Find(m.code, *first);
        break;
      }
    }
    if (organizer == nullptr) continue;
    for (Tally* t : {&by_level[organizer->level], &total}) {
      ++t->courses;
      t->other_trainees += c.other_trainees();
      auto who = attendance.find(c.course_id());
      if (who == attendance.end()) continue;
      for (const v1::Attendance* a : who->second)
        t->trainees.insert(a->staff_id());
    }
  }

  v1::GetWorkforceSummaryResponse response;
  response.mutable_unit()->set_code(root->code);
  response.mutable_unit()->set_name(root->name);
  response.mutable_unit()->set_level(root->level);
  response.mutable_range()->set_start_date(FormatDay(range.first));
  response.mutable_range()->set_end_date(FormatDay(range.last));
  response.set_eligibility_month(
      absl::StrFormat("%04d-%02d", month.year(), month.month()));
  total.Fill(response.mutable_total());
  for (const AllowanceRule& rule : rules.rules()) {
    if (!rule.InForceDuring(month)) continue;
    v1::RuleVerdict* r = response.add_allowance_rules();
    r->set_rule_id(rule.rule_id);
    r->set_title(rule.title);
    r->set_legal_basis(rule.legal_basis);
  }
  // The subtree's levels on the last day, and any other level a course's
  // organiser had, in tree order.
  std::vector<std::string> levels = units.LevelsOf(on_end);
  for (const auto& [level, tally] : by_level) {
    if (std::find(levels.begin(), levels.end(), level) == levels.end()) {
      levels.push_back(level);
    }
  }
  std::stable_sort(levels.begin(), levels.end(),
                   [&](const std::string& a, const std::string& b) {
                     return units.LevelIndex(a) < units.LevelIndex(b);
                   });
  for (const std::string& level : levels) {
    v1::LevelWorkforce* out = response.add_levels();
    out->set_level(level);
    by_level[level].Fill(out->mutable_workforce());
  }
  return response;
}

}  // namespace dtr::workforce
