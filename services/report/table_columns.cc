#include "services/report/table_columns.h"

#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_split.h"
#include "services/report/markdown.h"

namespace dtr::report {
namespace {

// One Pango context per thread: Pango's font maps are per thread, and a
// context is not safe to share.
PangoContext* ThreadContext() {
  struct Holder {
    PangoContext* context = nullptr;
    ~Holder() {
      if (context != nullptr) g_object_unref(context);
    }
  };
  thread_local Holder holder;
  if (holder.context == nullptr) {
    holder.context =
        pango_font_map_create_context(pango_cairo_font_map_get_default());
    // As the PDF lays text out: points, unhinted metrics.
    pango_cairo_context_set_resolution(holder.context, 72);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(holder.context, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(holder.context, FALSE);
  }
  return holder.context;
}

}  // namespace

double TextWidthPoints(const std::string& text, double size_pt, bool bold) {
  PangoLayout* layout = pango_layout_new(ThreadContext());
  PangoFontDescription* font =
      pango_font_description_from_string(kDocumentFace);
  pango_font_description_set_size(font,
                                  static_cast<int>(size_pt * PANGO_SCALE));
  pango_font_description_set_weight(
      font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
  int width = 0, height = 0;
  pango_layout_get_size(layout, &width, &height);
  pango_font_description_free(font);
  g_object_unref(layout);
  return static_cast<double>(width) / PANGO_SCALE;
}

double LongestWordPoints(const std::string& text, double size_pt, bool bold) {
  double longest = 0;
  for (absl::string_view word :
       absl::StrSplit(text, absl::ByAnyChar(" \t\n"), absl::SkipEmpty())) {
    longest =
        std::max(longest, TextWidthPoints(std::string(word), size_pt, bold));
  }
  return longest;
}

std::vector<double> FitColumns(double total,
                               const std::vector<double>& min_widths) {
  const size_t n = min_widths.size();
  std::vector<double> widths(n);
  if (n == 0) return widths;
  const double unit = total / static_cast<double>(n + 1);
  double deficit = 0, slack = 0;
  for (size_t i = 0; i < n; ++i) {
    widths[i] = i == 0 ? 2 * unit : unit;
    if (widths[i] < min_widths[i]) {
      deficit += min_widths[i] - widths[i];
    } else {
      slack += widths[i] - min_widths[i];
    }
  }
  if (deficit == 0) return widths;
  // Each column with room gives in proportion to its room.
  const double share = slack > 0 ? std::min(1.0, deficit / slack) : 0;
  for (size_t i = 0; i < n; ++i) {
    if (widths[i] < min_widths[i]) {
      widths[i] = min_widths[i];
    } else {
      widths[i] -= (widths[i] - min_widths[i]) * share;
    }
  }
  return widths;
}

std::vector<double> TableColumnWidths(cmark_node* table, int columns,
                                      double total, double size_pt,
                                      double margins) {
  std::vector<double> min_widths(columns, 0);
  for (cmark_node* row = cmark_node_first_child(table); row != nullptr;
       row = cmark_node_next(row)) {
    int c = 0;
    for (cmark_node* cell = cmark_node_first_child(row);
         cell != nullptr && c < columns; cell = cmark_node_next(cell), ++c) {
      min_widths[c] =
          std::max(min_widths[c],
                   LongestWordPoints(PlainText(cell), size_pt, true) + margins);
    }
  }
  return FitColumns(total, min_widths);
}

}  // namespace dtr::report
