#include "tools/dtctl/security_commands.h"

#include <cstdio>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/dates.h"
#include "grpcpp/client_context.h"
#include "nlohmann/json.hpp"
#include "services/security/compliance_json.h"
#include "services/security/record_csv.h"
#include "services/security/security_names.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/level_table.h"
#include "tools/dtctl/progress_bar.h"
#include "tools/dtctl/ratio_output.h"

namespace dtr::dtctl {
namespace {

namespace sv1 = security::v1;
using nlohmann::ordered_json;

// The import calls of each kind of security record.
template <typename RowT, typename RequestT, typename ResponseT>
struct SecurityKind {
  using Stub = SecurityStub;
  using Row = RowT;
  using Request = RequestT;
  using Response = ResponseT;
  static void SetContext(const ImportFlags& flags, Request* r) {
    r->mutable_context()->set_effective_at(flags.effective);
    r->mutable_context()->set_reason(
        flags.reason.empty() ? absl::StrCat("import of ", flags.file)
                             : flags.reason);
  }
};

struct SystemKind
    : SecurityKind<sv1::InformationSystem, sv1::ImportSystemsRequest,
                   sv1::ImportSystemsResponse> {
  static constexpr const char* kNoun = "systems";
  static const std::vector<std::string>& Header() {
    return security::SystemCsvHeader();
  }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return security::SystemFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_systems(); }
  static void RemoveLast(Request* r) { r->mutable_systems()->RemoveLast(); }
  static int Size(const Request& r) { return r.systems_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportSystems(ctx, response);
  }
};

struct ControlKind
    : SecurityKind<sv1::SystemControl, sv1::ImportSystemControlsRequest,
                   sv1::ImportSystemControlsResponse> {
  static constexpr const char* kNoun = "controls";
  static const std::vector<std::string>& Header() {
    return security::SystemControlCsvHeader();
  }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return security::SystemControlFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_controls(); }
  static void RemoveLast(Request* r) { r->mutable_controls()->RemoveLast(); }
  static int Size(const Request& r) { return r.controls_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportSystemControls(ctx, response);
  }
};

struct EndpointKind : SecurityKind<sv1::Endpoint, sv1::ImportEndpointsRequest,
                                   sv1::ImportEndpointsResponse> {
  static constexpr const char* kNoun = "endpoints";
  static const std::vector<std::string>& Header() {
    return security::EndpointCsvHeader();
  }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return security::EndpointFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_endpoints(); }
  static void RemoveLast(Request* r) { r->mutable_endpoints()->RemoveLast(); }
  static int Size(const Request& r) { return r.endpoints_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportEndpoints(ctx, response);
  }
};

struct IncidentKind : SecurityKind<sv1::Incident, sv1::ImportIncidentsRequest,
                                   sv1::ImportIncidentsResponse> {
  static constexpr const char* kNoun = "incidents";
  static const std::vector<std::string>& Header() {
    return security::IncidentCsvHeader();
  }
  static bool FromCsv(const std::vector<std::string>& f, Row* row,
                      CsvFieldError* e) {
    return security::IncidentFromCsv(f, row, e);
  }
  static Row* Add(Request* r) { return r->add_incidents(); }
  static void RemoveLast(Request* r) { r->mutable_incidents()->RemoveLast(); }
  static int Size(const Request& r) { return r.incidents_size(); }
  static std::unique_ptr<grpc::ClientWriterInterface<Request>> Open(
      Stub* stub, grpc::ClientContext* ctx, Response* response) {
    return stub->ImportIncidents(ctx, response);
  }
};

// A time of the history as the province's clock read it
// ("2023-10-31T08:15:00+07:00"); the service's text if it does not parse.
std::string LocalTime(const std::string& rfc3339) {
  const std::optional<absl::Time> t = ParseInstant(rfc3339);
  return t ? FormatLocalInstant(*t) : rfc3339;
}

}  // namespace

int ImportSystems(SecurityStub* stub, const ImportFlags& flags) {
  return CsvImporter<SystemKind>(stub, flags).Run();
}
int ImportSystemControls(SecurityStub* stub, const ImportFlags& flags) {
  return CsvImporter<ControlKind>(stub, flags).Run();
}
int ImportEndpoints(SecurityStub* stub, const ImportFlags& flags) {
  return CsvImporter<EndpointKind>(stub, flags).Run();
}
int ImportIncidents(SecurityStub* stub, const ImportFlags& flags) {
  return CsvImporter<IncidentKind>(stub, flags).Run();
}

std::string SummaryJson(const sv1::GetComplianceSummaryResponse& r) {
  return security::ComplianceSummaryJson(r).dump(2);
}

