#include "tools/dtctl/behind_lists.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/security/security_names.h"
#include "services/workforce/workforce_names.h"
#include "tools/dtctl/paged_csv.h"
#include "tools/dtctl/security_csv_rows.h"
#include "tools/dtctl/workforce_csv_rows.h"

namespace dtr::dtctl {
namespace {

namespace sv1 = security::v1;
namespace wv1 = workforce::v1;

std::string SystemLine(const sv1::InformationSystem& s) {
  return absl::StrCat(CsvField(s.system_id()), ",", CsvField(s.name()), ",",
                      CsvField(s.owner_unit()), ",", s.security_level(), ",",
                      security::DossierStatusName(s.dossier().status()), ",",
                      CsvField(s.dossier().decision_no()), ",",
                      CsvField(s.dossier().decision_date()), ",",
                      CsvField(s.dossier().approved_by()), ",",
                      s.soc_monitored() ? 1 : 0);
}

std::string EndpointLine(const sv1::Endpoint& e) {
  return absl::StrCat(CsvField(e.endpoint_id()), ",", CsvField(e.unit_code()),
                      ",", security::EndpointKindName(e.kind()), ",",
                      security::AntimalwareName(e.antimalware()), ",",
                      CsvField(e.last_seen()));
}

std::string StaffLine(const wv1::Staff& s) {
  return absl::StrCat(CsvField(s.staff_id()), ",", CsvField(s.full_name()), ",",
                      CsvField(s.national_id()), ",", CsvField(s.unit_code()),
                      ",", CsvField(s.position()), ",",
                      workforce::RoleName(s.role()), ",",
                      workforce::QualificationName(s.qualification()), ",",
                      workforce::FieldName(s.field()), ",",
                      CsvField(s.start_date()), ",", CsvField(s.end_date()));
}

// --part as the request's, or a usage error.
bool PartOf(const BehindFlags& flags, common::v1::FigurePart* part) {
  if (ParseFigurePart(flags.part, part)) return true;
  std::fprintf(stderr,
               "dtctl: --part '%s' is not one of numerator, denominator, "
               "rest\n",
               flags.part.c_str());
  return false;
}

PagedCsv CsvOf(const BehindFlags& flags, const std::vector<std::string>& header,
               const char* command) {
  return {flags.csv, absl::StrJoin(header, ","), command,
          flags.timeout_seconds};
}

}  // namespace

bool ParseFigurePart(const std::string& word, common::v1::FigurePart* part) {
  if (word == "numerator") {
    *part = common::v1::FIGURE_PART_NUMERATOR;
  } else if (word == "denominator") {
    *part = common::v1::FIGURE_PART_DENOMINATOR;
  } else if (word == "rest") {
    *part = common::v1::FIGURE_PART_REST;
  } else {
    return false;
  }
  return true;
}

int ListSystemsBehind(sv1::SecurityService::StubInterface* stub,
                      const BehindFlags& flags) {
  sv1::ListSystemsBehindRequest request;
  common::v1::FigurePart part;
  if (!PartOf(flags, &part)) return 2;
  request.set_unit_code(flags.unit);
  request.set_as_of(flags.as_of);
  request.set_figure(flags.figure);
  request.set_part(part);
  request.set_level(flags.level);
  request.set_page_size(static_cast<int32_t>(flags.page_size));
  return WritePagedCsv<sv1::ListSystemsBehindResponse>(
      CsvOf(flags, SystemCsvHeader(), "security systems list"),
      absl::StrCat("systems: the ", flags.part, " of ", flags.figure, " for ",
                   flags.unit, " as of ",
                   flags.as_of.empty() ? "today" : flags.as_of),
      [&](grpc::ClientContext* context, const std::string& token,
          sv1::ListSystemsBehindResponse* page) {
        request.set_page_token(token);
        return stub->ListSystemsBehind(context, request, page);
      },
      [](const sv1::ListSystemsBehindResponse& page, CsvWriter* out) {
        for (const auto& s : page.systems()) out->Line(SystemLine(s));
        return page.systems_size();
      });
}

int ListEndpointsBehind(sv1::SecurityService::StubInterface* stub,
                        const BehindFlags& flags) {
  sv1::ListEndpointsBehindRequest request;
  common::v1::FigurePart part;
  if (!PartOf(flags, &part)) return 2;
  sv1::EndpointKind kind = sv1::ENDPOINT_KIND_UNSPECIFIED;
  if (!flags.kind.empty() && !security::ParseEndpointKind(flags.kind, &kind)) {
    std::fprintf(stderr,
                 "dtctl: --kind '%s' is not one of workstation, server\n",
                 flags.kind.c_str());
    return 2;
  }
  request.set_unit_code(flags.unit);
  request.set_as_of(flags.as_of);
  request.set_kind(kind);
  request.set_part(part);
  request.set_level(flags.level);
  request.set_page_size(static_cast<int32_t>(flags.page_size));
  return WritePagedCsv<sv1::ListEndpointsBehindResponse>(
      CsvOf(flags, EndpointCsvHeader(), "security endpoints list"),
      absl::StrCat(flags.kind.empty() ? "endpoints" : flags.kind + "s",
                   ": the ", flags.part, " of the central share for ",
                   flags.unit, " as of ",
                   flags.as_of.empty() ? "today" : flags.as_of),
      [&](grpc::ClientContext* context, const std::string& token,
          sv1::ListEndpointsBehindResponse* page) {
        request.set_page_token(token);
        return stub->ListEndpointsBehind(context, request, page);
      },
      [](const sv1::ListEndpointsBehindResponse& page, CsvWriter* out) {
        for (const auto& e : page.endpoints()) out->Line(EndpointLine(e));
        return page.endpoints_size();
      });
}

int ListStaffBehind(wv1::WorkforceService::StubInterface* stub,
                    const BehindFlags& flags) {
  wv1::ListStaffBehindRequest request;
  common::v1::FigurePart part;
  if (!PartOf(flags, &part)) return 2;
  request.set_unit_code(flags.unit);
  request.mutable_range()->set_start_date(flags.from);
  request.mutable_range()->set_end_date(flags.to);
  request.set_figure(flags.figure.empty() ? "eligible" : flags.figure);
  request.set_part(part);
  request.set_level(flags.level);
  request.set_reveal_national_id(flags.reveal);
  request.set_page_size(static_cast<int32_t>(flags.page_size));
  return WritePagedCsv<wv1::ListStaffBehindResponse>(
      CsvOf(flags, StaffCsvHeader(), "workforce staff list"),
      absl::StrCat("staff: the ", flags.part, " of ", request.figure(), " for ",
                   flags.unit, ", ", flags.from, " to ", flags.to,
                   flags.reveal ? "" : " (national ids masked)"),
      [&](grpc::ClientContext* context, const std::string& token,
          wv1::ListStaffBehindResponse* page) {
        request.set_page_token(token);
        return stub->ListStaffBehind(context, request, page);
      },
      [](const wv1::ListStaffBehindResponse& page, CsvWriter* out) {
        for (const auto& s : page.staff()) out->Line(StaffLine(s));
        return page.staff_size();
      });
}

}  // namespace dtr::dtctl
