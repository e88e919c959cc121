#include "services/workforce/import_session.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "services/workforce/workforce_records.h"

namespace dtr::workforce {
namespace {

bool IsRowError(const absl::Status& s) {
  return s.code() == absl::StatusCode::kInvalidArgument ||
         s.code() == absl::StatusCode::kNotFound;
}

}  // namespace

ImportSession::ImportSession(WorkforceStore* store,
                             std::shared_ptr<const UnitTree> units,
                             std::shared_ptr<const AllowanceRules> rules,
                             WriteScope scope)
    : store_(store),
      units_(std::move(units)),
      rules_(std::move(rules)),
      scope_(std::move(scope)) {}

absl::Status ImportSession::InScope(absl::string_view field,
                                    const std::string& unit,
                                    const std::string& day) const {
  const std::optional<absl::CivilDay> on = ParseDay(day);
  return scope_.Check(*units_, field, unit, on ? *on : Today());
}

template <typename Row, typename Id, typename Put>
absl::Status ImportSession::AddRows(
    const google::protobuf::RepeatedPtrField<Row>& rows, Id id, Put put) {
  if (tx_ == nullptr) {
    auto tx = store_->BeginWrite();
    if (!tx.ok()) return tx.status();
    tx_ = std::move(*tx);
  }
  for (const Row& row : rows) {
    ledger_.NextRow();
    absl::StatusOr<UpsertOutcome> outcome = put(row);
    if (!outcome.ok()) {
      if (absl::IsPermissionDenied(outcome.status())) {
        ledger_.Deny(id(row), outcome.status());
        continue;
      }
      if (!IsRowError(outcome.status())) return outcome.status();
      ledger_.Reject(id(row), outcome.status());
      continue;
    }
    if (ledger_.ShouldWrite()) ledger_.Count(*outcome);
  }
  return absl::OkStatus();
}

absl::Status ImportSession::AddStaff(
    const google::protobuf::RepeatedPtrField<v1::Staff>& rows) {
  return AddRows(
      rows, [](const v1::Staff& r) { return r.staff_id(); },
      [this](const v1::Staff& r) -> absl::StatusOr<UpsertOutcome> {
        if (absl::Status s = CheckStaff(r, *units_, *rules_); !s.ok()) return s;
        if (absl::Status s =
                InScope("unit_code", r.unit_code(), r.start_date());
            !s.ok()) {
          return s;
        }
        // Nor may a writer take over another unit's staff member.
        auto stored = tx_->GetStaff(r.staff_id());
        if (!stored.ok()) return stored.status();
        if (stored->has_value()) {
          if (absl::Status s = InScope("staff_id", (*stored)->unit_code(), "");
              !s.ok()) {
            return s;
          }
        }
        return tx_->PutStaff(r);
      });
}

absl::Status ImportSession::AddCourses(
    const google::protobuf::RepeatedPtrField<v1::Course>& rows) {
  return AddRows(
      rows, [](const v1::Course& r) { return r.course_id(); },
      [this](const v1::Course& r) -> absl::StatusOr<UpsertOutcome> {
        if (absl::Status s = CheckCourse(r, *units_); !s.ok()) return s;
        if (absl::Status s =
                InScope("organizer_unit", r.organizer_unit(), r.start_date());
            !s.ok()) {
          return s;
        }
        // Nor may a writer take over another unit's course.
        auto organizer = tx_->CourseOrganizer(r.course_id());
        if (!organizer.ok()) return organizer.status();
        if (organizer->has_value()) {
          if (absl::Status s = InScope("course_id", **organizer, ""); !s.ok()) {
            return s;
          }
        }
        return tx_->PutCourse(r);
      });
}

absl::Status ImportSession::AddAttendance(
    const google::protobuf::RepeatedPtrField<v1::Attendance>& rows) {
  return AddRows(
      rows,
      [](const v1::Attendance& r) {
        return absl::StrCat(r.course_id(), "/", r.staff_id());
      },
      [this](const v1::Attendance& r) -> absl::StatusOr<UpsertOutcome> {
        if (absl::Status s = CheckAttendance(r); !s.ok()) return s;
        auto course = tx_->CourseExists(r.course_id());
        if (!course.ok()) return course.status();
        if (!*course) {
          return absl::InvalidArgumentError(
              absl::StrCat("course_id: no course '", r.course_id(), "'"));
        }
        auto staff = tx_->GetStaff(r.staff_id());
        if (!staff.ok()) return staff.status();
        if (!staff->has_value()) {
          return absl::InvalidArgumentError(
              absl::StrCat("staff_id: no staff member '", r.staff_id(), "'"));
        }
        if (absl::Status s = InScope("staff_id", (*staff)->unit_code(), "");
            !s.ok()) {
          return s;
        }
        return tx_->PutAttendance(r);
      });
}

absl::Status ImportSession::AddAbsences(
    const google::protobuf::RepeatedPtrField<v1::Absence>& rows) {
  return AddRows(
      rows, [](const v1::Absence& r) { return r.absence_id(); },
      [this](const v1::Absence& r) -> absl::StatusOr<UpsertOutcome> {
        if (absl::Status s = CheckAbsence(r); !s.ok()) return s;
        auto staff = tx_->GetStaff(r.staff_id());
        if (!staff.ok()) return staff.status();
        if (!staff->has_value()) {
          return absl::InvalidArgumentError(
              absl::StrCat("staff_id: no staff member '", r.staff_id(), "'"));
        }
        if (absl::Status s = InScope("staff_id", (*staff)->unit_code(), "");
            !s.ok()) {
          return s;
        }
        // Nor another unit's absence, moved to one's own staff member.
        auto unit = tx_->AbsenceUnit(r.absence_id());
        if (!unit.ok()) return unit.status();
        if (unit->has_value()) {
          if (absl::Status s = InScope("absence_id", **unit, ""); !s.ok()) {
            return s;
          }
        }
        return tx_->PutAbsence(r);
      });
}

absl::Status ImportSession::Finish(common::v1::ImportSummary* summary,
                                   common::v1::RowErrors* errors) {
  if (ledger_.Refused()) {
    tx_.reset();
    return ledger_.Refusal(errors);
  }
  if (tx_ != nullptr && ledger_.ShouldWrite()) {
    if (absl::Status s = tx_->Commit(); !s.ok()) return s;
    changed_store_ = ledger_.changed();
  }
  tx_.reset();  // a validation is rolled back here
  ledger_.FillSummary(summary);
  return absl::OkStatus();
}

absl::Status AddBatch(ImportSession& s, const v1::ImportStaffRequest& r) {
  return s.AddStaff(r.staff());
}
absl::Status AddBatch(ImportSession& s, const v1::BatchUpsertStaffRequest& r) {
  return s.AddStaff(r.staff());
}
absl::Status AddBatch(ImportSession& s, const v1::ImportCoursesRequest& r) {
  return s.AddCourses(r.courses());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertCoursesRequest& r) {
  return s.AddCourses(r.courses());
}
absl::Status AddBatch(ImportSession& s, const v1::ImportAttendanceRequest& r) {
  return s.AddAttendance(r.attendance());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertAttendanceRequest& r) {
  return s.AddAttendance(r.attendance());
}
absl::Status AddBatch(ImportSession& s, const v1::ImportAbsencesRequest& r) {
  return s.AddAbsences(r.absences());
}
absl::Status AddBatch(ImportSession& s,
                      const v1::BatchUpsertAbsencesRequest& r) {
  return s.AddAbsences(r.absences());
}

}  // namespace dtr::workforce
