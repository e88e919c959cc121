#include "tools/dtctl/behind_lists.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/security/record_csv.h"
#include "services/security/security_names.h"
#include "services/workforce/record_csv.h"
#include "services/workforce/workforce_names.h"
#include "tools/dtctl/paged_csv.h"
#include "tools/dtctl/xlsx_output.h"

namespace dtr::dtctl {
namespace {

namespace sv1 = security::v1;
namespace wv1 = workforce::v1;

std::vector<XlsxCell> SystemCells(const sv1::InformationSystem& s) {
  using C = XlsxCell;
  return {
      C::Text(s.system_id()),
      C::Text(s.name()),
      C::Text(s.owner_unit()),
      C::Integer(s.security_level()),
      C::Text(std::string(security::DossierStatusName(s.dossier().status()))),
      C::Text(s.dossier().decision_no()),
      C::Text(s.dossier().decision_date()),
      C::Text(s.dossier().approved_by()),
      C::Integer(s.soc_monitored() ? 1 : 0)};
}

std::vector<XlsxCell> EndpointCells(const sv1::Endpoint& e) {
  using C = XlsxCell;
  return {C::Text(e.endpoint_id()), C::Text(e.unit_code()),
          C::Text(std::string(security::EndpointKindName(e.kind()))),
          C::Text(std::string(security::AntimalwareName(e.antimalware()))),
          C::Text(e.last_seen())};
}

std::vector<XlsxCell> StaffCells(const wv1::Staff& s) {
  using C = XlsxCell;
  return {C::Text(s.staff_id()),
          C::Text(s.full_name()),
          C::Text(s.national_id()),
          C::Text(s.unit_code()),
          C::Text(s.position()),
          C::Text(std::string(workforce::RoleName(s.role()))),
          C::Text(std::string(workforce::QualificationName(s.qualification()))),
          C::Text(std::string(workforce::FieldName(s.field()))),
          C::Text(s.start_date()),
          C::Text(s.end_date())};
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
               const char* command, const char* sheet,
               std::vector<std::string> xlsx_header) {
  return {flags.csv,
          header,
          command,
          flags.timeout_seconds,
          flags.xlsx,
          sheet,
          std::move(xlsx_header)};
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
      CsvOf(flags, security::SystemCsvHeader(), "security systems list",
            "Hệ thống",
            {"Mã hệ thống", "Tên hệ thống", "Đơn vị chủ quản", "Cấp độ",
             "Hồ sơ cấp độ", "Số quyết định", "Ngày quyết định",
             "Cơ quan phê duyệt", "Giám sát SOC"}),
      absl::StrCat("systems: the ", flags.part, " of ", flags.figure, " for ",
                   flags.unit, " as of ",
                   flags.as_of.empty() ? "today" : flags.as_of),
      [&](grpc::ClientContext* context, const std::string& token,
          sv1::ListSystemsBehindResponse* page) {
        request.set_page_token(token);
        return stub->ListSystemsBehind(context, request, page);
      },
      [](const sv1::ListSystemsBehindResponse& page, const auto& emit) {
        for (const auto& s : page.systems()) emit(SystemCells(s));
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
      CsvOf(flags, security::EndpointCsvHeader(), "security endpoints list",
            "Thiết bị",
            {"Mã thiết bị", "Mã đơn vị", "Loại", "Phòng chống mã độc",
             "Lần cuối kết nối"}),
      absl::StrCat(flags.kind.empty() ? "endpoints" : flags.kind + "s",
                   ": the ", flags.part, " of the central share for ",
                   flags.unit, " as of ",
                   flags.as_of.empty() ? "today" : flags.as_of),
      [&](grpc::ClientContext* context, const std::string& token,
          sv1::ListEndpointsBehindResponse* page) {
        request.set_page_token(token);
        return stub->ListEndpointsBehind(context, request, page);
      },
      [](const sv1::ListEndpointsBehindResponse& page, const auto& emit) {
        for (const auto& e : page.endpoints()) emit(EndpointCells(e));
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
      CsvOf(flags, workforce::StaffCsvHeader(), "workforce staff list",
            "Cán bộ",
            {"Mã cán bộ", "Họ và tên", "Số định danh", "Mã đơn vị", "Vị trí",
             "Vai trò", "Trình độ", "Chuyên ngành", "Ngày bắt đầu",
             "Ngày kết thúc"}),
      absl::StrCat("staff: the ", flags.part, " of ", request.figure(), " for ",
                   flags.unit, ", ", flags.from, " to ", flags.to,
                   flags.reveal ? "" : " (national ids masked)"),
      [&](grpc::ClientContext* context, const std::string& token,
          wv1::ListStaffBehindResponse* page) {
        request.set_page_token(token);
        return stub->ListStaffBehind(context, request, page);
      },
      [](const wv1::ListStaffBehindResponse& page, const auto& emit) {
        for (const auto& s : page.staff()) emit(StaffCells(s));
      });
}

}  // namespace dtr::dtctl
