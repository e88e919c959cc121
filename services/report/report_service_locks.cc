// The report service's calls on the locks of periods: an admin closes a
// unit's period by hand or opens a narrow, expiring exception; every
// service reads the locks in force (issued reports, closings) and the
// exceptions open now. Contributions to a locked period are refused here;
// the data services refuse their own dated changes (common/period_locks.h).
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/caller.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/period_locks.h"
#include "common/unary_calls.h"
#include "services/report/report_requests.h"
#include "services/report/report_service.h"

namespace dtr::report {
namespace {

// The longest an exception may stay open: a lock is the rule.
constexpr absl::Duration kLongestException = absl::Hours(24 * 31);

// RFC 3339, or a day: the start of that day in Asia/Ho_Chi_Minh.
std::optional<absl::Time> ParseUntil(const std::string& text) {
  if (std::optional<absl::Time> t = ParseInstant(text)) return t;
  if (std::optional<absl::CivilDay> day = ParseIsoDate(text)) {
    return absl::FromCivil(absl::CivilSecond(*day), ReportTimeZone());
  }
  return std::nullopt;
}

}  // namespace

absl::Status ReportServiceImpl::CheckContributionsOpen(
    Connection* conn, const std::string& unit,
    const std::string& period) const {
  auto locks =
      PeriodLockStore::LocksOn(conn, absl::Now(), /*include_expired=*/false);
  if (!locks.ok()) return locks.status();
  return ContributionsOpenIn(*locks, unit, period);
}

absl::Status ReportServiceImpl::ContributionsOpenIn(
    const v1::PeriodLocks& locks, const std::string& unit,
    const std::string& period) const {
  // Only the period's own locks: an issued November leaves October's
  // texts as they are, but its figures are another matter.
  v1::PeriodLocks own;
  for (const v1::PeriodLock& lock : locks.locks()) {
    if (lock.period() == period) *own.add_locks() = lock;
  }
  *own.mutable_exceptions() = locks.exceptions();
  auto month = ParsePeriod(period, Today());
  if (!month.ok()) return month.status();
  const PeriodLockCheck check(
      std::move(own), d_.env.units != nullptr ? d_.env.units->Get() : nullptr);
  return check.Check("contributions", "period", unit, absl::CivilDay(*month));
}

grpc::ServerUnaryReactor* ReportServiceImpl::ClosePeriod(
    grpc::CallbackServerContext* context, const v1::ClosePeriodRequest* r,
    v1::PeriodLock* response) {
  absl::Status checked = [&]() -> absl::Status {
    if (absl::Status s = CheckUnitCode("unit_code", r->unit_code()); !s.ok()) {
      return s;
    }
    auto period = CheckStoredPeriod("period", r->period());
    if (!period.ok()) return period.status();
    // A closing never ends: a month is closed once it is over, or it
    // would refuse every change of its days still to come.
    const absl::CivilMonth month = *ParsePeriod(*period, Today());
    if (absl::CivilDay(month + 1) > Today()) {
      return Invalid("period", absl::StrCat(*period,
                                            " has not ended; a month is "
                                            "closed once it is over"));
    }
    if (absl::Status s = CheckKnownUnit(r->unit_code(), *period); !s.ok()) {
      return s;
    }
    // Within the caller's reach (an admin's is every unit).
    return CheckUnitScope(*context, r->unit_code(), *period);
  }();
  return WriteCall(&writes_, context,
                   [this, checked, r, response,
                    caller = CallerOf(context)]() -> absl::Status {
                     if (!checked.ok()) return checked;
                     auto lock = d_.locks->Close(r->unit_code(), r->period(),
                                                 caller, absl::Now());
                     if (!lock.ok()) return lock.status();
                     *response = std::move(*lock);
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ListPeriodLocks(
    grpc::CallbackServerContext* context, const v1::ListPeriodLocksRequest* r,
    v1::PeriodLocks* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    auto locks = d_.locks->Locks(absl::Now(), r->include_expired());
    if (!locks.ok()) return locks.status();
    *response = std::move(*locks);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::AddLockException(
    grpc::CallbackServerContext* context, const v1::LockException* r,
    v1::LockException* response) {
  const absl::Time now = absl::Now();
  std::optional<absl::Time> until;
  absl::Status checked = [&]() -> absl::Status {
    if (absl::Status s = CheckUnitCode("unit_code", r->unit_code()); !s.ok()) {
      return s;
    }
    auto period = CheckStoredPeriod("period", r->period());
    if (!period.ok()) return period.status();
    if (!IsLockKind(r->kind())) {
      return Invalid("kind",
                     absl::StrCat("'", r->kind(),
                                  "' is not a kind of change a lock covers; "
                                  "expected contributions, security, staff, "
                                  "absences, courses or attendance"));
    }
    until = ParseUntil(r->until());
    if (!until) return BadDate("until", r->until());
    if (*until <= now) return Invalid("until", "is not in the future");
    if (*until > now + kLongestException) {
      return Invalid("until", "at most 31 days ahead: an exception is narrow");
    }
    if (r->reason().empty()) return Invalid("reason", "say why");
    if (absl::Status s = CheckText("reason", r->reason(), kMaxTextField);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckKnownUnit(r->unit_code(), *period); !s.ok()) {
      return s;
    }
    // Within the caller's reach (an admin's is every unit).
    return CheckUnitScope(*context, r->unit_code(), *period);
  }();
  return WriteCall(&writes_, context,
                   [this, checked, r, until, response, now,
                    caller = CallerOf(context)]() -> absl::Status {
                     if (!checked.ok()) return checked;
                     auto added =
                         d_.locks->AddException(*r, *until, caller, now);
                     if (!added.ok()) return added.status();
                     *response = std::move(*added);
                     return absl::OkStatus();
                   });
}

}  // namespace dtr::report
