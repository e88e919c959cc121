#include "tools/dtctl/indicators_command.h"

#include <chrono>
#include <cstdio>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpcpp/client_context.h"
#include "nlohmann/json.hpp"
#include "tools/dtctl/progress_bar.h"
#include "tools/dtctl/ratio_output.h"

namespace dtr::dtctl {
namespace {

using nlohmann::ordered_json;

ordered_json BlockJson(const stats::v1::IndicatorSet& set) {
  ordered_json out;
  out["dossiers_received"] = set.dossiers_received();
  out["online_submission"] = RatioJson(set.online_submission());
  out["full_process_online"] = RatioJson(set.full_process_online());
  out["digitization"] = RatioJson(set.digitization());
  out["on_time"] = RatioJson(set.on_time());
  out["payments"] = {
      {"units_with_payments", set.payments().units_with_payments()},
      {"successful_transactions", set.payments().successful_transactions()},
      {"amount_vnd", set.payments().amount_vnd()}};
  return out;
}

}  // namespace

std::string IndicatorsJson(const stats::v1::GetIndicatorsResponse& response) {
  ordered_json out;
  out["unit"] = response.unit().code();
  out["unit_name"] = response.unit().name();
  out["from"] = response.range().start_date();
  out["to"] = response.range().end_date();
  out["total"] = BlockJson(response.total());
  out["levels"] = ordered_json::object();
  for (const auto& level : response.levels()) {
    out["levels"][level.level()] = BlockJson(level.indicators());
  }
  return out.dump(2);
}

std::string IndicatorsTable(const stats::v1::GetIndicatorsResponse& response) {
  std::vector<std::pair<std::string, const stats::v1::IndicatorSet*>> columns =
      {{"all", &response.total()}};
  for (const auto& level : response.levels()) {
    columns.emplace_back(level.level(), &level.indicators());
  }
  struct Line {
    const char* label;
    std::string (*cell)(const stats::v1::IndicatorSet&);
  };
  const Line lines[] = {
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
  // Cells are UTF-8 free (digits and punctuation), so bytes are columns.
  std::vector<size_t> widths(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    widths[c] = columns[c].first.size();
    for (const Line& line : lines) {
      widths[c] = std::max(widths[c], line.cell(*columns[c].second).size());
    }
  }
  std::string out = absl::StrCat(
      response.unit().name(), " (", response.unit().code(), "), ",
      response.range().start_date(), " to ", response.range().end_date(), "\n");
  absl::StrAppend(&out, absl::StrFormat("%-21s", "indicator"));
  for (size_t c = 0; c < columns.size(); ++c) {
    absl::StrAppend(&out, "  ",
                    absl::StrFormat("%*s", widths[c], columns[c].first));
  }
  out += '\n';
  for (const Line& line : lines) {
    absl::StrAppend(&out, absl::StrFormat("%-21s", line.label));
    for (size_t c = 0; c < columns.size(); ++c) {
      absl::StrAppend(
          &out, "  ",
          absl::StrFormat("%*s", widths[c], line.cell(*columns[c].second)));
    }
    out += '\n';
  }
  return out;
}

int ShowIndicators(stats::v1::StatsService::StubInterface* stub,
                   const IndicatorsFlags& flags) {
  stats::v1::GetIndicatorsRequest request;
  request.set_unit_code(flags.unit);
  request.mutable_range()->set_start_date(flags.from);
  request.mutable_range()->set_end_date(flags.to);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(
                           static_cast<int64_t>(flags.timeout_seconds * 1000)));
  stats::v1::GetIndicatorsResponse response;
  grpc::Status status = stub->GetIndicators(&context, request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "dtctl: stats indicators: %s\n",
                 status.error_message().c_str());
    return 1;
  }
  const std::string text =
      flags.json ? IndicatorsJson(response) + "\n" : IndicatorsTable(response);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace dtr::dtctl
