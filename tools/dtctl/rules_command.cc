#include "tools/dtctl/rules_command.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"

namespace dtr::dtctl {
namespace {

// The answer as JSON with the API's field names.
std::string AnswerJson(const google::protobuf::Message& answer) {
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(answer, &text, options);
  return text + "\n";
}

}  // namespace

std::string ServiceOfKind(const std::string& kind) {
  if (kind == "controls") return "security";
  if (kind == "indicators") return "stats";
  return "";
}

std::string VersionText(const common::v1::RuleVersion& version) {
  const common::v1::LegalBasis& basis = version.legal_basis();
  std::string text = absl::StrCat(
      "in force from ", version.valid_from(), " to ",
      version.valid_to().empty() ? "(no end)" : version.valid_to(), "\n");
  if (basis.number().empty()) {
    absl::StrAppend(&text, "legal basis: none stated (an unversioned file)\n");
  } else {
    absl::StrAppend(
        &text, "legal basis: ", basis.number(), " of ", basis.date(),
        basis.article().empty() ? "" : ", " + basis.article(),
        basis.title().empty() ? "" : " (" + basis.title() + ")", "\n",
        basis.checked() ? "checked against the published text"
                        : "our reading, not yet checked",
        basis.note().empty() ? "" : ": " + basis.note(), "\n");
  }
  absl::StrAppend(&text, "fingerprint: ", version.fingerprint(), "\n");
  return text;
}

int ShowControlsInForce(security::v1::SecurityService::StubInterface* stub,
                        const RulesFlags& flags) {
  security::v1::ListControlsRequest request;
  request.set_on_date(flags.on);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  security::v1::ListControlsResponse response;
  grpc::Status status = stub->ListControls(&context, request, &response);
  if (!status.ok()) return CallFailed("rules show", status);
  std::string text;
  if (flags.json) {
    text = AnswerJson(response);
  } else {
    text = absl::StrCat(
        "controls catalogue\n", VersionText(response.version()),
        "approval of a level dossier valid: ",
        response.approval_valid_years() == 0
            ? std::string("without end")
            : absl::StrCat(response.approval_valid_years(), " years"),
        "\n", response.controls_size(), " controls:\n");
    for (const security::v1::Control& c : response.controls()) {
      absl::StrAppend(&text, "  ", c.control_id(), "  level >= ", c.min_level(),
                      "  review every ", c.review_days(), " days  ", c.title(),
                      "\n");
    }
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

int ShowIndicatorsInForce(stats::v1::StatsService::StubInterface* stub,
                          const RulesFlags& flags) {
  stats::v1::ListIndicatorDefinitionsRequest request;
  request.set_on_date(flags.on);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  stats::v1::ListIndicatorDefinitionsResponse response;
  grpc::Status status =
      stub->ListIndicatorDefinitions(&context, request, &response);
  if (!status.ok()) return CallFailed("rules show", status);
  std::string text;
  if (flags.json) {
    text = AnswerJson(response);
  } else {
    text = absl::StrCat("indicator definitions\n",
                        VersionText(response.version()));
    for (const stats::v1::IndicatorDefinition& d : response.definitions()) {
      absl::StrAppend(&text, d.rate(), "\n  denominator: ", d.denominator(),
                      "\n  numerator:   the denominator's, and ", d.numerator(),
                      "\n");
    }
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace dtr::dtctl
