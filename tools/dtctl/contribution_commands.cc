#include "tools/dtctl/contribution_commands.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
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

nlohmann::json RequestJson(const rv1::ContributionRequest& r) {
  return {{"unit", r.unit_code()},
          {"unit_name", r.unit_name()},
          {"level", r.level()},
          {"section", r.section()},
          {"deadline", r.deadline()},
          {"by_default", r.by_default()},
          {"requested_at", r.requested_at()},
          {"requested_by", r.requested_by()}};
}

nlohmann::json ExpectedJson(const rv1::ExpectedContribution& e) {
  nlohmann::json out = {{"unit", e.unit_code()},
                        {"section", e.section()},
                        {"unit_name", e.unit_name()},
                        {"level", e.level()},
                        {"deadline", e.deadline()}};
  if (!e.submitted_at().empty()) out["submitted_at"] = e.submitted_at();
  return out;
}

// The counts and lists of `rates` into `out`.
void AddRates(const rv1::ReportingRates& rates, nlohmann::json* out) {
  (*out)["expected"] = rates.expected();
  (*out)["submitted"] = rates.submitted();
  (*out)["on_time"] = rates.on_time();
  (*out)["accepted"] = rates.accepted();
  nlohmann::json missing = nlohmann::json::array();
  for (const auto& e : rates.missing()) missing.push_back(ExpectedJson(e));
  nlohmann::json late = nlohmann::json::array();
  for (const auto& e : rates.late()) late.push_back(ExpectedJson(e));
  (*out)["missing"] = missing;
  (*out)["late"] = late;
}

void PrintRatesLine(const std::string& what, const rv1::ReportingRates& r) {
  std::printf("  %-26s %8d %9d %7d %8d\n", what.c_str(), r.expected(),
              r.submitted(), r.on_time(), r.accepted());
}

void PrintRequests(const rv1::RequestContributionsResponse& out,
                   const ReportFlags& flags) {
  if (flags.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : out.requests()) list.push_back(RequestJson(r));
    std::printf("%s\n", list.dump(2).c_str());
    return;
  }
  for (const auto& r : out.requests()) {
    std::printf("%-10s %-28s %-24s due %s%s\n", r.unit_code().c_str(),
                r.unit_name().c_str(), r.section().c_str(),
                r.deadline().c_str(), r.by_default() ? " (default)" : "");
  }
}

}  // namespace

int RequestContributions(ReportStub* stub, const ReportFlags& flags) {
  rv1::RequestContributionsRequest request;
  request.set_period(flags.period);
  for (absl::string_view s :
       absl::StrSplit(flags.section, ',', absl::SkipWhitespace())) {
    request.add_sections(std::string(absl::StripAsciiWhitespace(s)));
  }
  for (absl::string_view u :
       absl::StrSplit(flags.units, ',', absl::SkipWhitespace())) {
    request.add_unit_codes(std::string(absl::StripAsciiWhitespace(u)));
  }
  request.set_subtree(flags.subtree);
  request.set_level(flags.level);
  request.set_deadline(flags.deadline);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::RequestContributionsResponse out;
  grpc::Status status = stub->RequestContributions(&context, request, &out);
  if (!status.ok()) return CallFailed("contributions request", status);
  PrintRequests(out, flags);
  return 0;
}

int ListContributionRequests(ReportStub* stub, const ReportFlags& flags) {
  rv1::ListContributionRequestsRequest request;
  request.set_period(flags.period);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::RequestContributionsResponse out;
  grpc::Status status = stub->ListContributionRequests(&context, request, &out);
  if (!status.ok()) return CallFailed("contributions requests", status);
  PrintRequests(out, flags);
  if (out.requests_size() == 0 && !flags.json) {
    std::fprintf(stderr,
                 "dtctl: contributions requests: nothing asked for %s (no "
                 "request, and no default for it)\n",
                 flags.period.c_str());
  }
  return 0;
}

int ContributionStatus(ReportStub* stub, const ReportFlags& flags) {
  rv1::GetContributionStatusRequest request;
  request.set_period(flags.period);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::ContributionStatus out;
  grpc::Status status = stub->GetContributionStatus(&context, request, &out);
  if (!status.ok()) return CallFailed("contributions status", status);
  if (flags.json) {
    nlohmann::json doc = {{"period", out.period()}, {"as_of", out.as_of()}};
    AddRates(out.total(), &doc);
    nlohmann::json sections = nlohmann::json::array();
    for (const rv1::SectionRates& s : out.sections()) {
      nlohmann::json one = {{"section", s.section()}};
      AddRates(s.rates(), &one);
      sections.push_back(one);
    }
    nlohmann::json levels = nlohmann::json::array();
    for (const rv1::LevelRates& l : out.levels()) {
      nlohmann::json one = {{"level", l.level()}};
      AddRates(l.rates(), &one);
      levels.push_back(one);
    }
    doc["sections"] = sections;
    doc["levels"] = levels;
    std::printf("%s\n", doc.dump(2).c_str());
    return 0;
  }
  std::printf("%s, as of %s\n  %-26s %8s %9s %7s %8s\n", out.period().c_str(),
              out.as_of().c_str(), "", "expected", "submitted", "on time",
              "accepted");
  PrintRatesLine("all", out.total());
  for (const rv1::SectionRates& s : out.sections()) {
    PrintRatesLine("section " + s.section(), s.rates());
  }
  for (const rv1::LevelRates& l : out.levels()) {
    PrintRatesLine("level " + (l.level().empty() ? "(none)" : l.level()),
                   l.rates());
  }
  for (const auto& e : out.total().missing()) {
    std::printf("missing: %s %s, %s, due %s\n", e.unit_code().c_str(),
                e.unit_name().c_str(), e.section().c_str(),
                e.deadline().c_str());
  }
  for (const auto& e : out.total().late()) {
    std::printf("late:    %s %s, %s, due %s, submitted %s\n",
                e.unit_code().c_str(), e.unit_name().c_str(),
                e.section().c_str(), e.deadline().c_str(),
                e.submitted_at().c_str());
  }
  if (out.total().expected() == 0) {
    std::fprintf(stderr,
                 "dtctl: contributions status: nothing asked for %s (no "
                 "request, and no default for it)\n",
                 flags.period.c_str());
  }
  return 0;
}

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
