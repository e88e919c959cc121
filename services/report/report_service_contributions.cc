// The report service's calls on the units' contributions: a writer puts
// and submits its units' texts, a reviewer accepts or returns them; each
// step checks the caller's units and is one transaction of the store
// (contribution_store.h).
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/caller.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/unary_calls.h"
#include "common/write_scope.h"
#include "services/report/report_requests.h"
#include "services/report/report_service.h"

namespace dtr::report {
namespace {

// The request's unit, period and section, checked.
absl::Status CheckStep(const v1::ContributionStep& step) {
  if (absl::Status s = CheckUnitCode("unit_code", step.unit_code()); !s.ok()) {
    return s;
  }
  auto period = CheckStoredPeriod("period", step.period());
  if (!period.ok()) return period.status();
  return CheckSection("section", step.section());
}

}  // namespace

absl::Status ReportServiceImpl::CheckUnitScope(
    const grpc::CallbackServerContext& context, const std::string& unit_code,
    const std::string& period) const {
  absl::Status scope = CheckScope(context, unit_code);
  if (!scope.ok() && d_.env.units != nullptr) {
    const WriteScope units = WriteScope::ForCall(context, d_.env.policy);
    auto month = ParsePeriod(period, Today());
    if (month.ok() && units.Allows(*d_.env.units->Get(), unit_code,
                                   absl::CivilDay(*month + 1) - 1)) {
      return absl::OkStatus();
    }
  }
  return scope;
}

grpc::ServerUnaryReactor* ReportServiceImpl::ContributionCall(
    grpc::CallbackServerContext* context, const v1::ContributionStep& step,
    ContributionAction action, const std::string& text,
    v1::Contribution* response) {
  // The Department's reviewer reaches every unit of the province.
  const absl::Status scope =
      CheckUnitScope(*context, step.unit_code(), step.period());
  return WriteCall(
      &writes_, context,
      [this, step, action, text, response, scope,
       caller = CallerOf(context)]() -> absl::Status {
        if (!scope.ok()) return scope;
        if (absl::Status s = CheckStep(step); !s.ok()) return s;
        if (action == ContributionAction::kPut) {
          if (text.empty()) return Invalid("text", "required");
          if (absl::Status s = CheckText("text", text, kMaxNarrativeBytes);
              !s.ok()) {
            return s;
          }
        }
        if (action == ContributionAction::kReturn) {
          if (step.reason().empty()) {
            return Invalid("reason", "a returned contribution says why");
          }
          if (absl::Status s =
                  CheckText("reason", step.reason(), kMaxTextField);
              !s.ok()) {
            return s;
          }
        }
        if (absl::Status s = CheckKnownUnit(step.unit_code(), step.period());
            !s.ok()) {
          return s;
        }
        auto c =
            d_.contributions->Act(step, action, text, caller, absl::Now(),
                                  [this, &step](Connection* conn) {
                                    return CheckContributionsOpen(
                                        conn, step.unit_code(), step.period());
                                  });
        if (!c.ok()) return c.status();
        d_.tracker->Touched(*ParsePeriod(step.period(), Today()));
        *response = std::move(*c);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReportServiceImpl::PutContribution(
    grpc::CallbackServerContext* context, const v1::PutContributionRequest* r,
    v1::Contribution* response) {
  v1::ContributionStep step;
  step.set_unit_code(r->contribution().unit_code());
  step.set_period(r->contribution().period());
  step.set_section(r->contribution().section());
  return ContributionCall(context, step, ContributionAction::kPut,
                          r->contribution().text(), response);
}

grpc::ServerUnaryReactor* ReportServiceImpl::SubmitContribution(
    grpc::CallbackServerContext* context, const v1::ContributionStep* r,
    v1::Contribution* response) {
  return ContributionCall(context, *r, ContributionAction::kSubmit, "",
                          response);
}

grpc::ServerUnaryReactor* ReportServiceImpl::AcceptContribution(
    grpc::CallbackServerContext* context, const v1::ContributionStep* r,
    v1::Contribution* response) {
  return ContributionCall(context, *r, ContributionAction::kAccept, "",
                          response);
}

grpc::ServerUnaryReactor* ReportServiceImpl::ReturnContribution(
    grpc::CallbackServerContext* context, const v1::ContributionStep* r,
    v1::Contribution* response) {
  return ContributionCall(context, *r, ContributionAction::kReturn, "",
                          response);
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetContribution(
    grpc::CallbackServerContext* context, const v1::ContributionStep* r,
    v1::Contribution* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    if (absl::Status s = CheckStep(*r); !s.ok()) return s;
    auto c = d_.contributions->Get(r->unit_code(), r->period(), r->section());
    if (!c.ok()) return c.status();
    if (!c->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("no contribution of ", r->unit_code(), " to ",
                       r->section(), " of ", r->period()));
    }
    *response = std::move(**c);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ListContributions(
    grpc::CallbackServerContext* context, const v1::ListContributionsRequest* r,
    v1::ListContributionsResponse* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    auto period = CheckStoredPeriod("period", r->period());
    if (!period.ok()) return period.status();
    if (!r->unit_code().empty()) {
      if (absl::Status s = CheckUnitCode("unit_code", r->unit_code());
          !s.ok()) {
        return s;
      }
    }
    if (!r->section().empty()) {
      if (absl::Status s = CheckSection("section", r->section()); !s.ok()) {
        return s;
      }
    }
    auto list = d_.contributions->List(*period, r->unit_code(), r->section());
    if (!list.ok()) return list.status();
    for (v1::Contribution& c : *list) {
      *response->add_contributions() = std::move(c);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::RequestContributions(
    grpc::CallbackServerContext* context,
    const v1::RequestContributionsRequest* r,
    v1::RequestContributionsResponse* response) {
  // The units are resolved and their scope checked before the write; the
  // tree is the period's.
  std::vector<v1::ContributionRequest> requests;
  absl::Status checked = [&]() -> absl::Status {
    auto period = CheckStoredPeriod("period", r->period());
    if (!period.ok()) return period.status();
    const absl::CivilMonth month = *ParsePeriod(*period, Today());
    if (r->sections().empty()) return Invalid("sections", "at least one");
    for (int i = 0; i < r->sections_size(); ++i) {
      if (absl::Status s =
              CheckSection(absl::StrCat("sections[", i, "]"), r->sections(i));
          !s.ok()) {
        return s;
      }
    }
    const std::optional<absl::CivilDay> deadline = ParseIsoDate(r->deadline());
    if (!deadline) return BadDate("deadline", r->deadline());
    std::vector<std::string> units(r->unit_codes().begin(),
                                   r->unit_codes().end());
    if (!r->subtree().empty() || !r->level().empty()) {
      if (!units.empty()) {
        return Invalid("unit_codes",
                       "give the units, or a subtree and level, not both");
      }
      if (d_.env.units == nullptr) {
        return absl::FailedPreconditionError(
            "subtree, level: this service has no unit tree (--units); name "
            "the units in unit_codes");
      }
      const std::shared_ptr<const UnitTree> tree = d_.env.units->Get();
      const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
      if (!r->level().empty() && tree->LevelIndex(r->level()) < 0) {
        return Invalid("level",
                       absl::StrCat("unknown level '", r->level(), "'"));
      }
      if (!r->subtree().empty() && tree->Find(r->subtree(), last) == nullptr) {
        return absl::NotFoundError(
            absl::StrCat("subtree: no unit '", r->subtree(), "' in ", *period));
      }
      for (const UnitVersion* u :
           tree->ListOn(last, r->subtree(), r->level())) {
        if (u->code == r->subtree() || u->parent_code.empty()) continue;
        units.push_back(u->code);
      }
    }
    if (units.empty()) {
      return Invalid("unit_codes",
                     "no unit to ask (give codes, or a subtree "
                     "or level that has units in the period)");
    }
    for (size_t i = 0; i < units.size(); ++i) {
      const std::string field = absl::StrCat("unit_codes[", i, "]");
      if (absl::Status s = CheckUnitCode(field, units[i]); !s.ok()) return s;
      if (absl::Status s = CheckKnownUnit(units[i], *period); !s.ok()) {
        return s;
      }
      if (absl::Status s = CheckUnitScope(*context, units[i], *period);
          !s.ok()) {
        return s;
      }
      for (const std::string& section : r->sections()) {
        v1::ContributionRequest& q = requests.emplace_back();
        q.set_unit_code(units[i]);
        q.set_period(*period);
        q.set_section(section);
        q.set_deadline(FormatDay(*deadline));
      }
    }
    return absl::OkStatus();
  }();
  return WriteCall(&writes_, context,
                   [this, checked, requests = std::move(requests), response,
                    caller = CallerOf(context)]() -> absl::Status {
                     if (!checked.ok()) return checked;
                     const absl::Time now = absl::Now();
                     // A locked month takes no more contributions: asking
                     // for them would only raise alerts.
                     auto locks = d_.locks->Locks(now, false);
                     if (!locks.ok()) return locks.status();
                     for (const v1::ContributionRequest& q : requests) {
                       if (absl::Status s = ContributionsOpenIn(
                               *locks, q.unit_code(), q.period());
                           !s.ok()) {
                         return s;
                       }
                     }
                     if (absl::Status s = d_.contribution_requests->Put(
                             requests, caller, now);
                         !s.ok()) {
                       return s;
                     }
                     const absl::CivilMonth month =
                         *ParsePeriod(requests.front().period(), Today());
                     d_.tracker->Touched(month);
                     // Written: the answer names them as the period's list
                     // does, or as asked when that list cannot be read.
                     auto all = d_.tracker->Expected(month);
                     if (!all.ok()) {
                       for (const v1::ContributionRequest& q : requests) {
                         *response->add_requests() = q;
                       }
                       return absl::OkStatus();
                     }
                     for (v1::ContributionRequest& q : *all) {
                       for (const v1::ContributionRequest& asked : requests) {
                         if (asked.unit_code() == q.unit_code() &&
                             asked.section() == q.section()) {
                           *response->add_requests() = std::move(q);
                           break;
                         }
                       }
                     }
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ListContributionRequests(
    grpc::CallbackServerContext* context,
    const v1::ListContributionRequestsRequest* r,
    v1::RequestContributionsResponse* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    auto period = CheckStoredPeriod("period", r->period());
    if (!period.ok()) return period.status();
    auto all = d_.tracker->Expected(*ParsePeriod(*period, Today()));
    if (!all.ok()) return all.status();
    for (v1::ContributionRequest& q : *all) {
      *response->add_requests() = std::move(q);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetContributionStatus(
    grpc::CallbackServerContext* context,
    const v1::GetContributionStatusRequest* r,
    v1::ContributionStatus* response) {
  return ReadCall(d_.env.reads, context, [this, r, response]() -> absl::Status {
    auto period = CheckStoredPeriod("period", r->period());
    if (!period.ok()) return period.status();
    auto status =
        d_.tracker->Status(*ParsePeriod(*period, Today()), absl::Now());
    if (!status.ok()) return status.status();
    *response = std::move(*status);
    return absl::OkStatus();
  });
}

}  // namespace dtr::report
