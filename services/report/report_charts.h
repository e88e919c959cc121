// The report's charts, where people would rather look than read: the
// month-by-month online-submission, full-process-online and digitization
// rates of the year, and the same rates per level. One drawing (cairo)
// makes each chart as vector graphics in the PDF, as inline SVG in the
// HTML and as a PNG image in the DOCX; the documents print the numbers in
// a table beside each.
//
// In the body's Markdown a chart is an image whose address is "chart:" and
// its name (`![Biểu đồ 1. …](chart:monthly)`); each renderer puts the chart
// there.
//
// Pure functions; thread-safe.
#ifndef DTR_SERVICES_REPORT_REPORT_CHARTS_H_
#define DTR_SERVICES_REPORT_REPORT_CHARTS_H_

#include <cairo.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cmark-gfm.h"
#include "nlohmann/json.hpp"
#include "services/report/figure_sources.h"

namespace dtr::report {

struct ChartSeries {
  std::string name;
  std::vector<std::optional<double>> percents;  // one per category
};

struct Chart {
  enum class Kind { kLines, kBars };
  Kind kind = Kind::kLines;
  std::vector<std::string> categories;  // "T1", … or "Cấp tỉnh", …
  std::vector<ChartSeries> series;
};

// Charts by name ("monthly", "levels").
using ChartSet = std::map<std::string, Chart>;

inline constexpr char kChartScheme[] = "chart:";
// The size charts are drawn at, in points: the text width, a third as high.
inline constexpr double kChartWidth = 450;
inline constexpr double kChartHeight = 190;

// The charts of a month's report: the year's months up to the report's,
// and the levels of the year to date. Series names come from the labels'
// "charts", level names from its "level_titles".
ChartSet ReportCharts(const SourceFigures& sources,
                      const nlohmann::json& labels);

// Draws `chart` in a `width` × `height` box at the origin of `cr`.
void DrawChart(cairo_t* cr, const Chart& chart, double width, double height);

// The chart as an SVG document and as a PNG image (`scale` pixels a point).
absl::StatusOr<std::string> ChartSvg(const Chart& chart);
absl::StatusOr<std::string> ChartPng(const Chart& chart, double scale);

// `html` (cmark's) with each chart image replaced by its drawing, inline
// SVG in a figure with the image's text as caption; ids inside each SVG
// are prefixed with its name, so that two charts' glyphs never mix.
absl::StatusOr<std::string> WithInlineCharts(const std::string& html,
                                             const ChartSet& charts);

// `markdown` with each chart image replaced by its caption in italics
// (Markdown has no drawing; the numbers are in the table beside it).
std::string WithChartCaptions(const std::string& markdown);

// The chart name an image address names ("chart:monthly" → "monthly"); ""
// for any other address.
std::string ChartName(const char* url);

// The chart a Markdown paragraph is, when it holds only such an image; "".
std::string ChartParagraph(cmark_node* paragraph);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_CHARTS_H_
