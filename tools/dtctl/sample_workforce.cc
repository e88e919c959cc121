#include "tools/dtctl/sample_workforce.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/dates.h"
#include "services/workforce/national_id.h"
#include "services/workforce/record_csv.h"
#include "tools/dtctl/apportion.h"
#include "tools/dtctl/csv_writer.h"
#include "tools/dtctl/sample_random.h"

namespace dtr::dtctl {
namespace {

// What the generator intends for a staff member's absences.
enum class AbsencePlan {
  kNone,
  kCoversLastMonth,  // long enough to exclude the last month
  kShortInLastMonth,
  kEarlierInPeriod,
};

struct Person {
  const SampleUnit* unit = nullptr;
  std::string position;
  bool dedicated = true;
  bool field_it = true;
  std::string qualification;
  absl::CivilDay start;
  std::optional<absl::CivilDay> end;
  bool female = false;
  AbsencePlan absence = AbsencePlan::kNone;
  std::string id, name, national_id;
};

struct Course {
  const SampleUnit* organizer = nullptr;
  absl::CivilDay start, end;
  size_t topic = 0;
  int64_t others = 0;
  std::vector<size_t> attendees;  // indexes into the staff
  bool in_period = true;
  std::string id;
};

struct Topic {
  const char* code;
  const char* title;
};
const Topic kTopics[] = {
    {"digital_skills", "Bồi dưỡng kỹ năng số cho cán bộ, công chức"},
    {"information_security", "Tập huấn bảo đảm an toàn thông tin mạng"},
    {"online_public_services",
     "Hướng dẫn cung cấp dịch vụ công trực tuyến toàn trình"},
    {"digital_signature", "Tập huấn sử dụng chữ ký số"},
    {"population_data", "Khai thác, sử dụng dữ liệu dân cư phục vụ Đề án 06"},
    {"community_digital_teams", "Tập huấn Tổ công nghệ số cộng đồng"},
};

// Synthetic names, put together at random: common parts, no one's name
// in particular.
const char* const kFamilyNames[] = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ",   "Đặng",
    "Bùi",    "Đỗ",   "Hồ", "Ngô",  "Dương", "Lý",   "Đinh", "Thái"};
const double kFamilyWeights[] = {30, 12, 10, 8, 6, 6, 6, 4,
                                 4,  3,  4,  2, 2, 1, 2, 2};
const char* const kMaleMiddle[] = {"Văn",   "Đức",  "Minh", "Hữu",
                                   "Quang", "Xuân", "Công", "Trọng"};
const char* const kFemaleMiddle[] = {"Thị",  "Thị",   "Thị",  "Thu",
                                     "Ngọc", "Thanh", "Minh", "Hồng"};
const char* const kMaleGiven[] = {"An",    "Bình",  "Cường", "Dũng", "Đạt",
                                  "Hải",   "Hiếu",  "Hoàng", "Hùng", "Khánh",
                                  "Long",  "Nam",   "Phong", "Quân", "Sơn",
                                  "Thắng", "Trung", "Tuấn",  "Việt", "Vinh"};
const char* const kFemaleGiven[] = {"Anh",  "Chi",   "Giang",  "Hà",    "Hạnh",
                                    "Hoa",  "Hương", "Lan",    "Linh",  "Mai",
                                    "Nga",  "Nhung", "Phương", "Quỳnh", "Tâm",
                                    "Thảo", "Trang", "Vân",    "Yến",   "Thủy"};

// The generator's own numbers, where the fixture says nothing.
constexpr int64_t kOfficersOnLongLeave = 2;    // province and district
constexpr int64_t kOfficersInOtherFields = 4;  // province and district
constexpr int64_t kCommuneOfficersOnLongLeave = 4;
constexpr int64_t kSecurityOfficers = 2;  // at the IT department
constexpr int kOtherFieldEvery = 15;      // of the IT centre's staff
constexpr int64_t kShortAbsences = 6;
constexpr int64_t kEarlierAbsences = 3;
constexpr int kCourseOfTheYearBefore = 2;
// Shares of the IT degrees held at province and district level.
constexpr double kUpperShareOfMasters = 0.8;
constexpr double kUpperShareOfBachelors = 0.83;

absl::CivilDay DayIn(Random& rng, absl::CivilDay first, absl::CivilDay last) {
  if (last < first) return first;
  return first + rng.Between(0, last - first);
}

template <size_t N>
const char* Pick(Random& rng, const char* const (&words)[N]) {
  return words[rng.Below(N)];
}

const SampleUnit* FindByWord(const std::vector<const SampleUnit*>& units,
                             const char* word) {
  for (const SampleUnit* u : units) {
    if (absl::StrContains(u->name, word)) return u;
  }
  return units.front();
}

std::string OtherFieldQualification(Random& rng) {
  const double r = rng.Unit();
  return r < 0.08 ? "master" : r < 0.88 ? "bachelor" : "college";
}

// A staff member's name and national id, unique across the sample.
void GiveIdentity(Random& rng, const WeightedPicker& families,
                  absl::flat_hash_set<std::string>& national_ids, Person& p) {
  p.name = absl::StrCat(
      kFamilyNames[families.Pick(rng)], " ",
      p.female ? Pick(rng, kFemaleMiddle) : Pick(rng, kMaleMiddle), " ",
      p.female ? Pick(rng, kFemaleGiven) : Pick(rng, kMaleGiven));
  const int64_t birth_year =
      std::min<int64_t>(p.start.year() - rng.Between(22, 34), 2003);
  // Century and sex: 0/1 for men/women born in the 1900s, 2/3 after.
  const int century_sex = (birth_year >= 2000 ? 2 : 0) + (p.female ? 1 : 0);
  do {
    p.national_id =
        absl::StrFormat("%s%d%02d%06d", workforce::kSyntheticProvinceCode,
                        century_sex, birth_year % 100, rng.Below(1'000'000));
  } while (!national_ids.insert(p.national_id).second);
}

absl::Status WriteFile(const std::string& path,
                       const std::vector<std::string>& header,
                       const std::vector<std::string>& lines) {
  CsvWriter out;
  if (absl::Status s = out.Open(path); !s.ok()) return s;
  out.Line(absl::StrJoin(header, ","));
  for (const std::string& line : lines) out.Line(line);
  return out.Close();
}

}  // namespace

