#include "services/report/pango_text.h"

#include <pango/pangocairo.h>

#include "services/report/table_columns.h"

namespace dtr::report {

void PangoLayoutDeleter::operator()(PangoLayout* layout) const {
  g_object_unref(layout);
}

LayoutPtr DocumentLayout(cairo_t* cr, double size, bool bold, bool italic) {
  LayoutPtr layout(pango_cairo_create_layout(cr));
  PangoContext* context = pango_layout_get_context(layout.get());
  pango_cairo_context_set_resolution(context, 72);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, options);
  cairo_font_options_destroy(options);
  // Glyph positions as the font gives them, not rounded to whole points.
  pango_context_set_round_glyph_positions(context, FALSE);
  pango_layout_context_changed(layout.get());
  PangoFontDescription* font =
      pango_font_description_from_string(kDocumentFace);
  pango_font_description_set_size(font, static_cast<int>(size * PANGO_SCALE));
  if (bold) pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
  if (italic) pango_font_description_set_style(font, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);
  return layout;
}

}  // namespace dtr::report
