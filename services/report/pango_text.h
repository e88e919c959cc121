// Text on a cairo surface as every laid-out rendering sets it: a Pango
// layout in the document's face (table_columns.h), sized in points on a
// surface whose unit is the point (72 a inch), with the font's own
// unhinted, unrounded metrics, so that widths agree with the measures the
// tables are fitted by.
//
// Not thread-safe: a layout belongs to the drawing that made it.
#ifndef DTR_SERVICES_REPORT_PANGO_TEXT_H_
#define DTR_SERVICES_REPORT_PANGO_TEXT_H_

#include <cairo.h>
#include <pango/pango.h>

#include <memory>

namespace dtr::report {

struct PangoLayoutDeleter {
  void operator()(PangoLayout* layout) const;
};
using LayoutPtr = std::unique_ptr<PangoLayout, PangoLayoutDeleter>;

// A layout for `cr` in the document's face at `size` points.
LayoutPtr DocumentLayout(cairo_t* cr, double size, bool bold = false,
                         bool italic = false);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_PANGO_TEXT_H_
