#include "services/workforce/record_csv.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/workforce/workforce_names.h"

namespace dtr::workforce {

namespace wv1 = v1;

const std::vector<std::string>& StaffCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "staff_id", "full_name",     "national_id", "unit_code",  "position",
      "role",     "qualification", "field",       "start_date", "end_date"};
  return *header;
}

const std::vector<std::string>& CourseCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "course_id", "title", "organizer_unit", "start_date",
      "end_date",  "topic", "other_trainees"};
  return *header;
}

const std::vector<std::string>& AttendanceCsvHeader() {
  static const auto* header =
      new std::vector<std::string>{"course_id", "staff_id"};
  return *header;
}

const std::vector<std::string>& AbsenceCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "absence_id", "staff_id", "kind", "start_date", "end_date"};
  return *header;
}

bool StaffFromCsv(const std::vector<std::string>& f, wv1::Staff* s,
                  CsvFieldError* error) {
  if (!CheckCsvFields(f, StaffCsvHeader(), error)) return false;
  wv1::Role role;
  if (!ParseRole(f[5], &role)) {
    return CsvFieldBad(error, "role",
                       absl::StrCat("'", f[5],
                                    "': expected dedicated or "
                                    "concurrent"));
  }
  wv1::Qualification qualification;
  if (!ParseQualification(f[6], &qualification)) {
    return CsvFieldBad(error, "qualification",
                       absl::StrCat("'", f[6],
                                    "': expected doctorate, master, bachelor, "
                                    "college or other"));
  }
  wv1::Field field;
  if (!ParseField(f[7], &field)) {
    return CsvFieldBad(error, "field",
                       absl::StrCat("'", f[7], "': expected it or other"));
  }
  s->set_staff_id(f[0]);
  s->set_full_name(f[1]);
  s->set_national_id(f[2]);
  s->set_unit_code(f[3]);
  s->set_position(f[4]);
  s->set_role(role);
  s->set_qualification(qualification);
  s->set_field(field);
  s->set_start_date(f[8]);
  s->set_end_date(f[9]);
  return true;
}

bool CourseFromCsv(const std::vector<std::string>& f, wv1::Course* c,
                   CsvFieldError* error) {
  if (!CheckCsvFields(f, CourseCsvHeader(), error)) return false;
  int64_t others = 0;
  if (!f[6].empty() && !absl::SimpleAtoi(f[6], &others)) {
    return CsvFieldBad(error, "other_trainees",
                       absl::StrCat("'", f[6], "': expected a head count"));
  }
  c->set_course_id(f[0]);
  c->set_title(f[1]);
  c->set_organizer_unit(f[2]);
  c->set_start_date(f[3]);
  c->set_end_date(f[4]);
  c->set_topic(f[5]);
  c->set_other_trainees(others);
  return true;
}

bool AttendanceFromCsv(const std::vector<std::string>& f, wv1::Attendance* a,
                       CsvFieldError* error) {
  if (!CheckCsvFields(f, AttendanceCsvHeader(), error)) return false;
  a->set_course_id(f[0]);
  a->set_staff_id(f[1]);
  return true;
}

bool AbsenceFromCsv(const std::vector<std::string>& f, wv1::Absence* a,
                    CsvFieldError* error) {
  if (!CheckCsvFields(f, AbsenceCsvHeader(), error)) return false;
  wv1::AbsenceKind kind;
  if (!ParseAbsenceKind(f[2], &kind)) {
    return CsvFieldBad(error, "kind",
                       absl::StrCat("'", f[2],
                                    "': expected unpaid_leave, sick_leave, "
                                    "maternity_leave, study_leave or other"));
  }
  a->set_absence_id(f[0]);
  a->set_staff_id(f[1]);
  a->set_kind(kind);
  a->set_start_date(f[3]);
  a->set_end_date(f[4]);
  return true;
}

}  // namespace dtr::workforce
