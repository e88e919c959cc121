#include "services/report/pdf_flow.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "services/report/cairo_output.h"
#include "services/report/decree30_layout.h"
#include "services/report/table_columns.h"

namespace dtr::report {
namespace {

constexpr double kLineSpacing = 1.2;  // as the DOCX's 288/240
// Page numbers: 10 mm below the page's top edge.
constexpr double kPageNumberTop = 28.35;

}  // namespace

PdfFlow::PdfFlow(const Metadata& m)
    : surface_(cairo_pdf_surface_create_for_stream(AppendToString, &bytes_,
                                                   TwipsToPoints(kPageWidth),
                                                   TwipsToPoints(kPageHeight))),
      cr_(cairo_create(surface_)),
      left_(TwipsToPoints(kMarginLeft)),
      width_(TwipsToPoints(kTextWidth)),
      top_(TwipsToPoints(kMarginTop)),
      bottom_(TwipsToPoints(kPageHeight - kMarginBottom)),
      y_(top_) {
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE,
                                 m.title.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_AUTHOR,
                                 m.author.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "dtr");
  // The form cairo takes: "2023-10-31T09:00:00+07:00".
  const std::string date = FormatLocalInstant(m.created);
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATE_DATE,
                                 date.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_MOD_DATE,
                                 date.c_str());
  cairo_set_source_rgb(cr_, 0, 0, 0);
}

PdfFlow::~PdfFlow() {
  if (cr_ != nullptr) cairo_destroy(cr_);
  if (surface_ != nullptr) cairo_surface_destroy(surface_);
}

LayoutPtr PdfFlow::Layout(const std::string& markup, const PdfTextStyle& s,
                          double width) const {
  LayoutPtr layout = DocumentLayout(cr_, s.size, s.bold, s.italic);
  pango_layout_set_width(layout.get(),
                         static_cast<int>((width - s.left) * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), s.align);
  pango_layout_set_justify(layout.get(), s.justify);
  pango_layout_set_indent(layout.get(),
                          static_cast<int>(s.first_line * PANGO_SCALE));
  pango_layout_set_line_spacing(layout.get(), kLineSpacing);
  pango_layout_set_markup(layout.get(), markup.data(),
                          static_cast<int>(markup.size()));
  return layout;
}

double PdfFlow::Height(PangoLayout* layout) {
  int width = 0, height = 0;
  pango_layout_get_size(layout, &width, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

void PdfFlow::Paragraph(const std::string& markup, const PdfTextStyle& s) {
  LayoutPtr layout = Layout(markup, s, width_);
  y_ += s.before;
  if (s.keep_next) {
    // A heading stays with the two lines that follow it.
    Reserve(Height(layout.get()) + 2 * kLineSpacing * 14);
  }
  const double x = left_ + s.left;
  PangoLayoutIter* it = pango_layout_get_iter(layout.get());
  double shift = y_;  // the page position of the layout's top
  double end = y_;
  do {
    PangoRectangle line;
    pango_layout_iter_get_line_extents(it, nullptr, &line);
    const double top = static_cast<double>(line.y) / PANGO_SCALE;
    const double height = static_cast<double>(line.height) / PANGO_SCALE;
    if (shift + top + height > bottom_ && shift + top > top_) {
      NewPage();
      shift = top_ - top;
    }
    const double baseline =
        static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
    cairo_move_to(cr_, x + static_cast<double>(line.x) / PANGO_SCALE,
                  shift + baseline);
    pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
    end = shift + top + height;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  y_ = end + s.after;
}

void PdfFlow::Reserve(double height) {
  if (y_ + height > bottom_ && y_ > top_) NewPage();
}

void PdfFlow::NewPage() {
  cairo_show_page(cr_);
  ++page_;
  y_ = top_;
  NumberPage();
}

void PdfFlow::NumberPage() {
  PdfTextStyle s;
  s.size = HalfPointsToPoints(kBodySize);
  s.align = PANGO_ALIGN_CENTER;
  LayoutPtr number = Layout(absl::StrCat(page_ + 1), s, width_);
  Draw(number.get(), left_, kPageNumberTop);
}

void PdfFlow::Draw(PangoLayout* layout, double x, double y) {
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout);
}

void PdfFlow::Rule(double x1, double y1, double x2, double y2, double width) {
  cairo_set_line_width(cr_, width);
  cairo_move_to(cr_, x1, y1);
  cairo_line_to(cr_, x2, y2);
  cairo_stroke(cr_);
}

void PdfFlow::Frame(double x, double y, double width, double height) {
  cairo_set_line_width(cr_, 0.5);
  cairo_rectangle(cr_, x, y, width, height);
  cairo_stroke(cr_);
}

absl::StatusOr<std::string> PdfFlow::Finish() {
  cairo_show_page(cr_);
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  const cairo_status_t status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("PDF: ", cairo_status_to_string(status)));
  }
  return std::move(bytes_);
}

}  // namespace dtr::report
