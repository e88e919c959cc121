#include "tools/dtctl/rules_command.h"

#include <cstdio>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"

namespace dtr::dtctl {
namespace {

// Makes the call `call(context, answer)` under the flags' deadline and
// prints its answer: as JSON with the API's field names, or as
// `text(answer)`. The process's exit code.
template <typename Answer, typename Call, typename Text>
int ShowAnswer(const RulesFlags& flags, Call call, Text text) {
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  Answer answer;
  grpc::Status status = call(&context, &answer);
  if (!status.ok()) return CallFailed("rules show", status);
  std::string out;
  if (flags.json) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(answer, &out, options);
    out += "\n";
  } else {
    out = text(answer);
  }
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace

std::string ServiceOfKind(const std::string& kind) {
  if (kind == "controls") return "security";
  if (kind == "indicators") return "stats";
  if (kind == "settings" || kind == "templates") return "report";
  return "";
}

std::string VersionText(const common::v1::RuleVersion& version) {
  const common::v1::LegalBasis& basis = version.legal_basis();
  std::string text =
      version.valid_from().empty()
          ? std::string("in force on every day (the file has no versions)\n")
          : absl::StrCat(
                "in force from ", version.valid_from(), " to ",
                version.valid_to().empty() ? "(no end)" : version.valid_to(),
                "\n");
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
  if (!version.fingerprint().empty()) {
    absl::StrAppend(&text, "fingerprint: ", version.fingerprint(), "\n");
  }
  return text;
}

int ShowControlsInForce(security::v1::SecurityService::StubInterface* stub,
                        const RulesFlags& flags) {
  security::v1::ListControlsRequest request;
  request.set_on_date(flags.on);
  return ShowAnswer<security::v1::ListControlsResponse>(
      flags,
      [&](grpc::ClientContext* context,
          security::v1::ListControlsResponse* answer) {
        return stub->ListControls(context, request, answer);
      },
      [](const security::v1::ListControlsResponse& answer) {
        std::string text = absl::StrCat(
            "controls catalogue\n", VersionText(answer.version()),
            "approval of a level dossier valid: ",
            answer.approval_valid_years() == 0
                ? std::string("without end")
                : absl::StrCat(answer.approval_valid_years(), " years"),
            "\n", answer.controls_size(), " controls:\n");
        for (const security::v1::Control& c : answer.controls()) {
          absl::StrAppend(&text, "  ", c.control_id(),
                          "  level >= ", c.min_level(), "  review every ",
                          c.review_days(), " days  ", c.title(), "\n");
        }
        return text;
      });
}

int ShowIndicatorsInForce(stats::v1::StatsService::StubInterface* stub,
                          const RulesFlags& flags) {
  stats::v1::ListIndicatorDefinitionsRequest request;
  request.set_on_date(flags.on);
  return ShowAnswer<stats::v1::ListIndicatorDefinitionsResponse>(
      flags,
      [&](grpc::ClientContext* context,
          stats::v1::ListIndicatorDefinitionsResponse* answer) {
        return stub->ListIndicatorDefinitions(context, request, answer);
      },
      [](const stats::v1::ListIndicatorDefinitionsResponse& answer) {
        std::string text = absl::StrCat("indicator definitions\n",
                                        VersionText(answer.version()));
        for (const stats::v1::IndicatorDefinition& d : answer.definitions()) {
          absl::StrAppend(&text, d.rate(), "\n  denominator: ", d.denominator(),
                          "\n  numerator:   the denominator's, and ",
                          d.numerator(), "\n");
        }
        return text;
      });
}

int ShowSettingsInForce(report::v1::ReportService::StubInterface* stub,
                        const RulesFlags& flags) {
  report::v1::GetSettingsRequest request;
  request.set_unit_code(flags.unit);
  request.set_on_date(flags.on);
  return ShowAnswer<report::v1::ReportSettings>(
      flags,
      [&](grpc::ClientContext* context, report::v1::ReportSettings* answer) {
        return stub->GetSettings(context, request, answer);
      },
      [](const report::v1::ReportSettings& s) {
        common::v1::RuleVersion version;
        version.set_valid_from(s.valid_from().empty() ? "the start"
                                                      : s.valid_from());
        version.set_valid_to(s.valid_to());
        *version.mutable_legal_basis() = s.legal_basis();
        std::string text = absl::StrCat("report settings of ", s.unit_code(),
                                        "\n", VersionText(version));
        absl::StrAppend(&text, "issuer: ", s.issuer_parent(), " / ", s.issuer(),
                        "\ndocument symbol: ", s.document_symbol(),
                        "\nplace: ", s.place(),
                        "\nsigner: ", absl::StrJoin(s.signer_title(), " "), " ",
                        s.signer_name(), "\n");
        return text;
      });
}

int ShowTemplatesInForce(report::v1::ReportService::StubInterface* stub,
                         const RulesFlags& flags) {
  report::v1::GetTemplatesRequest request;
  request.set_on_date(flags.on);
  return ShowAnswer<report::v1::TemplatesInForce>(
      flags,
      [&](grpc::ClientContext* context, report::v1::TemplatesInForce* answer) {
        return stub->GetTemplates(context, request, answer);
      },
      [](const report::v1::TemplatesInForce& t) {
        std::string text = absl::StrCat(
            "report templates\n", VersionText(t.version()),
            "title: ", t.title(), "\n", "summary: ", t.summary(), "\n");
        if (t.replaced().empty()) {
          absl::StrAppend(&text, "the directory's templates as they are\n");
        }
        // Sorted: a protobuf map has no order.
        const std::map<std::string, std::string> replaced(t.replaced().begin(),
                                                          t.replaced().end());
        for (const auto& [name, source] : replaced) {
          absl::StrAppend(&text, "  ", name, " <- ", source,
                          name == "labels.json" ? " (merged onto it)" : "",
                          "\n");
        }
        return text;
      });
}

}  // namespace dtr::dtctl
