#include "tools/dtctl/dossier_list_command.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpcpp/client_context.h"
#include "services/stats/stats_names.h"
#include "tools/dtctl/csv_rows.h"
#include "tools/dtctl/csv_writer.h"
#include "tools/dtctl/paged_csv.h"

namespace dtr::dtctl {
namespace {

namespace sv1 = stats::v1;

// An optional flag as the import reads it: empty when unknown.
const char* FlagField(bool has, bool value) {
  return !has ? "" : value ? "1" : "0";
}

std::string CsvLine(const sv1::Dossier& d) {
  return absl::StrCat(
      CsvField(d.dossier_id()), ",", CsvField(d.unit_code()), ",",
      CsvField(d.procedure_code()), ",", CsvField(d.received_at()), ",",
      stats::ChannelName(d.channel()), ",",
      stats::ServiceLevelName(d.service_level()), ",", d.digitized() ? 1 : 0,
      ",", stats::DossierStatusName(d.status()), ",", CsvField(d.due_at()), ",",
      CsvField(d.finished_at()), ",",
      FlagField(d.has_components_digitized(), d.components_digitized()), ",",
      FlagField(d.has_results_reused(), d.results_reused()));
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
      {flags.csv, absl::StrJoin(DossierCsvHeader(), ","), "stats dossiers",
       flags.timeout_seconds},
      absl::StrCat("dossiers: the ", flags.part, " of ", flags.figure, " for ",
                   flags.unit, ", ", flags.from, " to ", flags.to),
      [&](grpc::ClientContext* context, const std::string& token,
          sv1::ListDossiersResponse* page) {
        request.set_page_token(token);
        return stub->ListDossiers(context, request, page);
      },
      [](const sv1::ListDossiersResponse& page, CsvWriter* out) {
        for (const sv1::Dossier& d : page.dossiers()) out->Line(CsvLine(d));
        return page.dossiers_size();
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
      {flags.csv, absl::StrJoin(PaymentCsvHeader(), ","), "stats payments",
       flags.timeout_seconds},
      absl::StrCat(flags.status.empty() ? "" : flags.status + " ",
                   "payments for ", flags.unit, ", ", flags.from, " to ",
                   flags.to),
      [&](grpc::ClientContext* context, const std::string& token,
          sv1::ListPaymentsResponse* page) {
        request.set_page_token(token);
        return stub->ListPayments(context, request, page);
      },
      [](const sv1::ListPaymentsResponse& page, CsvWriter* out) {
        for (const sv1::Payment& p : page.payments()) {
          out->Line(absl::StrCat(CsvField(p.transaction_id()), ",",
                                 CsvField(p.unit_code()), ",",
                                 CsvField(p.paid_at()), ",", p.amount_vnd(),
                                 ",", stats::PaymentStatusName(p.status())));
        }
        return page.payments_size();
      });
}

}  // namespace dtr::dtctl
