#include "services/workforce/workforce_store.h"

#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/store_retry.h"

namespace dtr::workforce {
namespace {

// Enum columns hold the API's enum numbers.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE staff (
  staff_id      TEXT PRIMARY KEY,
  full_name     TEXT NOT NULL,
  national_id   TEXT NOT NULL,
  unit_code     TEXT NOT NULL,
  position      TEXT NOT NULL,
  role          INTEGER NOT NULL,
  qualification INTEGER NOT NULL,
  field         INTEGER NOT NULL,
  start_date    TEXT NOT NULL,
  end_date      TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE absences (
  absence_id TEXT PRIMARY KEY,
  staff_id   TEXT NOT NULL REFERENCES staff (staff_id),
  kind       INTEGER NOT NULL,
  start_date TEXT NOT NULL,
  end_date   TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX absences_by_staff ON absences (staff_id);

CREATE TABLE courses (
  course_id      TEXT PRIMARY KEY,
  title          TEXT NOT NULL,
  organizer_unit TEXT NOT NULL,
  start_date     TEXT NOT NULL,
  end_date       TEXT NOT NULL,
  topic          TEXT NOT NULL,
  other_trainees INTEGER NOT NULL,
  updated_at     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE attendance (
  course_id TEXT NOT NULL REFERENCES courses (course_id),
  staff_id  TEXT NOT NULL REFERENCES staff (staff_id),
  PRIMARY KEY (course_id, staff_id)
) WITHOUT ROWID;
)sql";

constexpr char kStaffColumns[] =
    "staff_id, full_name, national_id, unit_code, position, role, "
    "qualification, field, start_date, end_date";

v1::Staff StaffFrom(const Statement& s) {
  v1::Staff out;
  out.set_staff_id(std::string(s.ColumnText(0)));
  out.set_full_name(std::string(s.ColumnText(1)));
  out.set_national_id(std::string(s.ColumnText(2)));
  out.set_unit_code(std::string(s.ColumnText(3)));
  out.set_position(std::string(s.ColumnText(4)));
  out.set_role(static_cast<v1::Role>(s.ColumnInt(5)));
  out.set_qualification(static_cast<v1::Qualification>(s.ColumnInt(6)));
  out.set_field(static_cast<v1::Field>(s.ColumnInt(7)));
  out.set_start_date(std::string(s.ColumnText(8)));
  out.set_end_date(std::string(s.ColumnText(9)));
  return out;
}

v1::Absence AbsenceFrom(const Statement& s) {
  v1::Absence out;
  out.set_absence_id(std::string(s.ColumnText(0)));
  out.set_staff_id(std::string(s.ColumnText(1)));
  out.set_kind(static_cast<v1::AbsenceKind>(s.ColumnInt(2)));
  out.set_start_date(std::string(s.ColumnText(3)));
  out.set_end_date(std::string(s.ColumnText(4)));
  return out;
}

v1::Course CourseFrom(const Statement& s) {
  v1::Course out;
  out.set_course_id(std::string(s.ColumnText(0)));
  out.set_title(std::string(s.ColumnText(1)));
  out.set_organizer_unit(std::string(s.ColumnText(2)));
  out.set_start_date(std::string(s.ColumnText(3)));
  out.set_end_date(std::string(s.ColumnText(4)));
  out.set_topic(std::string(s.ColumnText(5)));
  out.set_other_trainees(s.ColumnInt(6));
  return out;
}

// Runs a SELECT and turns every row into a message.
template <typename Message, typename From>
absl::Status SelectAll(Connection* conn, absl::string_view sql,
                       const std::vector<std::string>& params, From from,
                       std::vector<Message>* out) {
  auto q = conn->Prepare(sql);
  if (!q.ok()) return q.status();
  for (size_t i = 0; i < params.size(); ++i) {
    (*q)->BindText(static_cast<int>(i + 1), params[i]);
  }
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    out->push_back(from(*q->get()));
  }
}

absl::StatusOr<std::optional<v1::Staff>> GetStaffOn(Connection* conn,
                                                    const std::string& id) {
  std::vector<v1::Staff> found;
  if (absl::Status s = SelectAll(conn,
                                 absl::StrCat("SELECT ", kStaffColumns,
                                              " FROM staff WHERE staff_id = ?"),
                                 {id}, StaffFrom, &found);
      !s.ok()) {
    return s;
  }
  if (found.empty()) return std::optional<v1::Staff>();
  return std::optional<v1::Staff>(std::move(found.front()));
}

// The unit of a staff member as stored; empty when there is none.
absl::StatusOr<std::string> StaffUnitOn(Connection* conn,
                                        const std::string& staff_id) {
  auto staff = GetStaffOn(conn, staff_id);
  if (!staff.ok()) return staff.status();
  return staff->has_value() ? (*staff)->unit_code() : std::string();
}

// A record's dates that a change moves, each with the unit whose figures
// it changes: a new record's own, or a changed one's before and after
// (all of them when it moves to another unit).
struct DatedChange {
  const char* field;
  std::string unit;
  std::string day;
};

absl::Status CheckDatedChanges(const PeriodLockCheck& locks,
                               absl::string_view kind,
                               const std::vector<DatedChange>& changes) {
  for (const DatedChange& c : changes) {
    if (absl::Status s = locks.CheckDay(kind, c.field, c.unit, c.day);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// `dates` are (field, before, after) of a record in `unit_before` and
// `unit_after`; `before_exists` false for a new record. With
// `whole_record`, any change of the record counts at all its dates (a
// course's trainees count in the months it was held).
std::vector<DatedChange> DatesMoved(
    bool before_exists, const std::string& unit_before,
    const std::string& unit_after,
    const std::vector<std::tuple<const char*, std::string, std::string>>& dates,
    bool whole_record = false) {
  std::vector<DatedChange> out;
  const bool moved =
      before_exists && (whole_record || unit_before != unit_after);
  for (const auto& [field, before, after] : dates) {
    if (!before_exists) {
      out.push_back({field, unit_after, after});
    } else if (moved || before != after) {
      out.push_back({field, unit_before, before});
      out.push_back({field, unit_after, after});
    }
  }
  return out;
}

std::string Now() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                          absl::UTCTimeZone());
}

// Created, updated or unchanged, from what was there before.
template <typename Message>
UpsertOutcome OutcomeOf(const std::optional<Message>& before,
                        const Message& after) {
  if (!before) return UpsertOutcome::kCreated;
  return before->SerializeAsString() == after.SerializeAsString()
             ? UpsertOutcome::kUnchanged
             : UpsertOutcome::kUpdated;
}

absl::Status Run(ScopedStatement& s) {
  auto done = s->Step();
  return done.ok() ? absl::OkStatus() : done.status();
}

}  // namespace

const std::vector<Migration>& WorkforceStore::Migrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1, "staff, absences, courses and attendance", kSchemaV1}};
  return *migrations;
}

