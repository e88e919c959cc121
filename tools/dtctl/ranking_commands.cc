#include "tools/dtctl/ranking_commands.h"

#include <cstdio>

#include "common/ratio_json.h"
#include "grpcpp/client_context.h"
#include "nlohmann/json.hpp"
#include "services/stats/indicators_json.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/ratio_output.h"
#include "tools/dtctl/xlsx_output.h"

namespace dtr::dtctl {
namespace {

namespace sv1 = stats::v1;
using nlohmann::ordered_json;

// A rate's counts and ratio, as dtr prints a rate everywhere (the ratio
// absent without a denominator).
void AddRate(const common::v1::Ratio& r, ordered_json* out) {
  const ordered_json rate = RatioJson(r);
  for (const auto& [key, value] : rate.items()) (*out)[key] = value;
}

ordered_json UnitJson(const sv1::RankedUnit& u) {
  ordered_json out = {{"unit", u.unit_code()}, {"name", u.unit_name()}};
  if (u.rank() > 0) out["rank"] = u.rank();
  AddRate(u.rate(), &out);
  return out;
}

// A ranked unit as a row: rank (empty for one too few to rank), code,
// name, numerator, denominator, ratio.
std::vector<XlsxCell> RankedRow(const sv1::RankedUnit& u) {
  std::vector<XlsxCell> row = {
      u.rank() > 0 ? XlsxCell::Integer(u.rank()) : XlsxCell::Empty(),
      XlsxCell::Text(u.unit_code()), XlsxCell::Text(u.unit_name())};
  for (XlsxCell& c : RateCells(u.rate())) row.push_back(std::move(c));
  return row;
}

// Writes `sheets` into --xlsx; the exit status.
int WriteSheets(const std::string& path, const std::vector<XlsxSheet>& sheets) {
  if (absl::Status s = WriteXlsxFile(path, sheets); !s.ok()) {
    std::fprintf(stderr, "dtctl: --xlsx: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}

double Seconds(const RankingFlags& flags) {
  return flags.timeout_seconds > 0 ? flags.timeout_seconds : 60;
}

}  // namespace

int RankUnits(sv1::StatsService::StubInterface* stub,
              const RankingFlags& flags) {
  sv1::RankUnitsRequest request;
  request.set_unit_code(flags.unit);
  request.mutable_range()->set_start_date(flags.from);
  request.mutable_range()->set_end_date(flags.to);
  request.set_level(flags.level);
  request.set_indicator(flags.indicator);
  request.set_min_denominator(flags.min_denominator);
  grpc::ClientContext context;
  SetDeadline(&context, Seconds(flags));
  sv1::RankUnitsResponse out;
  grpc::Status status = stub->RankUnits(&context, request, &out);
  if (!status.ok()) return CallFailed("stats rank", status);
  if (!flags.xlsx.empty()) {
    const std::vector<std::string> header = {"Hạng",  "Mã đơn vị", "Tên đơn vị",
                                             "Tử số", "Mẫu số",    "Tỷ lệ"};
    XlsxSheet ranked{"Xếp hạng", header, {}},
        apart{"Chưa đủ để xếp hạng", header, {}};
    for (const auto& u : out.units()) ranked.rows.push_back(RankedRow(u));
    for (const auto& u : out.too_few()) apart.rows.push_back(RankedRow(u));
    if (int e = WriteSheets(flags.xlsx, {ranked, apart}); e != 0) return e;
  }
  if (flags.json) {
    ordered_json units = ordered_json::array(), too_few = ordered_json::array();
    for (const auto& u : out.units()) units.push_back(UnitJson(u));
    for (const auto& u : out.too_few()) too_few.push_back(UnitJson(u));
    const ordered_json doc = {{"unit", flags.unit},
                              {"level", flags.level},
                              {"indicator", flags.indicator},
                              {"from", flags.from},
                              {"to", flags.to},
                              {"min_denominator", out.min_denominator()},
                              {"units", units},
                              {"too_few", too_few}};
    std::printf("%s\n", doc.dump(2).c_str());
    return 0;
  }
  for (const auto& u : out.units()) {
    std::printf("%4d  %-12s %-40s %s\n", u.rank(), u.unit_code().c_str(),
                u.unit_name().c_str(), RatioText(u.rate()).c_str());
  }
  if (out.too_few_size() > 0) {
    std::printf("too few to rank (denominator below %lld):\n",
                static_cast<long long>(out.min_denominator()));
    for (const auto& u : out.too_few()) {
      std::printf("      %-12s %-40s %s\n", u.unit_code().c_str(),
                  u.unit_name().c_str(), RatioText(u.rate()).c_str());
    }
  }
  return 0;
}

int ShowTrend(sv1::StatsService::StubInterface* stub,
              const RankingFlags& flags) {
  sv1::GetTrendRequest request;
  request.set_unit_code(flags.unit);
  request.set_indicator(flags.indicator);
  request.set_from_month(flags.from);
  request.set_to_month(flags.to);
  grpc::ClientContext context;
  SetDeadline(&context, Seconds(flags));
  sv1::GetTrendResponse out;
  grpc::Status status = stub->GetTrend(&context, request, &out);
  if (!status.ok()) return CallFailed("stats trend", status);
  if (!flags.xlsx.empty()) {
    XlsxSheet sheet{
        "Theo tháng",
        {"Tháng", "Tử số", "Mẫu số", "Tỷ lệ", "Thay đổi so với tháng trước"},
        {}};
    for (const auto& m : out.months()) {
      std::vector<XlsxCell> row = {XlsxCell::Text(m.month())};
      for (XlsxCell& c : RateCells(m.rate())) row.push_back(std::move(c));
      row.push_back(m.has_change() ? XlsxCell::Fraction(m.change())
                                   : XlsxCell::Empty());
      sheet.rows.push_back(std::move(row));
    }
    if (int e = WriteSheets(flags.xlsx, {sheet}); e != 0) return e;
  }
  if (flags.json) {
    ordered_json months = ordered_json::array();
    for (const auto& m : out.months()) {
      ordered_json month = {{"month", m.month()}};
      AddRate(m.rate(), &month);
      month["change"] =
          m.has_change() ? ordered_json(m.change()) : ordered_json();
      months.push_back(month);
    }
    const ordered_json doc = {{"unit", flags.unit},
                              {"indicator", flags.indicator},
                              {"months", months}};
    std::printf("%s\n", doc.dump(2).c_str());
    return 0;
  }
  for (const auto& m : out.months()) {
    std::printf("%s  %-24s", m.month().c_str(), RatioText(m.rate()).c_str());
    if (m.has_change()) std::printf("  %+.2f points", 100 * m.change());
    std::printf("\n");
  }
  return 0;
}

int ShowOutliers(sv1::StatsService::StubInterface* stub,
                 const RankingFlags& flags) {
  sv1::ListOutliersRequest request;
  request.set_unit_code(flags.unit);
  request.set_month(flags.from);
  request.set_threshold(flags.threshold);
  grpc::ClientContext context;
  SetDeadline(&context, Seconds(flags));
  sv1::ListOutliersResponse out;
  grpc::Status status = stub->ListOutliers(&context, request, &out);
  if (!status.ok()) return CallFailed("stats outliers", status);
  if (flags.json) {
    ordered_json list = ordered_json::array();
    for (const auto& o : out.outliers()) {
      list.push_back(stats::OutlierJson(o));
    }
    const ordered_json doc = {{"unit", flags.unit},
                              {"month", flags.from},
                              {"threshold", out.threshold()},
                              {"outliers", list}};
    std::printf("%s\n", doc.dump(2).c_str());
    return 0;
  }
  for (const auto& o : out.outliers()) {
    std::printf("%-12s %-40s %-18s %12.4g (median %.4g, score %+.1f)\n",
                o.unit_code().c_str(), o.unit_name().c_str(),
                o.metric().c_str(), o.value(), o.median(), o.score());
  }
  if (out.outliers_size() == 0) {
    std::printf("no unit stands out (|score| above %.1f)\n", out.threshold());
  }
  return 0;
}

}  // namespace dtr::dtctl
