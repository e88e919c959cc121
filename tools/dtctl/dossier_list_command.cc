#include "tools/dtctl/dossier_list_command.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpcpp/client_context.h"
#include "services/stats/stats_names.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/csv_rows.h"
#include "tools/dtctl/csv_writer.h"

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

  CsvWriter out;
  if (absl::Status s = out.Open(flags.csv.empty() ? "/dev/stdout" : flags.csv);
      !s.ok()) {
    std::fprintf(stderr, "dtctl: --csv: %s\n", s.ToString().c_str());
    return 1;
  }
  out.Line(absl::StrJoin(DossierCsvHeader(), ","));
  int64_t rows = 0, total = 0;
  while (true) {
    grpc::ClientContext context;
    SetDeadline(&context,
                flags.timeout_seconds > 0 ? flags.timeout_seconds : 60);
    sv1::ListDossiersResponse page;
    grpc::Status status = stub->ListDossiers(&context, request, &page);
    if (!status.ok()) {
      (void)out.Close();
      return CallFailed("stats dossiers", status);
    }
    if (request.page_token().empty()) total = page.total_count();
    for (const sv1::Dossier& d : page.dossiers()) out.Line(CsvLine(d));
    rows += page.dossiers_size();
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  if (absl::Status s = out.Close(); !s.ok()) {
    std::fprintf(stderr, "dtctl: --csv: %s\n", s.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "%lld dossiers: the %s of %s for %s, %s to %s%s\n",
               static_cast<long long>(rows), flags.part.c_str(),
               flags.figure.c_str(), flags.unit.c_str(), flags.from.c_str(),
               flags.to.c_str(),
               rows == total ? ""
                             : absl::StrCat(" (the first page counted ", total,
                                            "; records changed meanwhile)")
                                   .c_str());
  return 0;
}

}  // namespace dtr::dtctl
