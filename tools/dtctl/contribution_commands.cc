#include "tools/dtctl/contribution_commands.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "grpcpp/client_context.h"
#include "nlohmann/json.hpp"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"

namespace dtr::dtctl {
namespace {

namespace rv1 = report::v1;

// "submitted", as dtctl prints a contribution's state.
std::string StateWord(rv1::ContributionState state) {
  return state == rv1::CONTRIBUTION_STATE_UNSPECIFIED
             ? "none"
             : absl::AsciiStrToLower(
                   rv1::ContributionState_Name(state).substr(19));
}

nlohmann::json ContributionJson(const rv1::Contribution& c) {
  nlohmann::json history = nlohmann::json::array();
  for (const rv1::ContributionEvent& e : c.history()) {
    history.push_back({{"state", StateWord(e.state())},
                       {"at", e.at()},
                       {"by", e.by()},
                       {"reason", e.reason()},
                       {"text_sha256", e.text_sha256()}});
  }
  return {{"unit_code", c.unit_code()},
          {"period", c.period()},
          {"section", c.section()},
          {"state", StateWord(c.state())},
          {"updated_at", c.updated_at()},
          {"updated_by", c.updated_by()},
          {"text", c.text()},
          {"history", history}};
}

// One line, or the JSON, of a contribution after a step.
int Print(const rv1::Contribution& c, const ReportFlags& flags) {
  if (flags.json) {
    std::printf("%s\n", ContributionJson(c).dump(2).c_str());
    return 0;
  }
  std::printf("%s %s %s: %s (%s, %s)\n", c.unit_code().c_str(),
              c.period().c_str(), c.section().c_str(),
              StateWord(c.state()).c_str(), c.updated_at().c_str(),
              c.updated_by().c_str());
  return 0;
}

}  // namespace

int PutContribution(ReportStub* stub, const ReportFlags& flags) {
  rv1::PutContributionRequest request;
  rv1::Contribution* c = request.mutable_contribution();
  c->set_unit_code(flags.unit);
  c->set_period(flags.period);
  c->set_section(flags.section);
  if (!ReadFile(flags.file, c->mutable_text())) {
    std::fprintf(stderr, "dtctl: cannot read %s\n", flags.file.c_str());
    return 1;
  }
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::Contribution out;
  grpc::Status status = stub->PutContribution(&context, request, &out);
  if (!status.ok()) return CallFailed("contributions put", status);
  return Print(out, flags);
}

int StepContribution(ReportStub* stub, const ReportFlags& flags,
                     ContributionVerb verb) {
  rv1::ContributionStep step;
  step.set_unit_code(flags.unit);
  step.set_period(flags.period);
  step.set_section(flags.section);
  step.set_reason(flags.reason);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::Contribution out;
  grpc::Status status;
  const char* what = "";
  switch (verb) {
    case ContributionVerb::kSubmit:
      what = "contributions submit";
      status = stub->SubmitContribution(&context, step, &out);
      break;
    case ContributionVerb::kAccept:
      what = "contributions accept";
      status = stub->AcceptContribution(&context, step, &out);
      break;
    case ContributionVerb::kReturn:
      what = "contributions return";
      status = stub->ReturnContribution(&context, step, &out);
      break;
    case ContributionVerb::kGet:
      what = "contributions get";
      status = stub->GetContribution(&context, step, &out);
      break;
  }
  if (!status.ok()) return CallFailed(what, status);
  if (verb == ContributionVerb::kGet && !flags.json) {
    Print(out, flags);
    for (const rv1::ContributionEvent& e : out.history()) {
      std::printf("  %s %s by %s%s%s\n", e.at().c_str(),
                  StateWord(e.state()).c_str(), e.by().c_str(),
                  e.reason().empty() ? "" : ": ", e.reason().c_str());
    }
    std::printf("\n%s\n", out.text().c_str());
    return 0;
  }
  return Print(out, flags);
}

int ListContributions(ReportStub* stub, const ReportFlags& flags) {
  rv1::ListContributionsRequest request;
  request.set_period(flags.period);
  request.set_unit_code(flags.unit);
  request.set_section(flags.section);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::ListContributionsResponse out;
  grpc::Status status = stub->ListContributions(&context, request, &out);
  if (!status.ok()) return CallFailed("contributions list", status);
  if (flags.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const rv1::Contribution& c : out.contributions()) {
      list.push_back(ContributionJson(c));
    }
    std::printf("%s\n", list.dump(2).c_str());
    return 0;
  }
  for (const rv1::Contribution& c : out.contributions()) Print(c, flags);
  if (out.contributions_size() == 0) {
    std::fprintf(stderr, "dtctl: contributions list: none for %s\n",
                 flags.period.c_str());
  }
  return 0;
}

}  // namespace dtr::dtctl
