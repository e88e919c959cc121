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

grpc::ServerUnaryReactor* ReportServiceImpl::ContributionCall(
    grpc::CallbackServerContext* context, const v1::ContributionStep& step,
    ContributionAction action, const std::string& text,
    v1::Contribution* response) {
  // A writer or reviewer acts for its policy's units and, with a unit tree
  // (--units), for the units under them in the period (the Department's
  // reviewer for every unit of the province).
  absl::Status scope = CheckScope(*context, step.unit_code());
  if (!scope.ok() && d_.env.units != nullptr) {
    const WriteScope units = WriteScope::ForCall(*context, d_.env.policy);
    auto month = ParsePeriod(step.period(), Today());
    if (month.ok() && units.Allows(*d_.env.units->Get(), step.unit_code(),
                                   absl::CivilDay(*month + 1) - 1)) {
      scope = absl::OkStatus();
    }
  }
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
        auto c = d_.contributions->Act(step, action, text, caller, absl::Now());
        if (!c.ok()) return c.status();
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

}  // namespace dtr::report