absl::StatusOr<std::unique_ptr<WorkforceStore::Transaction>>
WorkforceStore::BeginWrite() {
  // A call to the report service, made before a connection of the store
  // is taken; the service's write slot is held meanwhile, for the call's
  // few seconds at most.
  auto locks = PeriodLockSource::CurrentOf(locks_);
  if (!locks.ok()) return locks.status();
  return RetryTransient(
      [&]() -> absl::StatusOr<std::unique_ptr<WorkforceStore::Transaction>> {
        auto lease = db_->Acquire();
        if (!lease.ok()) return lease.status();
        std::unique_ptr<Transaction> tx(
            new Transaction(std::move(*lease), *locks));
        if (absl::Status s = tx->tx_.Begin(); !s.ok()) return s;
        return tx;
      });
}

absl::StatusOr<std::optional<v1::Staff>> WorkforceStore::Transaction::GetStaff(
    const std::string& id) {
  return GetStaffOn(lease_.get(), id);
}

absl::StatusOr<bool> WorkforceStore::Transaction::CourseExists(
    const std::string& id) {
  auto q = lease_->Prepare("SELECT 1 FROM courses WHERE course_id = ?");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, id);
  return (*q)->Step();
}

namespace {

// The first column of the one row `sql` finds for `id`, if any.
absl::StatusOr<std::optional<std::string>> TextFor(Connection* conn,
                                                   const char* sql,
                                                   const std::string& id) {
  auto q = conn->Prepare(sql);
  if (!q.ok()) return q.status();
  (*q)->BindText(1, id);
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(std::string((*q)->ColumnText(0)));
}

}  // namespace

