#include "services/workforce/workforce_service.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/import_calls.h"
#include "common/request_checks.h"
#include "common/unary_calls.h"
#include "common/write_scope.h"
#include "services/workforce/national_id.h"
#include "services/workforce/staff_behind.h"
#include "services/workforce/workforce_records.h"
#include "services/workforce/workforce_summary.h"

namespace dtr::workforce {

v1::Staff Masked(v1::Staff staff) {
  staff.set_national_id(MaskNationalId(staff.national_id()));
  staff.set_national_id_masked(true);
  return staff;
}

WorkforceServiceImpl::WorkforceServiceImpl(Deps deps)
    : d_(deps), writes_(d_.env, [gauges = d_.gauges] {
        if (gauges != nullptr) gauges->MarkStale();
      }) {}

grpc::ServerUnaryReactor* WorkforceServiceImpl::WriteStaff(
    grpc::CallbackServerContext* context, const std::string& staff_id,
    bool create, std::function<absl::Status(v1::Staff*)> change,
    v1::Staff* response) {
  WriteScope scope = WriteScope::ForCall(*context, d_.env.policy);
  return WriteCall(
      &writes_, context,
      [this, staff_id, create, change = std::move(change), response,
       scope = std::move(scope)]() -> absl::Status {
        auto tx = d_.store->BeginWrite();
        if (!tx.ok()) return tx.status();
        auto current = (*tx)->GetStaff(staff_id);
        if (!current.ok()) return current.status();
        if (create && current->has_value()) {
          return absl::AlreadyExistsError(absl::StrCat(
              "staff_id: staff member '", staff_id, "' exists already"));
        }
        if (!create && !current->has_value()) {
          return absl::NotFoundError(
              absl::StrCat("staff_id: no staff member '", staff_id, "'"));
        }
        v1::Staff staff = current->value_or(v1::Staff());
        if (absl::Status s = change(&staff); !s.ok()) return s;
        const std::shared_ptr<const UnitTree> units = d_.env.units->Get();
        const std::shared_ptr<const AllowanceRules> rules = d_.rules->Get();
        if (absl::Status s = CheckStaff(staff, *units, *rules); !s.ok()) {
          return s;
        }
        // Both the unit the member is in and the one they move to.
        if (current->has_value()) {
          if (absl::Status s = scope.Check(*units, "staff_id",
                                           (*current)->unit_code(), Today());
              !s.ok()) {
            return s;
          }
        }
        if (absl::Status s =
                scope.Check(*units, "unit_code", staff.unit_code(), Today());
            !s.ok()) {
          return s;
        }
        auto outcome = (*tx)->PutStaff(staff);
        if (!outcome.ok()) return outcome.status();
        if (absl::Status s = (*tx)->Commit(); !s.ok()) return s;
        *response = Masked(std::move(staff));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::CreateStaff(
    grpc::CallbackServerContext* context, const v1::CreateStaffRequest* r,
    v1::Staff* response) {
  return WriteStaff(
      context, r->staff().staff_id(), /*create=*/true,
      [r](v1::Staff* staff) {
        *staff = r->staff();
        staff->clear_national_id_masked();
        return absl::OkStatus();
      },
      response);
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::UpdateStaff(
    grpc::CallbackServerContext* context, const v1::UpdateStaffRequest* r,
    v1::Staff* response) {
  return WriteStaff(
      context, r->staff_id(), /*create=*/false,
      [r](v1::Staff* s) {
        if (r->has_full_name()) s->set_full_name(r->full_name());
        if (r->has_national_id()) s->set_national_id(r->national_id());
        if (r->has_unit_code()) s->set_unit_code(r->unit_code());
        if (r->has_position()) s->set_position(r->position());
        if (r->has_role()) s->set_role(r->role());
        if (r->has_qualification()) s->set_qualification(r->qualification());
        if (r->has_field()) s->set_field(r->field());
        return absl::OkStatus();
      },
      response);
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::EndService(
    grpc::CallbackServerContext* context, const v1::EndServiceRequest* r,
    v1::Staff* response) {
  return WriteStaff(
      context, r->staff_id(), /*create=*/false,
      [r](v1::Staff* s) {
        if (!ParseIsoDate(r->end_date())) {
          return BadDate("end_date", r->end_date());
        }
        s->set_end_date(r->end_date());
        return absl::OkStatus();
      },
      response);
}

namespace {

// Personal data only for the callers the policy names pii-reader (or
// admin); everyone else gets the masked number, and asking for more is
// refused.
absl::Status CheckReveal(const grpc::CallbackServerContext& context,
                         const PolicyHolder* policy, bool reveal) {
  if (!reveal || CallerHasRole(context, policy, {"pii-reader", "admin"})) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "reveal_national_id: the caller lacks the role pii-reader that "
      "national id numbers need");
}

}  // namespace

grpc::ServerUnaryReactor* WorkforceServiceImpl::GetStaff(
    grpc::CallbackServerContext* context, const v1::GetStaffRequest* r,
    v1::Staff* response) {
  const bool reveal = r->reveal_national_id();
  if (absl::Status s = CheckReveal(*context, d_.env.policy, reveal); !s.ok()) {
    return AnswerNow(context, s);
  }
  return ReadCall(
      d_.env.reads, context, [this, r, response, reveal]() -> absl::Status {
        auto staff = d_.store->GetStaff(r->staff_id());
        if (!staff.ok()) return staff.status();
        if (!staff->has_value()) {
          return absl::NotFoundError(
              absl::StrCat("staff_id: no staff member '", r->staff_id(), "'"));
        }
        *response = reveal ? std::move(**staff) : Masked(std::move(**staff));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::ListStaff(
    grpc::CallbackServerContext* context, const v1::ListStaffRequest* r,
    v1::ListStaffResponse* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    auto day = DayOrToday("on_date", r->on_date());
    if (!day.ok()) return day.status();
    auto subtree = SubtreeCodesOn(*d_.env.units->Get(), r->unit_code(), *day);
    if (!subtree.ok()) return subtree.status();
    auto records = d_.store->ReadAll();
    if (!records.ok()) return records.status();
    std::vector<const v1::Staff*> matching;
    for (const v1::Staff& s : records->staff) {
      auto start = ParseIsoDate(s.start_date());
      auto end = ParseIsoDate(s.end_date());
      if (!start || *start > *day || (end && *end < *day)) continue;
      if (*subtree && !(*subtree)->contains(s.unit_code())) continue;
      if (r->role() != v1::ROLE_UNSPECIFIED && s.role() != r->role()) continue;
      if (!r->position().empty() && s.position() != r->position()) continue;
      if (r->qualification() != v1::QUALIFICATION_UNSPECIFIED &&
          s.qualification() != r->qualification()) {
        continue;
      }
      if (r->field() != v1::FIELD_UNSPECIFIED && s.field() != r->field()) {
        continue;
      }
      matching.push_back(&s);
    }
    return AddPage(
        matching, r->page_size(), r->page_token(),
        [response](const v1::Staff& s) { *response->add_staff() = Masked(s); },
        response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::ListPositions(
    grpc::CallbackServerContext* context, const v1::ListPositionsRequest*,
    v1::ListPositionsResponse* response) {
  // From the rules in memory: answered at once.
  for (const v1::Position& p : d_.rules->Get()->positions()) {
    *response->add_positions() = p;
  }
  return AnswerNow(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::RecordAbsence(
    grpc::CallbackServerContext* context, const v1::RecordAbsenceRequest* r,
    v1::Absence* response) {
  WriteScope scope = WriteScope::ForCall(*context, d_.env.policy);
  return WriteCall(
      &writes_, context,
      [this, r, response, scope = std::move(scope)]() -> absl::Status {
        if (absl::Status s = CheckAbsence(r->absence()); !s.ok()) return s;
        auto tx = d_.store->BeginWrite();
        if (!tx.ok()) return tx.status();
        auto staff = (*tx)->GetStaff(r->absence().staff_id());
        if (!staff.ok()) return staff.status();
        if (!staff->has_value()) {
          return absl::NotFoundError(absl::StrCat(
              "staff_id: no staff member '", r->absence().staff_id(), "'"));
        }
        const std::shared_ptr<const UnitTree> units = d_.env.units->Get();
        if (absl::Status s =
                scope.Check(*units, "staff_id", (*staff)->unit_code(), Today());
            !s.ok()) {
          return s;
        }
        // Nor another unit's absence, moved to one's own staff member.
        auto stored_unit = (*tx)->AbsenceUnit(r->absence().absence_id());
        if (!stored_unit.ok()) return stored_unit.status();
        if (stored_unit->has_value()) {
          if (absl::Status s =
                  scope.Check(*units, "absence_id", **stored_unit, Today());
              !s.ok()) {
            return s;
          }
        }
        auto outcome = (*tx)->PutAbsence(r->absence());
        if (!outcome.ok()) return outcome.status();
        if (absl::Status s = (*tx)->Commit(); !s.ok()) return s;
        *response = r->absence();
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::ListCourses(
    grpc::CallbackServerContext* context, const v1::ListCoursesRequest* r,
    v1::ListCoursesResponse* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    auto range = CheckDateRange(r->range());
    if (!range.ok()) return range.status();
    std::shared_ptr<const UnitTree> units = d_.env.units->Get();
    std::optional<absl::flat_hash_set<std::string>> organizers;
    if (!r->unit_code().empty()) {
      organizers.emplace();
      for (const SubtreeMember& m : units->Subtree(r->unit_code(), *range)) {
        organizers->insert(m.code);
      }
    }
    auto records = d_.store->ReadAll();
    if (!records.ok()) return records.status();
    absl::flat_hash_map<std::string, int64_t> registered;
    for (const v1::Attendance& a : records->attendance) {
      ++registered[a.course_id()];
    }
    for (v1::Course& c : records->courses) {
      auto first = ParseIsoDate(c.start_date());
      auto last = ParseIsoDate(c.end_date());
      if (!first || !last || *first > range->last || *last < range->first) {
        continue;
      }
      if (organizers && !organizers->contains(c.organizer_unit())) continue;
      c.set_registered_trainees(registered[c.course_id()]);
      *response->add_courses() = std::move(c);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::GetEligibility(
    grpc::CallbackServerContext* context, const v1::GetEligibilityRequest* r,
    v1::Eligibility* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    auto first = ParseIsoDate(absl::StrCat(r->month(), "-01"));
    if (r->month().size() != 7 || !first) {
      return BadDate("month", r->month(), DateForm::kMonth);
    }
    auto staff = d_.store->GetStaff(r->staff_id());
    if (!staff.ok()) return staff.status();
    if (!staff->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("staff_id: no staff member '", r->staff_id(), "'"));
    }
    auto absences = d_.store->AbsencesOf(r->staff_id());
    if (!absences.ok()) return absences.status();
    *response =
        d_.rules->Get()->Evaluate(**staff, *absences, absl::CivilMonth(*first));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::ListStaffBehind(
    grpc::CallbackServerContext* context, const v1::ListStaffBehindRequest* r,
    v1::ListStaffBehindResponse* response) {
  const bool reveal = r->reveal_national_id();
  if (absl::Status s = CheckReveal(*context, d_.env.policy, reveal); !s.ok()) {
    return AnswerNow(context, s);
  }
  // Never cached: personal data.
  return ReadCall(
      d_.env.reads, context, [this, r, response, reveal]() -> absl::Status {
        if (r->unit_code().empty()) return Invalid("unit_code", "is required");
        auto range = CheckDateRange(r->range());
        if (!range.ok()) return range.status();
        auto records = d_.store->ReadAll();
        if (!records.ok()) return records.status();
        auto staff = StaffBehind(*records, *d_.env.units->Get(),
                                 *d_.rules->Get(), r->unit_code(), *range,
                                 r->figure(), r->part(), r->level());
        if (!staff.ok()) return staff.status();
        response->set_total_count(static_cast<int64_t>(staff->size()));
        return AddPage(
            *staff, r->page_size(), r->page_token(),
            [response, reveal](const v1::Staff& s) {
              *response->add_staff() = reveal ? s : Masked(s);
            },
            response->mutable_next_page_token());
      });
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::GetWorkforceSummary(
    grpc::CallbackServerContext* context,
    const v1::GetWorkforceSummaryRequest* r,
    v1::GetWorkforceSummaryResponse* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    if (r->unit_code().empty()) return Invalid("unit_code", "is required");
    auto range = CheckDateRange(r->range());
    if (!range.ok()) return range.status();
    std::shared_ptr<const UnitTree> units = d_.env.units->Get();
    std::shared_ptr<const AllowanceRules> rules = d_.rules->Get();
    const std::string key =
        absl::StrCat("summary:v1:", r->unit_code(), ":",
                     FormatDay(range->first), ":", FormatDay(range->last), ":",
                     absl::Hex(units->fingerprint(), absl::kZeroPad16), ":",
                     absl::Hex(rules->fingerprint(), absl::kZeroPad16));
    return CachedRead(d_.env, key, "summary", response,
                      [&]() -> absl::StatusOr<v1::GetWorkforceSummaryResponse> {
                        auto records = d_.store->ReadAll();
                        if (!records.ok()) return records.status();
                        return Summarize(*records, *units, *rules,
                                         r->unit_code(), *range);
                      });
  });
}

template <typename Kind>
std::unique_ptr<ImportSession<Kind>> WorkforceServiceImpl::NewSession(
    const grpc::CallbackServerContext& context) const {
  return std::make_unique<ImportSession<Kind>>(
      Kind(d_.store, d_.env.units->Get(), d_.rules->Get(),
           WriteScope::ForCall(context, d_.env.policy)));
}

grpc::ServerReadReactor<v1::ImportStaffRequest>*
WorkforceServiceImpl::ImportStaff(grpc::CallbackServerContext* context,
                                  v1::ImportStaffResponse* response) {
  return StreamImport<v1::ImportStaffRequest>(
      &writes_, context, response, NewSession<StaffImport>(*context), "staff");
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::BatchUpsertStaff(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertStaffRequest* request,
    v1::BatchUpsertStaffResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<StaffImport>(*context), "staff");
}

grpc::ServerReadReactor<v1::ImportCoursesRequest>*
WorkforceServiceImpl::ImportCourses(grpc::CallbackServerContext* context,
                                    v1::ImportCoursesResponse* response) {
  return StreamImport<v1::ImportCoursesRequest>(
      &writes_, context, response, NewSession<CourseImport>(*context),
      "course");
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::BatchUpsertCourses(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertCoursesRequest* request,
    v1::BatchUpsertCoursesResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<CourseImport>(*context), "course");
}

grpc::ServerReadReactor<v1::ImportAttendanceRequest>*
WorkforceServiceImpl::ImportAttendance(grpc::CallbackServerContext* context,
                                       v1::ImportAttendanceResponse* response) {
  return StreamImport<v1::ImportAttendanceRequest>(
      &writes_, context, response, NewSession<AttendanceImport>(*context),
      "attendance");
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::BatchUpsertAttendance(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertAttendanceRequest* request,
    v1::BatchUpsertAttendanceResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<AttendanceImport>(*context), "attendance");
}

grpc::ServerReadReactor<v1::ImportAbsencesRequest>*
WorkforceServiceImpl::ImportAbsences(grpc::CallbackServerContext* context,
                                     v1::ImportAbsencesResponse* response) {
  return StreamImport<v1::ImportAbsencesRequest>(
      &writes_, context, response, NewSession<AbsenceImport>(*context),
      "absence");
}

grpc::ServerUnaryReactor* WorkforceServiceImpl::BatchUpsertAbsences(
    grpc::CallbackServerContext* context,
    const v1::BatchUpsertAbsencesRequest* request,
    v1::BatchUpsertAbsencesResponse* response) {
  return BatchUpsert(&writes_, context, request, response,
                     NewSession<AbsenceImport>(*context), "absence");
}

}  // namespace dtr::workforce
