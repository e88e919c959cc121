#include "services/workforce/import_kinds.h"

#include <optional>

#include "common/dates.h"
#include "services/workforce/workforce_records.h"

namespace dtr::workforce {

absl::Status WorkforceImport::InScope(absl::string_view field,
                                      const std::string& unit,
                                      const std::string& day) const {
  const std::optional<absl::CivilDay> on = ParseDay(day);
  return scope_.Check(*units_, field, unit, on ? *on : Today());
}

absl::Status WorkforceImport::StaffInReach(Transaction& tx,
                                           const std::string& staff_id) const {
  auto staff = tx.GetStaff(staff_id);
  if (!staff.ok()) return staff.status();
  if (!staff->has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("staff_id: no staff member '", staff_id, "'"));
  }
  return InScope("staff_id", (*staff)->unit_code(), "");
}

absl::StatusOr<UpsertOutcome> StaffImport::Put(Transaction& tx, const Row& r) {
  if (absl::Status s = CheckStaff(r, *units_, *rules_); !s.ok()) return s;
  if (absl::Status s = InScope("unit_code", r.unit_code(), r.start_date());
      !s.ok()) {
    return s;
  }
  // Nor may a writer take over another unit's staff member.
  auto stored = tx.GetStaff(r.staff_id());
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    if (absl::Status s = InScope("staff_id", (*stored)->unit_code(), "");
        !s.ok()) {
      return s;
    }
  }
  return tx.PutStaff(r);
}

absl::StatusOr<UpsertOutcome> CourseImport::Put(Transaction& tx, const Row& r) {
  if (absl::Status s = CheckCourse(r, *units_); !s.ok()) return s;
  if (absl::Status s =
          InScope("organizer_unit", r.organizer_unit(), r.start_date());
      !s.ok()) {
    return s;
  }
  // Nor may a writer take over another unit's course.
  auto organizer = tx.CourseOrganizer(r.course_id());
  if (!organizer.ok()) return organizer.status();
  if (organizer->has_value()) {
    if (absl::Status s = InScope("course_id", **organizer, ""); !s.ok()) {
      return s;
    }
  }
  return tx.PutCourse(r);
}

absl::StatusOr<UpsertOutcome> AttendanceImport::Put(Transaction& tx,
                                                    const Row& r) {
  if (absl::Status s = CheckAttendance(r); !s.ok()) return s;
  auto course = tx.CourseExists(r.course_id());
  if (!course.ok()) return course.status();
  if (!*course) {
    return absl::InvalidArgumentError(
        absl::StrCat("course_id: no course '", r.course_id(), "'"));
  }
  if (absl::Status s = StaffInReach(tx, r.staff_id()); !s.ok()) return s;
  return tx.PutAttendance(r);
}

absl::StatusOr<UpsertOutcome> AbsenceImport::Put(Transaction& tx,
                                                 const Row& r) {
  if (absl::Status s = CheckAbsence(r); !s.ok()) return s;
  if (absl::Status s = StaffInReach(tx, r.staff_id()); !s.ok()) return s;
  // Nor another unit's absence, moved to one's own staff member.
  auto unit = tx.AbsenceUnit(r.absence_id());
  if (!unit.ok()) return unit.status();
  if (unit->has_value()) {
    if (absl::Status s = InScope("absence_id", **unit, ""); !s.ok()) return s;
  }
  return tx.PutAbsence(r);
}

}  // namespace dtr::workforce
