#include "tools/dtctl/indicators_command.h"

#include <cstdio>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "services/stats/indicators_json.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/level_table.h"
#include "tools/dtctl/progress_bar.h"
#include "tools/dtctl/ratio_output.h"

namespace dtr::dtctl {
std::string IndicatorsJson(const stats::v1::GetIndicatorsResponse& response) {
  return stats::IndicatorsJson(response).dump(2);
}

std::string IndicatorsTable(const stats::v1::GetIndicatorsResponse& response) {
  TableColumns<stats::v1::IndicatorSet> columns = {{"all", &response.total()}};
  for (const auto& level : response.levels()) {
    columns.emplace_back(level.level(), &level.indicators());
  }
  const std::vector<TableLine<stats::v1::IndicatorSet>> lines = {
      {"dossiers received",
       [](const stats::v1::IndicatorSet& s) {
         return GroupDigits(s.dossiers_received());
       }},
      {"online submission",
       [](const stats::v1::IndicatorSet& s) {
         return RatioText(s.online_submission());
       }},
      {"full-process online",
       [](const stats::v1::IndicatorSet& s) {
         return RatioText(s.full_process_online());
       }},
      {"digitization",
       [](const stats::v1::IndicatorSet& s) {
         return RatioText(s.digitization());
       }},
      {"on time",
       [](const stats::v1::IndicatorSet& s) { return RatioText(s.on_time()); }},
      {"components digitized at reception",
       [](const stats::v1::IndicatorSet& s) {
         return RatioText(s.component_digitization());
       }},
      {"digitized results reused",
       [](const stats::v1::IndicatorSet& s) {
         return RatioText(s.result_reuse());
       }},
      {"units with payments",
       [](const stats::v1::IndicatorSet& s) {
         return GroupDigits(s.payments().units_with_payments());
       }},
      {"successful payments",
       [](const stats::v1::IndicatorSet& s) {
         return GroupDigits(s.payments().successful_transactions());
       }},
      {"amount paid (VND)",
       [](const stats::v1::IndicatorSet& s) {
         return GroupDigits(s.payments().amount_vnd());
       }},
  };
  return LevelTable(
      absl::StrCat(response.unit().name(), " (", response.unit().code(), "), ",
                   response.range().start_date(), " to ",
                   response.range().end_date()),
      columns, lines);
}

int ShowIndicators(stats::v1::StatsService::StubInterface* stub,
                   const IndicatorsFlags& flags) {
  stats::v1::GetIndicatorsRequest request;
  request.set_unit_code(flags.unit);
  request.mutable_range()->set_start_date(flags.from);
  request.mutable_range()->set_end_date(flags.to);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  stats::v1::GetIndicatorsResponse response;
  grpc::Status status = stub->GetIndicators(&context, request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "dtctl: stats indicators: %s\n",
                 CallProblem(status).c_str());
    return 1;
  }
  const std::string text =
      flags.json ? IndicatorsJson(response) + "\n" : IndicatorsTable(response);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace dtr::dtctl