absl::StatusOr<std::optional<std::string>>
WorkforceStore::Transaction::CourseOrganizer(const std::string& id) {
  return TextFor(lease_.get(),
                 "SELECT organizer_unit FROM courses WHERE course_id = ?", id);
}

absl::StatusOr<std::optional<std::string>>
WorkforceStore::Transaction::AbsenceUnit(const std::string& id) {
  return TextFor(lease_.get(),
                 "SELECT s.unit_code FROM absences a JOIN staff s "
                 "ON s.staff_id = a.staff_id WHERE a.absence_id = ?",
                 id);
}

absl::StatusOr<UpsertOutcome> WorkforceStore::Transaction::PutStaff(
    const v1::Staff& staff) {
  auto before = GetStaffOn(lease_.get(), staff.staff_id());
  if (!before.ok()) return before.status();
  v1::Staff stored = staff;
  stored.clear_national_id_masked();
  const UpsertOutcome outcome = OutcomeOf(*before, stored);
  if (outcome == UpsertOutcome::kUnchanged) return outcome;
  const bool existed = before->has_value();
  if (absl::Status s = CheckDatedChanges(
          *locks_, "staff",
          DatesMoved(existed, existed ? (*before)->unit_code() : "",
                     stored.unit_code(),
                     {{"start_date", existed ? (*before)->start_date() : "",
                       stored.start_date()},
                      {"end_date", existed ? (*before)->end_date() : "",
                       stored.end_date()}}));
      !s.ok()) {
    return s;
  }
  auto q = lease_->Prepare(absl::StrCat(
      "INSERT INTO staff (", kStaffColumns,
      ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (staff_id) DO UPDATE SET full_name = excluded.full_name, "
      "national_id = excluded.national_id, unit_code = excluded.unit_code, "
      "position = excluded.position, role = excluded.role, "
      "qualification = excluded.qualification, field = excluded.field, "
      "start_date = excluded.start_date, end_date = excluded.end_date, "
      "updated_at = excluded.updated_at"));
  if (!q.ok()) return q.status();
  Statement* s = q->get();
  s->BindText(1, stored.staff_id());
  s->BindText(2, stored.full_name());
  s->BindText(3, stored.national_id());
  s->BindText(4, stored.unit_code());
  s->BindText(5, stored.position());
  s->BindInt(6, stored.role());
  s->BindInt(7, stored.qualification());
  s->BindInt(8, stored.field());
  s->BindText(9, stored.start_date());
  s->BindText(10, stored.end_date());
  s->BindText(11, Now());
  if (absl::Status st = Run(*q); !st.ok()) return st;
  return outcome;
}

