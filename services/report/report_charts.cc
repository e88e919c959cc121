#include "services/report/report_charts.h"

#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstring>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "services/report/cairo_output.h"
#include "services/report/markup_escape.h"
#include "services/report/pango_text.h"
#include "services/report/table_columns.h"

namespace dtr::report {
namespace {

// Blue, orange, green.
constexpr double kColors[][3] = {
    {0.12, 0.38, 0.70}, {0.90, 0.45, 0.05}, {0.20, 0.60, 0.25}};

std::optional<double> Percent(const common::v1::Ratio& r) {
  if (!r.has_ratio()) return std::nullopt;
  return 100 * r.ratio();
}

std::optional<double> RateOf(const stats::v1::IndicatorSet& s,
                             const std::string& rate) {
  if (rate == "online_submission") return Percent(s.online_submission());
  if (rate == "full_process_online") return Percent(s.full_process_online());
  return Percent(s.digitization());
}

std::string Label(const nlohmann::json& labels, const std::string& group,
                  const std::string& key, const std::string& fallback) {
  if (labels.contains("charts") && labels["charts"].contains(group) &&
      labels["charts"][group].contains(key) &&
      labels["charts"][group][key].is_string()) {
    return labels["charts"][group][key].get<std::string>();
  }
  return fallback;
}

// `text` in the document's face at `size` points, its top-left or, with
// `centre`, its top-centre at (x, y); `right` aligns its right edge there.
void Label(cairo_t* cr, const std::string& text, double size, double x,
           double y, int align /* -1 left, 0 centre, 1 right */) {
  LayoutPtr owned = DocumentLayout(cr, size);
  PangoLayout* layout = owned.get();
  pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  const double width = static_cast<double>(w) / PANGO_SCALE;
  cairo_move_to(cr, align < 0 ? x : align == 0 ? x - width / 2 : x - width, y);
  pango_cairo_show_layout(cr, layout);
}

// "72,05" for 72.05.
std::string VnPercent(double p) {
  return absl::StrReplaceAll(absl::StrFormat("%.2f", p), {{".", ","}});
}

}  // namespace

ChartSet ReportCharts(const SourceFigures& sources,
                      const nlohmann::json& labels) {
  ChartSet out;
  Chart& monthly = out["monthly"];
  monthly.kind = Chart::Kind::kLines;
  Chart& levels = out["levels"];
  levels.kind = Chart::Kind::kBars;
  for (const char* rate : kChartedIndicators) {
    monthly.series.push_back({Label(labels, "series", rate, rate), {}});
    levels.series.push_back({Label(labels, "series", rate, rate), {}});
  }
  for (int i = 0; i < sources.months; ++i) {
    monthly.categories.push_back(absl::StrCat("T", i + 1));
    for (size_t s = 0; s < monthly.series.size(); ++s) {
      const common::v1::Ratio* rate =
          MonthlyRate(sources.monthly, kChartedIndicators[s], i);
      monthly.series[s].percents.push_back(rate ? Percent(*rate)
                                                : std::nullopt);
    }
  }
  if (sources.current.stats_ytd) {
    for (const auto& level : sources.current.stats_ytd->levels()) {
      levels.categories.push_back(
          labels.contains("level_titles") &&
                  labels["level_titles"].contains(level.level())
              ? labels["level_titles"][level.level()].get<std::string>()
              : level.level());
      for (size_t s = 0; s < levels.series.size(); ++s) {
        levels.series[s].percents.push_back(
            RateOf(level.indicators(), kChartedIndicators[s]));
      }
    }
    levels.categories.push_back(
        labels.contains("charts") && labels["charts"].contains("total")
            ? labels["charts"]["total"].get<std::string>()
            : "total");
    for (size_t s = 0; s < levels.series.size(); ++s) {
      levels.series[s].percents.push_back(
          RateOf(sources.current.stats_ytd->total(), kChartedIndicators[s]));
    }
  }
  return out;
}

void DrawChart(cairo_t* cr, const Chart& chart, double width, double height) {
  constexpr double kLeft = 34, kRight = 6, kTop = 22, kBottom = 18;
  const double plot_w = width - kLeft - kRight;
  const double plot_h = height - kTop - kBottom;
  auto y_of = [&](double percent) {
    return kTop + plot_h * (1 - std::clamp(percent, 0.0, 100.0) / 100);
  };
  cairo_save(cr);
  // The legend, across the top.
  double x = kLeft;
  for (size_t s = 0; s < chart.series.size(); ++s) {
    const double* c = kColors[s % 3];
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_rectangle(cr, x, 6, 10, 8);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    Label(cr, chart.series[s].name, 8, x + 13, 4, -1);
    x += 13 + TextWidthPoints(chart.series[s].name, 8, false) + 14;
  }
  // The grid and its scale: 0 to 100 %.
  cairo_set_line_width(cr, 0.4);
  for (int p = 0; p <= 100; p += 20) {
    cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
    cairo_move_to(cr, kLeft, y_of(p));
    cairo_line_to(cr, kLeft + plot_w, y_of(p));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    Label(cr, absl::StrCat(p, "%"), 7.5, kLeft - 3, y_of(p) - 5, 1);
  }
  const size_t n = chart.categories.size();
  if (n == 0) {
    cairo_restore(cr);
    return;
  }
  const double step = plot_w / static_cast<double>(n);
  for (size_t i = 0; i < n; ++i) {
    Label(cr, chart.categories[i], 8, kLeft + step * (i + 0.5),
          kTop + plot_h + 3, 0);
  }
  if (chart.kind == Chart::Kind::kBars) {
    const double group = step * 0.8;
    const double bar = group / static_cast<double>(chart.series.size());
    for (size_t s = 0; s < chart.series.size(); ++s) {
      const double* c = kColors[s % 3];
      for (size_t i = 0; i < n && i < chart.series[s].percents.size(); ++i) {
        const std::optional<double>& p = chart.series[s].percents[i];
        if (!p) continue;
        const double bx = kLeft + step * i + step * 0.1 + bar * s;
        cairo_set_source_rgb(cr, c[0], c[1], c[2]);
        cairo_rectangle(cr, bx, y_of(*p), bar * 0.9, kTop + plot_h - y_of(*p));
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        Label(cr, VnPercent(*p), 6, bx + bar * 0.45, y_of(*p) - 8, 0);
      }
    }
  } else {
    for (size_t s = 0; s < chart.series.size(); ++s) {
      const double* c = kColors[s % 3];
      cairo_set_source_rgb(cr, c[0], c[1], c[2]);
      cairo_set_line_width(cr, 1.4);
      bool drawing = false;
      for (size_t i = 0; i < n && i < chart.series[s].percents.size(); ++i) {
        const std::optional<double>& p = chart.series[s].percents[i];
        if (!p) {
          drawing = false;
          continue;
        }
        const double px = kLeft + step * (i + 0.5), py = y_of(*p);
        if (drawing) {
          cairo_line_to(cr, px, py);
        } else {
          cairo_move_to(cr, px, py);
        }
        drawing = true;
      }
      cairo_stroke(cr);
      for (size_t i = 0; i < n && i < chart.series[s].percents.size(); ++i) {
        const std::optional<double>& p = chart.series[s].percents[i];
        if (!p) continue;
        cairo_arc(cr, kLeft + step * (i + 0.5), y_of(*p), 2, 0, 6.2832);
        cairo_fill(cr);
      }
    }
  }
  // The axes.
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, kLeft, kTop);
  cairo_line_to(cr, kLeft, kTop + plot_h);
  cairo_line_to(cr, kLeft + plot_w, kTop + plot_h);
  cairo_stroke(cr);
  cairo_restore(cr);
}