absl::StatusOr<std::vector<WrittenFile>> WriteWorkforceSample(
    const FixtureTargets& t, const std::vector<SampleUnit>& units,
    const std::string& dir) {
  Random rng(93'2014);  // its own seed: the other files stay as they are
  const WeightedPicker families(std::vector<double>(std::begin(kFamilyWeights),
                                                    std::end(kFamilyWeights)));
  std::vector<const SampleUnit*> agencies, districts, communes;
  absl::flat_hash_map<std::string, size_t> tree_order;
  for (const SampleUnit& u : units) {
    const size_t position = tree_order.size();
    tree_order[u.code] = position;
    if (u.root) continue;
    (u.level == 0   ? agencies
     : u.level == 1 ? districts
                    : communes)
        .push_back(&u);
  }
  if (agencies.empty() && t.dedicated_province_district > 0) {
    return absl::InvalidArgumentError("sample: no provincial agency");
  }
  if (communes.empty() && t.dedicated_commune > 0) {
    return absl::InvalidArgumentError("sample: no commune");
  }
  const SampleUnit* it_department =
      agencies.empty() ? nullptr
                       : FindByWord(agencies, "Thông tin và Truyền thông");
  const absl::CivilMonth last_month(t.period_to);
  const absl::CivilDay last_month_first(last_month);
  const absl::CivilDay earliest_hire(2008, 1, 1);

  std::vector<Person> staff;
  auto hire = [&](const SampleUnit* unit, const char* position,
                  bool dedicated) -> Person& {
    Person p;
    p.unit = unit;
    p.position = position;
    p.dedicated = dedicated;
    p.female = rng.Unit() < 0.45;
    p.start = DayIn(rng, earliest_hire, t.period_from - 30);
    staff.push_back(p);
    return staff.back();
  };

  // Province and district level: an eligible IT officer in each district,
  // then in the agencies (two information-security officers at the IT
  // department among them); officers on a long leave or qualified in
  // another field; the rest, staff of the IT centre.
  size_t next_agency = 0;
  auto agency_officer = [&]() -> Person& {
    return hire(agencies[next_agency++ % agencies.size()], "it_officer", true);
  };
  int64_t upper_eligible_left = t.eligible_province_district;
  for (const SampleUnit* d : districts) {
    if (upper_eligible_left == 0) break;
    hire(d, "it_officer", true);
    --upper_eligible_left;
  }
  for (int64_t i = 0;
       upper_eligible_left > kSecurityOfficers + 1 && i < kSecurityOfficers;
       ++i, --upper_eligible_left) {
    hire(it_department, "security_officer", true);
  }
  for (; upper_eligible_left > 0; --upper_eligible_left) agency_officer();
  int64_t upper_ineligible =
      t.dedicated_province_district - t.eligible_province_district;
  const int64_t on_leave = std::min(kOfficersOnLongLeave, upper_ineligible);
  upper_ineligible -= on_leave;
  const int64_t other_field =
      std::min(kOfficersInOtherFields, upper_ineligible);
  upper_ineligible -= other_field;
  for (int64_t i = 0; i < on_leave; ++i) {
    agency_officer().absence = AbsencePlan::kCoversLastMonth;
  }
  for (int64_t i = 0; i < other_field; ++i) agency_officer().field_it = false;
  for (int64_t i = 0; i < upper_ineligible; ++i) {
    hire(it_department, "it_center_staff", true).field_it =
        (i + 1) % kOtherFieldEvery != 0;
  }

  // Commune level: one IT officer per commune while they last, the
  // ineligible ones at random among them.
  const int64_t commune_ineligible = t.dedicated_commune - t.eligible_commune;
  const int64_t commune_on_leave =
      std::min(kCommuneOfficersOnLongLeave, commune_ineligible);
  std::vector<int> commune_kind(t.dedicated_commune, 0);  // 0 eligible
  std::fill(commune_kind.begin(), commune_kind.begin() + commune_on_leave, 1);
  std::fill(commune_kind.begin() + commune_on_leave,
            commune_kind.begin() + commune_ineligible, 2);  // other field
  rng.Shuffle(commune_kind);
  for (int64_t i = 0; i < t.dedicated_commune; ++i) {
    Person& p = hire(communes[i % communes.size()], "commune_it_officer", true);
    if (commune_kind[i] == 1) p.absence = AbsencePlan::kCoversLastMonth;
    if (commune_kind[i] == 2) p.field_it = false;
  }
  const size_t dedicated_count = staff.size();

  // Qualifications of the dedicated IT-field staff: the fixture's IT
  // master's and bachelor's degrees, mostly at province and district level,
  // college or intermediate ones for the rest.
  {
    std::vector<size_t> upper_it, commune_it;
    for (size_t i = 0; i < dedicated_count; ++i) {
      if (!staff[i].field_it) {
        staff[i].qualification = OtherFieldQualification(rng);
        continue;
      }
      (staff[i].unit->level < 2 ? upper_it : commune_it).push_back(i);
    }
    rng.Shuffle(upper_it);
    rng.Shuffle(commune_it);
    const int64_t upper_masters = std::min<int64_t>(
        std::llround(t.master_it * kUpperShareOfMasters), upper_it.size());
    const int64_t upper_bachelors =
        std::min<int64_t>(std::llround(t.bachelor_it * kUpperShareOfBachelors),
                          upper_it.size() - upper_masters);
    const int64_t commune_masters = t.master_it - upper_masters;
    const int64_t commune_bachelors = t.bachelor_it - upper_bachelors;
    if (commune_masters + commune_bachelors >
        static_cast<int64_t>(commune_it.size())) {
      return absl::InvalidArgumentError(
          "fixture: workforce.qualifications count more IT degrees than "
          "dedicated staff in an IT field");
    }
    for (size_t k = 0; k < upper_it.size(); ++k) {
      const int64_t i = static_cast<int64_t>(k);
      staff[upper_it[k]].qualification = i < upper_masters ? "master"
                                         : i < upper_masters + upper_bachelors
                                             ? "bachelor"
                                             : "college";
    }
    for (size_t k = 0; k < commune_it.size(); ++k) {
      const int64_t i = static_cast<int64_t>(k);
      staff[commune_it[k]].qualification =
          i < commune_masters                       ? "master"
          : i < commune_masters + commune_bachelors ? "bachelor"
          : rng.Unit() < 0.55                       ? "college"
                                                    : "other";
    }
  }

  // Absences that exclude nothing: short ones in the last month, long ones
  // earlier, for eligible staff.
  {
    std::vector<size_t> eligible;
    for (size_t i = 0; i < dedicated_count; ++i) {
      const Person& p = staff[i];
      if (p.field_it && p.absence == AbsencePlan::kNone &&
          p.position != "it_center_staff") {
        eligible.push_back(i);
      }
    }
    rng.Shuffle(eligible);
    const bool earlier_fits = last_month_first - t.period_from > 120;
    for (size_t i = 0; i < eligible.size(); ++i) {
      const int64_t k = static_cast<int64_t>(i);
      if (k < kShortAbsences) {
        staff[eligible[i]].absence = AbsencePlan::kShortInLastMonth;
      } else if (earlier_fits && k < kShortAbsences + kEarlierAbsences) {
        staff[eligible[i]].absence = AbsencePlan::kEarlierInPeriod;
      }
    }
  }

  // Officers replaced during the period: the one who left is on record
  // with the last day of service.
  if (t.period_to - t.period_from > 150) {
    std::vector<size_t> replaced;
    for (size_t i = 0; i < dedicated_count && replaced.size() < 3; ++i) {
      const bool upper = staff[i].unit->level < 2;
      if (staff[i].absence == AbsencePlan::kNone &&
          (replaced.empty() ? upper : !upper) && rng.Unit() < 0.2) {
        replaced.push_back(i);
      }
    }
    for (size_t i : replaced) {
      const absl::CivilDay last_day =
          DayIn(rng, t.period_from + 30, t.period_to - 60);
      Person before = staff[i];
      before.female = rng.Unit() < 0.45;
      before.start = DayIn(rng, earliest_hire, t.period_from - 400);
      before.end = last_day;
      before.qualification = rng.Unit() < 0.5 ? "bachelor" : "master";
      before.field_it = true;
      staff[i].start = last_day + 1;
      staff.push_back(before);
    }
  }

  // Concurrent staff: in every other agency, two in each district, one in
  // every tenth commune.
  for (size_t i = 1; i < agencies.size(); i += 2) {
    hire(agencies[i], "concurrent_it", false);
  }
  for (const SampleUnit* d : districts) {
    hire(d, "concurrent_it", false);
    hire(d, "concurrent_it", false);
  }
  for (size_t i = 0; i < communes.size(); i += 10) {
    hire(communes[i], "concurrent_it", false);
  }
  for (size_t i = dedicated_count; i < staff.size(); ++i) {
    Person& p = staff[i];
    if (p.dedicated) continue;  // a replaced officer
    p.field_it = rng.Unit() < 0.15;
    p.qualification = p.field_it ? (rng.Unit() < 0.5 ? "college" : "other")
                                 : OtherFieldQualification(rng);
  }

  // Identities and ids, in tree order and by start.
  absl::flat_hash_set<std::string> national_ids;
  for (Person& p : staff) GiveIdentity(rng, families, national_ids, p);
  std::vector<size_t> order(staff.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const size_t ua = tree_order.at(staff[a].unit->code);
    const size_t ub = tree_order.at(staff[b].unit->code);
    return ua != ub ? ua < ub : staff[a].start < staff[b].start;
  });
  for (size_t k = 0; k < order.size(); ++k) {
    staff[order[k]].id = absl::StrFormat("NS-%06d", k + 1);
  }

  // Courses: the fixture's count within the period, organised by the IT
  // department, other agencies and the districts; and a few of the year
  // before, which the period's figures must leave out.
  std::vector<Course> courses;
  const auto organizer = [&]() -> const SampleUnit* {
    const double r = rng.Unit();
    if (r < 0.45 || (agencies.size() < 2 && districts.empty())) {
      return it_department;
    }
    if (r < 0.6 || districts.empty()) {
      return agencies[rng.Below(agencies.size())];
    }
    return districts[rng.Below(districts.size())];
  };
  if (t.training_courses > 0 && it_department == nullptr) {
    return absl::InvalidArgumentError("sample: no agency organises courses");
  }
  for (int64_t i = 0; i < t.training_courses; ++i) {
    Course c;
    c.organizer = organizer();
    c.start = DayIn(rng, t.period_from + 7, t.period_to - 3);
    c.end = std::min(c.start + rng.Between(0, 2), t.period_to);
    c.topic = rng.Below(std::size(kTopics));
    courses.push_back(c);
  }
  if (it_department != nullptr) {
    for (int i = 0; i < kCourseOfTheYearBefore; ++i) {
      Course c;
      c.organizer = it_department;
      c.start = DayIn(rng, t.period_from - 60, t.period_from - 10);
      c.end = c.start + 1;
      c.topic = rng.Below(std::size(kTopics));
      c.in_period = false;
      c.others = rng.Between(30, 80);
      courses.push_back(c);
    }
  }
  std::stable_sort(
      courses.begin(), courses.end(),
      [](const Course& a, const Course& b) { return a.start < b.start; });
  {
    absl::flat_hash_map<int64_t, int> per_year;
    for (Course& c : courses) {
      c.id = absl::StrFormat("KH-%d-%03d", c.start.year(),
                             ++per_year[c.start.year()]);
    }
  }
  // Attendance: staff in service on the course's first day, of the
  // organising district when a district organises it. Distinct registered
  // trainees of the period stay within half the fixture's trainees; the
  // rest are head-counted others.
  {
    const int64_t distinct_cap = t.trainees / 2;
    absl::flat_hash_set<size_t> distinct;
    for (Course& c : courses) {
      std::vector<size_t> pool;
      for (size_t i = 0; i < staff.size(); ++i) {
        const Person& p = staff[i];
        if (p.start > c.start || (p.end && *p.end < c.start)) continue;
        if (c.organizer->level == 1 && p.unit != c.organizer &&
            p.unit->parent_code != c.organizer->code) {
          continue;
        }
        pool.push_back(i);
      }
      rng.Shuffle(pool);
      const size_t wanted = static_cast<size_t>(rng.Between(8, 30));
      for (size_t i : pool) {
        if (c.attendees.size() == wanted) break;
        if (c.in_period && !distinct.contains(i)) {
          if (static_cast<int64_t>(distinct.size()) >= distinct_cap) continue;
          distinct.insert(i);
        }
        c.attendees.push_back(i);
      }
      std::sort(c.attendees.begin(), c.attendees.end(),
                [&](size_t a, size_t b) { return staff[a].id < staff[b].id; });
    }
    std::vector<double> shares;
    for (const Course& c : courses) {
      if (c.in_period) shares.push_back(0.3 + 1.4 * rng.Unit());
    }
    const std::vector<int64_t> others =
        Apportion(t.trainees - static_cast<int64_t>(distinct.size()), shares);
    size_t k = 0;
    for (Course& c : courses) {
      if (c.in_period) c.others = others[k++];
    }
  }

  // Absences as planned.
  struct AbsenceRow {
    std::string staff_id;
    const char* kind;
    absl::CivilDay start, end;
  };
  std::vector<AbsenceRow> absences;
  for (const Person& p : staff) {
    switch (p.absence) {
      case AbsencePlan::kNone:
        break;
      case AbsencePlan::kCoversLastMonth: {
        // Six months of maternity leave, or a long sick or study leave
        // running through the month.
        const absl::CivilDay start = last_month_first - rng.Between(0, 75);
        if (p.female) {
          absences.push_back({p.id, "maternity_leave", start, start + 182});
        } else {
          absences.push_back({p.id,
                              rng.Unit() < 0.5 ? "sick_leave" : "study_leave",
                              start, last_month_first + rng.Between(29, 120)});
        }
        break;
      }
      case AbsencePlan::kShortInLastMonth: {
        const absl::CivilDay start = last_month_first + rng.Between(0, 14);
        absences.push_back(
            {p.id, "sick_leave", start, start + rng.Between(2, 13)});
        break;
      }
      case AbsencePlan::kEarlierInPeriod: {
        const absl::CivilDay end = last_month_first - rng.Between(20, 90);
        absences.push_back({p.id, rng.Unit() < 0.5 ? "sick_leave" : "other",
                            end - rng.Between(34, 59), end});
        break;
      }
    }
  }
  std::sort(absences.begin(), absences.end(),
            [](const AbsenceRow& a, const AbsenceRow& b) {
              return a.start != b.start ? a.start < b.start
                                        : a.staff_id < b.staff_id;
            });

  std::vector<WrittenFile> written;
  {
    std::vector<std::string> lines;
    for (size_t i : order) {
      const Person& p = staff[i];
      lines.push_back(absl::StrCat(
          p.id, ",", CsvField(p.name), ",", p.national_id, ",", p.unit->code,
          ",", p.position, ",", p.dedicated ? "dedicated" : "concurrent", ",",
          p.qualification, ",", p.field_it ? "it" : "other", ",",
          FormatDay(p.start), ",", p.end ? FormatDay(*p.end) : ""));
    }
    const std::string path = dir + "/staff.csv";
    if (absl::Status s = WriteFile(path, workforce::StaffCsvHeader(), lines);
        !s.ok()) {
      return s;
    }
    written.push_back({path, static_cast<int64_t>(lines.size()), "staff"});
  }
  {
    std::vector<std::string> lines;
    absl::flat_hash_map<int64_t, int> per_year;
    for (const AbsenceRow& a : absences) {
      lines.push_back(absl::StrCat(absl::StrFormat("AB-%d-%04d", a.start.year(),
                                                   ++per_year[a.start.year()]),
                                   ",", a.staff_id, ",", a.kind, ",",
                                   FormatDay(a.start), ",", FormatDay(a.end)));
    }
    const std::string path = dir + "/absences.csv";
    if (absl::Status s = WriteFile(path, workforce::AbsenceCsvHeader(), lines);
        !s.ok()) {
      return s;
    }
    written.push_back({path, static_cast<int64_t>(lines.size()), "absences"});
  }
  {
    std::vector<std::string> lines;
    for (const Course& c : courses) {
      lines.push_back(absl::StrCat(
          c.id, ",",
          CsvField(absl::StrCat(kTopics[c.topic].title, " (", c.organizer->name,
                                ")")),
          ",", c.organizer->code, ",", FormatDay(c.start), ",",
          FormatDay(c.end), ",", kTopics[c.topic].code, ",", c.others));
    }
    const std::string path = dir + "/courses.csv";
    if (absl::Status s = WriteFile(path, workforce::CourseCsvHeader(), lines);
        !s.ok()) {
      return s;
    }
    written.push_back({path, static_cast<int64_t>(lines.size()), "courses"});
  }
  {
    std::vector<std::string> lines;
    for (const Course& c : courses) {
      for (size_t i : c.attendees) {
        lines.push_back(absl::StrCat(c.id, ",", staff[i].id));
      }
    }
    const std::string path = dir + "/attendance.csv";
    if (absl::Status s =
            WriteFile(path, workforce::AttendanceCsvHeader(), lines);
        !s.ok()) {
      return s;
    }
    written.push_back(
        {path, static_cast<int64_t>(lines.size()), "attendances"});
  }
  return written;
}

}  // namespace dtr::dtctl