absl::StatusOr<UpsertOutcome> WorkforceStore::Transaction::PutCourse(
    const v1::Course& course) {
  std::vector<v1::Course> found;
  if (absl::Status s = SelectAll(
          lease_.get(),
          "SELECT course_id, title, organizer_unit, start_date, end_date, "
          "topic, other_trainees FROM courses WHERE course_id = ?",
          {course.course_id()}, CourseFrom, &found);
      !s.ok()) {
    return s;
  }
  v1::Course stored = course;
  stored.clear_registered_trainees();
  const UpsertOutcome outcome = OutcomeOf(
      found.empty() ? std::nullopt : std::optional<v1::Course>(found[0]),
      stored);
  if (outcome == UpsertOutcome::kUnchanged) return outcome;
  const bool existed = !found.empty();
  if (absl::Status s = CheckDatedChanges(
          *locks_, "courses",
          DatesMoved(existed, existed ? found[0].organizer_unit() : "",
                     stored.organizer_unit(),
                     {{"start_date", existed ? found[0].start_date() : "",
                       stored.start_date()},
                      {"end_date", existed ? found[0].end_date() : "",
                       stored.end_date()}},
                     /*whole_record=*/true));
      !s.ok()) {
    return s;
  }
  auto q = lease_->Prepare(
      "INSERT INTO courses (course_id, title, organizer_unit, start_date, "
      "end_date, topic, other_trainees, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (course_id) DO UPDATE SET "
      "title = excluded.title, organizer_unit = excluded.organizer_unit, "
      "start_date = excluded.start_date, end_date = excluded.end_date, "
      "topic = excluded.topic, other_trainees = excluded.other_trainees, "
      "updated_at = excluded.updated_at");
  if (!q.ok()) return q.status();
  Statement* s = q->get();
  s->BindText(1, stored.course_id());
  s->BindText(2, stored.title());
  s->BindText(3, stored.organizer_unit());
  s->BindText(4, stored.start_date());
  s->BindText(5, stored.end_date());
  s->BindText(6, stored.topic());
  s->BindInt(7, stored.other_trainees());
  s->BindText(8, Now());
  if (absl::Status st = Run(*q); !st.ok()) return st;
  return outcome;
}

absl::StatusOr<UpsertOutcome> WorkforceStore::Transaction::PutAbsence(
    const v1::Absence& absence) {
  std::vector<v1::Absence> found;
  if (absl::Status s =
          SelectAll(lease_.get(),
                    "SELECT absence_id, staff_id, kind, start_date, end_date "
                    "FROM absences WHERE absence_id = ?",
                    {absence.absence_id()}, AbsenceFrom, &found);
      !s.ok()) {
    return s;
  }
  const UpsertOutcome outcome = OutcomeOf(
      found.empty() ? std::nullopt : std::optional<v1::Absence>(found[0]),
      absence);
  if (outcome == UpsertOutcome::kUnchanged) return outcome;
  if (!locks_->empty()) {
    // An absence counts in its staff member's unit.
    const bool existed = !found.empty();
    auto unit_after = StaffUnitOn(lease_.get(), absence.staff_id());
    if (!unit_after.ok()) return unit_after.status();
    absl::StatusOr<std::string> unit_before = std::string();
    if (existed) unit_before = StaffUnitOn(lease_.get(), found[0].staff_id());
    if (!unit_before.ok()) return unit_before.status();
    if (absl::Status s = CheckDatedChanges(
            *locks_, "absences",
            DatesMoved(existed, *unit_before, *unit_after,
                       {{"start_date", existed ? found[0].start_date() : "",
                         absence.start_date()},
                        {"end_date", existed ? found[0].end_date() : "",
                         absence.end_date()}}));
        !s.ok()) {
      return s;
    }
  }
  auto q = lease_->Prepare(
      "INSERT INTO absences (absence_id, staff_id, kind, start_date, "
      "end_date, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (absence_id) DO UPDATE SET staff_id = excluded.staff_id, "
      "kind = excluded.kind, start_date = excluded.start_date, "
      "end_date = excluded.end_date, updated_at = excluded.updated_at");
  if (!q.ok()) return q.status();
  Statement* s = q->get();
  s->BindText(1, absence.absence_id());
  s->BindText(2, absence.staff_id());
  s->BindInt(3, absence.kind());
  s->BindText(4, absence.start_date());
  s->BindText(5, absence.end_date());
  s->BindText(6, Now());
  if (absl::Status st = Run(*q); !st.ok()) return st;
  return outcome;
}

