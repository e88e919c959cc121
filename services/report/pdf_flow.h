// A PDF laid out from top to bottom on A4 pages with the margins of Decree
// 30/2020/NĐ-CP (decree30_layout.h): paragraphs of Pango markup broken
// across pages line by line, blocks placed whole, page numbers centred at
// the top from page 2. Cairo writes it (PDF 1.5), embedding subsets of the
// fonts with their Unicode maps, so the text extracts with its diacritics;
// the creation date is the report's, so the same content gives the same
// bytes.
//
// Lengths are in points, from the page's top-left corner.
//
// Not thread-safe: a flow belongs to the rendering that made it.
#ifndef DTR_SERVICES_REPORT_PDF_FLOW_H_
#define DTR_SERVICES_REPORT_PDF_FLOW_H_

#include <cairo.h>
#include <pango/pango.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pdf_signing.h"
#include "services/report/pango_text.h"

namespace dtr::report {

struct PdfTextStyle {
  double size = 14;
  bool bold = false;
  bool italic = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  bool justify = false;
  double first_line = 0;   // indent of the first line
  double left = 0;         // indent of every line
  double before = 0;       // space above
  double after = 0;        // space below
  bool keep_next = false;  // on the page of what follows
};

class PdfFlow {
 public:
  struct Metadata {
    std::string title;
    std::string author;
    absl::Time created;
  };
  explicit PdfFlow(const Metadata& metadata);
  ~PdfFlow();
  PdfFlow(const PdfFlow&) = delete;
  PdfFlow& operator=(const PdfFlow&) = delete;

  // The text area.
  double left() const { return left_; }
  double width() const { return width_; }
  double bottom() const { return bottom_; }
  // Where the next block goes, and on which page.
  double y() const { return y_; }
  int page() const { return page_; }

  // `markup` laid out in `style`, `width` wide (style's indents included).
  LayoutPtr Layout(const std::string& markup, const PdfTextStyle& style,
                   double width) const;
  // Its height.
  static double Height(PangoLayout* layout);

  // A paragraph across the text width, broken across pages by line.
  void Paragraph(const std::string& markup, const PdfTextStyle& style);
  // Moves to the next page unless `height` fits below y().
  void Reserve(double height);
  void Advance(double height) { y_ += height; }
  void NewPage();

  // Drawing at absolute positions on the current page.
  void Draw(PangoLayout* layout, double x, double y);
  void Rule(double x1, double y1, double x2, double y2, double width = 0.6);
  void Frame(double x, double y, double width, double height);
  cairo_t* cairo() const { return cr_; }

  // The document's bytes; the flow is finished.
  absl::StatusOr<std::string> Finish();

 private:
  void NumberPage();

  std::string bytes_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  double left_, width_, top_, bottom_;
  double y_;
  int page_ = 0;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_PDF_FLOW_H_