absl::StatusOr<std::string> ChartSvg(const Chart& chart) {
  std::string svg;
  cairo_surface_t* surface = cairo_svg_surface_create_for_stream(
      AppendToString, &svg, kChartWidth, kChartHeight);
  cairo_t* cr = cairo_create(surface);
  DrawChart(cr, chart, kChartWidth, kChartHeight);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("chart: ", cairo_status_to_string(status)));
  }
  return svg;
}

absl::StatusOr<std::string> ChartPng(const Chart& chart, double scale) {
  cairo_surface_t* surface = cairo_image_surface_create(
      CAIRO_FORMAT_RGB24, static_cast<int>(kChartWidth * scale),
      static_cast<int>(kChartHeight * scale));
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  DrawChart(cr, chart, kChartWidth, kChartHeight);
  cairo_destroy(cr);
  std::string png;
  const cairo_status_t status =
      cairo_surface_write_to_png_stream(surface, AppendToString, &png);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("chart: ", cairo_status_to_string(status)));
  }
  return png;
}

absl::StatusOr<std::string> WithInlineCharts(const std::string& html,
                                             const ChartSet& charts) {
  static const std::regex kImage(
      R"re(<p><img src="chart:([A-Za-z0-9_-]+)" alt="([^"]*)" /></p>)re");
  std::string out;
  auto begin = html.cbegin();
  for (std::sregex_iterator it(html.begin(), html.end(), kImage), end;
       it != end; ++it) {
    const std::smatch& m = *it;
    out.append(begin, m[0].first);
    begin = m[0].second;
    auto chart = charts.find(m[1].str());
    if (chart == charts.end()) {
      out += m[0].str();
      continue;
    }
    auto svg = ChartSvg(chart->second);
    if (!svg.ok()) return svg.status();
    // Inline: no XML declaration, no namespace declarations (HTML's parser
    // knows svg and xlink:href; the page names no address at all), and
    // ids of this chart's own.
    std::string inline_svg =
        svg->substr(std::min(svg->size(), svg->find("<svg")));
    const std::string prefix = m[1].str() + "-";
    inline_svg = absl::StrReplaceAll(
        inline_svg, {{" xmlns=\"http://www.w3.org/2000/svg\"", ""},
                     {" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", ""},
                     {"id=\"", "id=\"" + prefix},
                     {"href=\"#", "href=\"#" + prefix},
                     {"url(#", "url(#" + prefix}});
    absl::StrAppend(&out, "<figure class=\"chart\">", inline_svg,
                    "<figcaption>", m[2].str(), "</figcaption></figure>");
  }
  out.append(begin, html.cend());
  return out;
}

std::string WithChartCaptions(const std::string& markdown) {
  static const std::regex kImage(
      R"re(!\[([^\]]*)\]\(chart:[A-Za-z0-9_-]+\))re");
  return std::regex_replace(markdown, kImage, "*$1*");
}

std::string ChartName(const char* url) {
  if (url == nullptr ||
      std::strncmp(url, kChartScheme, std::strlen(kChartScheme)) != 0) {
    return "";
  }
  return url + std::strlen(kChartScheme);
}

std::string ChartParagraph(cmark_node* paragraph) {
  cmark_node* child = cmark_node_first_child(paragraph);
  if (child == nullptr || cmark_node_next(child) != nullptr ||
      cmark_node_get_type(child) != CMARK_NODE_IMAGE) {
    return "";
  }
  return ChartName(cmark_node_get_url(child));
}

}  // namespace dtr::report
