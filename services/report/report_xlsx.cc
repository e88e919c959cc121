#include "services/report/report_xlsx.h"

#include <vector>

#include "absl/strings/str_format.h"
#include "common/xlsx_workbook.h"
#include "services/report/report_context.h"

namespace dtr::report {
namespace {

using C = XlsxCell;

C RatioCell(int64_t numerator, int64_t denominator) {
  return denominator > 0
             ? C::Fraction(static_cast<double>(numerator) / denominator)
             : C::Empty();
}

std::string LevelName(const nlohmann::json& labels, const std::string& level) {
  if (labels.contains("level_titles") &&
      labels["level_titles"].contains(level)) {
    return labels["level_titles"][level].get<std::string>();
  }
  return level;
}

std::string RateName(const nlohmann::json& labels,
                     const std::string& indicator) {
  const std::string key = "stats." + indicator;
  if (labels.contains("figure_names") && labels["figure_names"].contains(key)) {
    return labels["figure_names"][key].get<std::string>();
  }
  return indicator;
}

XlsxSheet FiguresSheet(const FigureMap& figures, const nlohmann::json& labels) {
  XlsxSheet sheet{
      "Chỉ tiêu",
      {"Mã chỉ tiêu", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Giá trị"},
      {}};
  for (const auto& [key, f] : figures) {
    std::vector<C> row = {C::Text(key), C::Text(FigureName(labels, key))};
    if (f.kind == Figure::Kind::kRate) {
      row.push_back(C::Integer(f.numerator));
      row.push_back(C::Integer(f.denominator));
      row.push_back(RatioCell(f.numerator, f.denominator));
      row.push_back(C::Empty());
    } else {
      row.insert(row.end(),
                 {C::Empty(), C::Empty(), C::Empty(), C::Integer(f.value)});
    }
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

XlsxSheet RankingsSheet(const SourceFigures& sources,
                        const nlohmann::json& labels) {
  XlsxSheet sheet{"Xếp hạng",
                  {"Cấp", "Chỉ tiêu", "Xếp hạng", "Mã đơn vị", "Đơn vị",
                   "Tử số", "Mẫu số", "Tỷ lệ"},
                  {}};
  for (const auto& [key, ranking] : sources.rankings) {
    for (const stats::v1::RankedUnit& u : ranking.units()) {
      sheet.rows.push_back(
          {C::Text(LevelName(labels, key.first)),
           C::Text(RateName(labels, key.second)), C::Integer(u.rank()),
           C::Text(u.unit_code()), C::Text(u.unit_name()),
           C::Integer(u.rate().numerator()), C::Integer(u.rate().denominator()),
           RatioCell(u.rate().numerator(), u.rate().denominator())});
    }
  }
  return sheet;
}

XlsxSheet CollectionSheet(const v1::ContributionStatus& status) {
  XlsxSheet sheet{
      "Gửi báo cáo",
      {"Mã đơn vị", "Đơn vị", "Mục", "Hạn", "Tình trạng", "Gửi lúc"},
      {}};
  for (const auto& [list, state] :
       {std::pair{&status.total().missing(), "Chưa gửi"},
        std::pair{&status.total().late(), "Gửi sau thời hạn"}}) {
    for (const v1::ExpectedContribution& e : *list) {
      sheet.rows.push_back({C::Text(e.unit_code()), C::Text(e.unit_name()),
                            C::Text(e.section()), C::Text(e.deadline()),
                            C::Text(state), C::Text(e.submitted_at())});
    }
  }
  return sheet;
}

XlsxSheet AdjustmentsSheet(const std::vector<IssuedMonthFigures>& months,
                           const nlohmann::json& labels) {
  XlsxSheet sheet{"Điều chỉnh",
                  {"Tháng", "Số báo cáo", "Mã chỉ tiêu", "Chỉ tiêu",
                   "Đã ban hành", "Hiện nay"},
                  {}};
  // A rate as its fraction, a count as its value: the same numbers the
  // JSON's changes write as text.
  auto number = [](const Figure& f) {
    return f.kind == Figure::Kind::kRate ? RatioCell(f.numerator, f.denominator)
                                         : C::Integer(f.value);
  };
  for (const IssuedMonthFigures& m : months) {
    const std::string month =
        absl::StrFormat("%04d-%02d", m.month.year(), m.month.month());
    for (const auto& [key, now] : m.now) {
      auto was = m.issued.find(key);
      if (was != m.issued.end() && was->second.Text() == now.Text()) continue;
      sheet.rows.push_back(
          {C::Text(month), C::Text(m.document_number), C::Text(key),
           C::Text(FigureName(labels, key)),
           was == m.issued.end() ? C::Empty() : number(was->second),
           number(now)});
    }
    for (const auto& [key, was] : m.issued) {
      if (m.now.count(key) > 0) continue;
      sheet.rows.push_back({C::Text(month), C::Text(m.document_number),
                            C::Text(key), C::Text(FigureName(labels, key)),
                            number(was), C::Empty()});
    }
  }
  return sheet;
}

}  // namespace

absl::StatusOr<std::string> ReportXlsx(const AssemblyInput& in,
                                       const FigureMap& figures,
                                       const nlohmann::json& labels) {
  std::vector<XlsxSheet> sheets = {FiguresSheet(figures, labels)};
  if (!in.sources->rankings.empty()) {
    sheets.push_back(RankingsSheet(*in.sources, labels));
  }
  if (in.collection) sheets.push_back(CollectionSheet(*in.collection));
  XlsxSheet adjusted = AdjustmentsSheet(in.issued_months, labels);
  if (!adjusted.rows.empty()) sheets.push_back(std::move(adjusted));
  return WriteXlsx(sheets, in.generated_at);
}

}  // namespace dtr::report
