#include "tools/dtctl/dossier_list_command.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpcpp/client_context.h"
#include "services/stats/record_csv.h"
#include "services/stats/stats_names.h"
#include "tools/dtctl/csv_writer.h"
#include "tools/dtctl/paged_csv.h"
#include "tools/dtctl/xlsx_output.h"

namespace dtr::dtctl {
namespace {

namespace sv1 = stats::v1;

// An optional flag as the import reads it: empty when unknown.
XlsxCell FlagCell(bool has, bool value) {
  return has ? XlsxCell::Integer(value ? 1 : 0) : XlsxCell::Empty();
}

std::vector<XlsxCell> DossierCells(const sv1::Dossier& d) {
  using C = XlsxCell;
  return {C::Text(d.dossier_id()),
          C::Text(d.unit_code()),
          C::Text(d.procedure_code()),
          C::Text(d.received_at()),
          C::Text(std::string(stats::ChannelName(d.channel()))),
          C::Text(std::string(stats::ServiceLevelName(d.service_level()))),
          C::Integer(d.digitized() ? 1 : 0),
          C::Text(std::string(stats::DossierStatusName(d.status()))),
          C::Text(d.due_at()),
          C::Text(d.finished_at()),
          FlagCell(d.has_components_digitized(), d.components_digitized()),
          FlagCell(d.has_results_reused(), d.results_reused())};
}

std::vector<XlsxCell> PaymentCells(const sv1::Payment& p) {
  using C = XlsxCell;
  return {C::Text(p.transaction_id()), C::Text(p.unit_code()),
          C::Text(p.paid_at()), C::Integer(p.amount_vnd()),
          C::Text(std::string(stats::PaymentStatusName(p.status())))};
}

}  // namespace

int ListDossiers(sv1::StatsService::StubInterface* stub,
                 const DossierListFlags& flags) {
  sv1::ListDossiersRequest request;
  request.set_unit_code(flags.unit);
  request.mutable_range()->set_start_date(flags.from);
  request.mutable_range()->set_end_date(flags.to);
  request.set_figure(flags.figure);
  if (flags.part == "numerator") {
    request.set_part(sv1::FIGURE_PART_NUMERATOR);
  } else if (flags.part == "denominator") {
    request.set_part(sv1::FIGURE_PART_DENOMINATOR);
  } else if (flags.part == "rest") {
    request.set_part(sv1::FIGURE_PART_REST);
  } else {
    std::fprintf(stderr,
                 "dtctl: --part '%s' is not one of numerator, denominator, "
                 "rest\n",
                 flags.part.c_str());
    return 2;
  }
  request.set_level(flags.level);
  request.set_only_unit(flags.only_unit);
  request.set_procedure_code(flags.procedure);
  request.set_page_size(static_cast<int32_t>(flags.page_size));

  return WritePagedCsv<sv1::ListDossiersResponse>(
      {flags.csv,
       stats::DossierCsvHeader(),
       "stats dossiers",
       flags.timeout_seconds,
       flags.xlsx,
       "Hồ sơ",
       {"Mã hồ sơ", "Mã đơn vị", "Mã thủ tục", "Ngày tiếp nhận", "Kênh nộp",
        "Mức độ dịch vụ", "Đã số hoá", "Trạng thái", "Hạn trả kết quả",
        "Ngày trả kết quả", "Số hoá thành phần khi tiếp nhận",
        "Tái sử dụng kết quả số hoá"}},
      absl::StrCat("dossiers: the ", flags.part, " of ", flags.figure, " for ",
                   flags.unit, ", ", flags.from, " to ", flags.to),
      [&](grpc::ClientContext* context, const std::string& token,
          sv1::ListDossiersResponse* page) {
        request.set_page_token(token);
        return stub->ListDossiers(context, request, page);
      },
      [](const sv1::ListDossiersResponse& page, const auto& emit) {
        for (const sv1::Dossier& d : page.dossiers()) emit(DossierCells(d));
      });
}

int ListPayments(sv1::StatsService::StubInterface* stub,
                 const DossierListFlags& flags) {
  sv1::ListPaymentsRequest request;
  sv1::PaymentStatus status = sv1::PAYMENT_STATUS_UNSPECIFIED;
  if (!flags.status.empty() &&
      !stats::ParsePaymentStatus(flags.status, &status)) {
    std::fprintf(stderr, "dtctl: --status '%s' is not one of success, failed\n",
                 flags.status.c_str());
    return 2;
  }
  request.set_unit_code(flags.unit);
  request.mutable_range()->set_start_date(flags.from);
  request.mutable_range()->set_end_date(flags.to);
  request.set_status(status);
  request.set_level(flags.level);
  request.set_only_unit(flags.only_unit);
  request.set_page_size(static_cast<int32_t>(flags.page_size));
  return WritePagedCsv<sv1::ListPaymentsResponse>(
      {flags.csv,
       stats::PaymentCsvHeader(),
       "stats payments",
       flags.timeout_seconds,
       flags.xlsx,
       "Thanh toán",
       {"Mã giao dịch", "Mã đơn vị", "Thời điểm thanh toán", "Số tiền (đồng)",
        "Trạng thái"}},
      absl::StrCat(flags.status.empty() ? "" : flags.status + " ",
                   "payments for ", flags.unit, ", ", flags.from, " to ",
                   flags.to),
      [&](grpc::ClientContext* context, const std::string& token,
          sv1::ListPaymentsResponse* page) {
        request.set_page_token(token);
        return stub->ListPayments(context, request, page);
      },
      [](const sv1::ListPaymentsResponse& page, const auto& emit) {
        for (const sv1::Payment& p : page.payments()) emit(PaymentCells(p));
      });
}

}  // namespace dtr::dtctl