absl::StatusOr<UpsertOutcome> WorkforceStore::Transaction::PutAttendance(
    const v1::Attendance& a) {
  if (!locks_->empty()) {
    // A new attendance counts on the course's first day.
    auto known = lease_->Prepare(
        "SELECT 1 FROM attendance WHERE course_id = ? AND staff_id = ?");
    if (!known.ok()) return known.status();
    (*known)->BindText(1, a.course_id());
    (*known)->BindText(2, a.staff_id());
    auto row = (*known)->Step();
    if (!row.ok()) return row.status();
    if (*row) return UpsertOutcome::kUnchanged;
    std::vector<v1::Course> course;
    if (absl::Status s = SelectAll(
            lease_.get(),
            "SELECT course_id, title, organizer_unit, start_date, end_date, "
            "topic, other_trainees FROM courses WHERE course_id = ?",
            {a.course_id()}, CourseFrom, &course);
        !s.ok()) {
      return s;
    }
    auto unit = StaffUnitOn(lease_.get(), a.staff_id());
    if (!unit.ok()) return unit.status();
    // Trainees count under the course's organiser; the staff member's
    // unit is checked too, for its own figures.
    if (!course.empty()) {
      for (const std::string& u : {course[0].organizer_unit(), *unit}) {
        if (absl::Status s = locks_->CheckDay("attendance", "course_id", u,
                                              course[0].start_date());
            !s.ok()) {
          return s;
        }
      }
    }
  }
  auto q = lease_->Prepare(
      "INSERT INTO attendance (course_id, staff_id) VALUES (?, ?) "
      "ON CONFLICT (course_id, staff_id) DO NOTHING RETURNING 1");
  if (!q.ok()) return q.status();
  (*q)->BindText(1, a.course_id());
  (*q)->BindText(2, a.staff_id());
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  return *row ? UpsertOutcome::kCreated : UpsertOutcome::kUnchanged;
}

absl::StatusOr<std::optional<v1::Staff>> WorkforceStore::GetStaff(
    const std::string& id) {
  return RetryTransient([&]() -> absl::StatusOr<std::optional<v1::Staff>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    return GetStaffOn(lease->get(), id);
  });
}

absl::StatusOr<std::vector<v1::Absence>> WorkforceStore::AbsencesOf(
    const std::string& staff_id) {
  return RetryTransient([&]() -> absl::StatusOr<std::vector<v1::Absence>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    std::vector<v1::Absence> out;
    if (absl::Status s =
            SelectAll(lease->get(),
                      "SELECT absence_id, staff_id, kind, start_date, end_date "
                      "FROM absences WHERE staff_id = ? ORDER BY start_date",
                      {staff_id}, AbsenceFrom, &out);
        !s.ok()) {
      return s;
    }
    return out;
  });
}

absl::StatusOr<WorkforceRecords> WorkforceStore::ReadAll() {
  return RetryTransient([&]() -> absl::StatusOr<WorkforceRecords> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    // One read transaction: every table from the same state.
    ReadTransaction read(conn);
    if (absl::Status s = read.Begin(); !s.ok()) return s;
    WorkforceRecords r;
    if (absl::Status s =
            SelectAll(conn,
                      absl::StrCat("SELECT ", kStaffColumns,
                                   " FROM staff ORDER BY staff_id"),
                      {}, StaffFrom, &r.staff);
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            SelectAll(conn,
                      "SELECT absence_id, staff_id, kind, start_date, end_date "
                      "FROM absences ORDER BY staff_id, start_date",
                      {}, AbsenceFrom, &r.absences);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = SelectAll(
            conn,
            "SELECT course_id, title, organizer_unit, start_date, end_date, "
            "topic, other_trainees FROM courses ORDER BY start_date, course_id",
            {}, CourseFrom, &r.courses);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = SelectAll(
            conn, "SELECT course_id, staff_id FROM attendance", {},
            [](const Statement& s) {
              v1::Attendance a;
              a.set_course_id(std::string(s.ColumnText(0)));
              a.set_staff_id(std::string(s.ColumnText(1)));
              return a;
            },
            &r.attendance);
        !s.ok()) {
      return s;
    }
    return r;
  });
}

}  // namespace dtr::workforce
