// What the templates see: the report's figures, formatted the Vietnamese
// way, with the narratives, the issuer's settings and the checks, as one
// JSON tree (see services/report/templates/README.md for its names).
//
// Every number in it comes from the FigureMap, so that the document says
// exactly what the JSON rendering lists.
#ifndef DTR_SERVICES_REPORT_REPORT_CONTEXT_H_
#define DTR_SERVICES_REPORT_REPORT_CONTEXT_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "dtr/report/v1/report.pb.h"
#include "nlohmann/json.hpp"
#include "services/report/figure_sources.h"
#include "services/report/report_figures.h"

namespace dtr::report {

// An earlier month's issued report, and that month's figures now: a
// figure that differs changed after the month was issued (a dossier
// received then and finished since, say).
struct IssuedMonthFigures {
  absl::CivilMonth month;
  std::string document_number;
  std::string issued_at;  // RFC 3339
  FigureMap issued;
  FigureMap now;
};

struct ContextInput {
  std::string unit_code;
  std::string unit_name;
  absl::CivilMonth month;
  absl::CivilDay payments_through;
  std::optional<absl::CivilDay> issue_date;
  const PeriodFigures* current = nullptr;
  // The charted rates month by month, January to the report's month
  // (figure_sources.h); null: none.
  const std::map<std::string, stats::v1::GetTrendResponse>* monthly = nullptr;
  int months = 0;
  const FigureMap* figures = nullptr;
  // The previous month's report, and what it was taken from.
  const FigureMap* previous = nullptr;
  std::string previous_source;
  const v1::ReportSettings* settings = nullptr;
  const std::vector<v1::Narrative>* narratives = nullptr;
  const std::vector<v1::Inconsistency>* inconsistencies = nullptr;
  std::set<std::string> missing;  // services that did not answer
  // Blocks whose service answered but counted nothing (EmptyBlocks).
  std::set<std::string> empty;
  int version = 0;
  absl::Time generated_at;
  // How the units reported for the period; null when nothing was asked.
  const v1::ContributionStatus* collection = nullptr;
  // The units of each level ranked by each rate, year to date (level,
  // indicator); null: none.
  const std::map<std::pair<std::string, std::string>,
                 stats::v1::RankUnitsResponse>* rankings = nullptr;
  // The units whose month stands far from their history; null: none.
  const stats::v1::ListOutliersResponse* outliers = nullptr;
  // The issued months whose figures may have changed since; null: none.
  const std::vector<IssuedMonthFigures>* issued_months = nullptr;
};

// A figure as the document names it ("Tỷ lệ hồ sơ TTHC được số hoá, tổng
// cộng"), from `labels` (labels.json); its key when they do not name it.
std::string FigureName(const nlohmann::json& labels, const std::string& key);

// `labels` is the template set's labels.json.
nlohmann::json BuildContext(const ContextInput& in,
                            const nlohmann::json& labels);

// A figure for a table cell: "434.846", "293.670/407.595 (72,05%)" (two
// decimals, so that a column lines up), "4.920,426 triệu đồng"; "—" for a
// rate with nothing to divide by.
std::string FigureDisplay(const Figure& f);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_CONTEXT_H_
