#include "services/workforce/workforce_records.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "services/workforce/national_id.h"
#include "services/workforce/workforce_names.h"

namespace dtr::workforce {
namespace {

constexpr size_t kMaxTextLength = 500;

absl::Status CheckText(absl::string_view field, const std::string& value) {
  if (value.empty()) return Invalid(field, "is required");
  if (value.size() > kMaxTextLength) {
    return Invalid(field,
                   absl::StrCat("is longer than ", kMaxTextLength, " bytes"));
  }
  return absl::OkStatus();
}

// A required first day and an optional last day, in order, neither later
// than tomorrow unless `future_allowed`.
absl::Status CheckDays(const std::string& first_field, const std::string& first,
                       const std::string& last_field, const std::string& last,
                       bool last_required, bool future_allowed,
                       absl::CivilDay* first_day) {
  auto from = ParseIsoDate(first);
  if (!from) return BadDate(first_field, first);
  if (!future_allowed && *from > Today() + 1) {
    return Invalid(first_field, "is in the future");
  }
  if (last.empty()) {
    if (last_required) return Invalid(last_field, "is required");
  } else {
    auto to = ParseIsoDate(last);
    if (!to) return BadDate(last_field, last);
    if (*to < *from) {
      return Invalid(last_field, absl::StrCat("is before ", first_field));
    }
  }
  *first_day = *from;
  return absl::OkStatus();
}

absl::Status CheckUnit(absl::string_view field, const std::string& code,
                       absl::CivilDay day, const UnitTree& units) {
  if (absl::Status s = CheckId(field, code); !s.ok()) return s;
  if (units.Find(code, day) == nullptr) {
    return Invalid(
        field, absl::StrCat("unknown unit '", code, "' on ", FormatDay(day)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckStaff(const v1::Staff& s, const UnitTree& units,
                        const AllowanceRules& rules) {
  if (absl::Status st = CheckId("staff_id", s.staff_id()); !st.ok()) return st;
  if (absl::Status st = CheckText("full_name", s.full_name()); !st.ok()) {
    return st;
  }
  // Never quote the number: error messages reach logs and terminals.
  if (!IsValidNationalId(s.national_id())) {
    return Invalid("national_id",
                   "not a national id number (12 digits, beginning with a "
                   "province code 001–096, or 000 for synthetic records)");
  }
  absl::CivilDay start;
  if (absl::Status st = CheckDays("start_date", s.start_date(), "end_date",
                                  s.end_date(), false, false, &start);
      !st.ok()) {
    return st;
  }
  if (absl::Status st = CheckUnit("unit_code", s.unit_code(), start, units);
      !st.ok()) {
    return st;
  }
  if (!rules.HasPosition(s.position())) {
    return Invalid("position", absl::StrCat("'", s.position(),
                                            "' is not a position of the rules "
                                            "file"));
  }
  if (RoleName(s.role()).empty()) {
    return Invalid("role", "expected dedicated or concurrent");
  }
  if (QualificationName(s.qualification()).empty()) {
    return Invalid("qualification",
                   "expected doctorate, master, bachelor, college or other");
  }
  if (FieldName(s.field()).empty())
    return Invalid("field", "expected it or other");
  return absl::OkStatus();
}

absl::Status CheckCourse(const v1::Course& c, const UnitTree& units) {
  if (absl::Status s = CheckId("course_id", c.course_id()); !s.ok()) return s;
  if (absl::Status s = CheckText("title", c.title()); !s.ok()) return s;
  absl::CivilDay start;
  // A course may be registered before it is held.
  if (absl::Status s = CheckDays("start_date", c.start_date(), "end_date",
                                 c.end_date(), true, true, &start);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          CheckUnit("organizer_unit", c.organizer_unit(), start, units);
      !s.ok()) {
    return s;
  }
  if (c.topic().size() > kMaxTextLength) {
    return Invalid("topic", "is too long");
  }
  if (c.other_trainees() < 0 || c.other_trainees() > 1000000) {
    return Invalid("other_trainees", "must be a head count, 0 or more");
  }
  return absl::OkStatus();
}

absl::Status CheckAbsence(const v1::Absence& a) {
  if (absl::Status s = CheckId("absence_id", a.absence_id()); !s.ok()) return s;
  if (absl::Status s = CheckId("staff_id", a.staff_id()); !s.ok()) return s;
  if (AbsenceKindName(a.kind()).empty()) {
    return Invalid("kind",
                   "expected unpaid_leave, sick_leave, maternity_leave, "
                   "study_leave or other");
  }
  absl::CivilDay start;
  return CheckDays("start_date", a.start_date(), "end_date", a.end_date(), true,
                   true, &start);
}

absl::Status CheckAttendance(const v1::Attendance& a) {
  if (absl::Status s = CheckId("course_id", a.course_id()); !s.ok()) return s;
  return CheckId("staff_id", a.staff_id());
}

}  // namespace dtr::workforce