std::string SummaryTable(const sv1::GetComplianceSummaryResponse& r) {
  TableColumns<sv1::ComplianceBlock> columns = {{"all", &r.total()}};
  for (const sv1::LevelCompliance& level : r.levels()) {
    columns.emplace_back(level.level(), &level.compliance());
  }
  const std::vector<TableLine<sv1::ComplianceBlock>> lines = {
      {"systems",
       [](const sv1::ComplianceBlock& b) { return GroupDigits(b.systems()); }},
      {"approved dossier",
       [](const sv1::ComplianceBlock& b) {
         return RatioText(b.approved_dossier());
       }},
      {"systems with gaps",
       [](const sv1::ComplianceBlock& b) {
         return GroupDigits(b.systems_with_gaps());
       }},
      {"SOC monitored",
       [](const sv1::ComplianceBlock& b) {
         return RatioText(b.soc_monitored());
       }},
      {"workstations central",
       [](const sv1::ComplianceBlock& b) {
         return RatioText(b.workstation().central_share());
       }},
      {"workstations stale",
       [](const sv1::ComplianceBlock& b) {
         return GroupDigits(b.workstation().stale());
       }},
      {"servers central",
       [](const sv1::ComplianceBlock& b) {
         return RatioText(b.server().central_share());
       }},
      {"open incidents",
       [](const sv1::ComplianceBlock& b) {
         return GroupDigits(b.open_incidents().total());
       }},
  };
  return LevelTable(absl::StrCat(r.unit().name(), " (", r.unit().code(),
                                 "), as of ", r.as_of()),
                    columns, lines);
}

int ShowSummary(SecurityStub* stub, const SecurityViewFlags& flags) {
  sv1::GetComplianceSummaryRequest request;
  request.set_unit_code(flags.unit);
  request.set_as_of(flags.as_of);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  sv1::GetComplianceSummaryResponse response;
  grpc::Status status =
      stub->GetComplianceSummary(&context, request, &response);
  if (!status.ok()) return CallFailed("security summary", status);
  const std::string text =
      flags.json ? SummaryJson(response) + "\n" : SummaryTable(response);
  std::fputs(text.c_str(), stdout);
  return 0;
}

int ShowGaps(SecurityStub* stub, const SecurityViewFlags& flags) {
  sv1::ListGapsRequest request;
  request.set_unit_code(flags.unit);
  request.set_as_of(flags.as_of);
  ordered_json systems = ordered_json::array();
  std::string text;
  do {
    grpc::ClientContext context;
    SetDeadline(&context, flags.timeout_seconds);
    sv1::ListGapsResponse response;
    grpc::Status status = stub->ListGaps(&context, request, &response);
    if (!status.ok()) return CallFailed("security gaps", status);
    for (const sv1::SystemGaps& entry : response.systems()) {
      const sv1::InformationSystem& s = entry.system();
      ordered_json gaps = ordered_json::array();
      // In Vietnamese throughout, as the findings and the catalogue's
      // titles are; --json keeps the API's English keys and codes.
      absl::StrAppend(
          &text, s.system_id(), "  ", s.name(), " (đơn vị ", s.owner_unit(),
          ", cấp độ ", s.security_level(), ", hồ sơ cấp độ: ",
          security::DossierStatusLabel(s.dossier().status()), ")\n");
      for (const sv1::Gap& gap : entry.gaps()) {
        const char* kind = gap.kind() == sv1::Gap::KIND_APPROVAL   ? "approval"
                           : gap.kind() == sv1::Gap::KIND_EVIDENCE ? "evidence"
                                                                   : "control";
        gaps.push_back({{"kind", kind},
                        {"control_id", gap.control_id()},
                        {"title", gap.title()},
                        {"detail", gap.detail()}});
        absl::StrAppend(&text, "    ",
                        gap.control_id().empty() ? "" : gap.control_id() + " ",
                        gap.title(), ": ", gap.detail(), "\n");
      }
      systems.push_back(
          {{"system_id", s.system_id()},
           {"name", s.name()},
           {"owner_unit", s.owner_unit()},
           {"security_level", s.security_level()},
           {"dossier_status",
            std::string(security::DossierStatusName(s.dossier().status()))},
           {"gaps", gaps}});
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (flags.json) {
    ordered_json out;
    out["unit"] = flags.unit;
    out["as_of"] = flags.as_of;
    out["systems"] = systems;
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::fputs(text.empty() ? "không có thiếu sót\n" : text.c_str(), stdout);
  }
  return 0;
}

int ShowHistory(SecurityStub* stub, const SecurityViewFlags& flags) {
  sv1::GetSystemHistoryRequest request;
  request.set_system_id(flags.system);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  sv1::GetSystemHistoryResponse response;
  grpc::Status status = stub->GetSystemHistory(&context, request, &response);
  if (!status.ok()) return CallFailed("security history", status);
  ordered_json events = ordered_json::array();
  std::string text;
  for (const sv1::HistoryEvent& e : response.events()) {
    const std::string effective = LocalTime(e.effective_at());
    const std::string recorded = LocalTime(e.recorded_at());
    events.push_back({{"sequence", e.sequence()},
                      {"entity", e.entity()},
                      {"entity_id", e.entity_id()},
                      {"effective_at", effective},
                      {"recorded_at", recorded},
                      {"actor", e.actor()},
                      {"reason", e.reason()},
                      {"change", e.change()}});
    absl::StrAppend(&text, effective, "  ", absl::StrFormat("%-8s", e.entity()),
                    " ", e.change(), "\n      recorded ", recorded, " by ",
                    e.actor(), e.reason().empty() ? "" : "; " + e.reason(),
                    "\n");
  }
  if (flags.json) {
    ordered_json out;
    out["system_id"] = flags.system;
    out["time_zone"] = "Asia/Ho_Chi_Minh";
    out["events"] = events;
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::fputs(text.c_str(), stdout);
  }
  return 0;
}

}  // namespace dtr::dtctl
