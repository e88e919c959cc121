#include "services/report/document_stamps.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "services/report/cairo_output.h"
#include "services/report/markup_escape.h"
#include "services/report/pango_text.h"
#include "services/report/table_columns.h"

namespace dtr::report {
namespace {

constexpr double kBlue[] = {0, 0, 0.75};
constexpr double kRed[] = {0.85, 0, 0};

struct PngSource {
  const std::string* bytes;
  size_t at = 0;
};

cairo_status_t ReadPng(void* closure, unsigned char* data,
                       unsigned int length) {
  auto* source = static_cast<PngSource*>(closure);
  if (source->at + length > source->bytes->size()) {
    return CAIRO_STATUS_READ_ERROR;
  }
  std::copy_n(source->bytes->data() + source->at, length, data);
  source->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// A one-page PDF `width` × `height` points that `draw` paints.
template <typename Draw>
absl::StatusOr<std::string> Page(double width, double height, Draw draw) {
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
      AppendToString, &bytes, width, height);
  cairo_t* cr = cairo_create(surface);
  absl::Status drawn = draw(cr);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (!drawn.ok()) return drawn;
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("stamp: ", cairo_status_to_string(status)));
  }
  return bytes;
}

// `markup` in the document's face, `size` points, `width` wide, at
// (x, y), centred or left-aligned.
void Text(cairo_t* cr, const std::string& markup, double size, double x,
          double y, double width, bool centred) {
  LayoutPtr owned = DocumentLayout(cr, size);
  PangoLayout* layout = owned.get();
  pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_alignment(layout,
                             centred ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_set_markup(layout, markup.data(),
                          static_cast<int>(markup.size()));
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
}

// The PNG scaled to fit the box (x, y, width, height), centred in it.
absl::Status Image(cairo_t* cr, const std::string& png, double x, double y,
                   double width, double height) {
  PngSource source{&png};
  cairo_surface_t* image =
      cairo_image_surface_create_from_png_stream(ReadPng, &source);
  if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(image);
    return absl::InvalidArgumentError("the image is not a PNG");
  }
  const double w = cairo_image_surface_get_width(image);
  const double h = cairo_image_surface_get_height(image);
  const double scale = std::min(width / w, height / h);
  cairo_save(cr);
  cairo_translate(cr, x + (width - w * scale) / 2,
                  y + (height - h * scale) / 2);
  cairo_scale(cr, scale, scale);
  cairo_set_source_surface(cr, image, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(image);
  return absl::OkStatus();
}

// A round red seal of diameter `d` at (x, y) with `name` inside.
void DrawnSeal(cairo_t* cr, double x, double y, double d,
               const std::string& name) {
  const double r = d / 2, cx = x + r, cy = y + r;
  cairo_set_source_rgb(cr, kRed[0], kRed[1], kRed[2]);
  cairo_set_line_width(cr, 1.6);
  cairo_arc(cr, cx, cy, r - 1, 0, 2 * M_PI);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 0.8);
  cairo_arc(cr, cx, cy, r - 4, 0, 2 * M_PI);
  cairo_stroke(cr);
  Text(cr, absl::StrCat("<b>", EscapeMarkup(name), "</b>"), d / 11,
       x + d * 0.18, cy - d / 7, d * 0.64, true);
}

}  // namespace

absl::StatusOr<std::string> SignerStamp(double width, double height,
                                        const std::string& signature_png,
                                        const std::string& signer_name) {
  return Page(width, height, [&](cairo_t* cr) -> absl::Status {
    if (!signature_png.empty()) {
      return Image(cr, signature_png, width * 0.2, 2, width * 0.6, height - 4);
    }
    cairo_set_source_rgb(cr, kBlue[0], kBlue[1], kBlue[2]);
    // Low in the space: the agency's name and time go above it.
    Text(cr, absl::StrCat("<i>", EscapeMarkup(signer_name), "</i>"), 16, 0,
         height - 24, width, true);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> AgencyStamp(double width, double height,
                                        const std::string& seal_png,
                                        const std::string& agency,
                                        absl::Time signed_at) {
  return Page(width, height, [&](cairo_t* cr) -> absl::Status {
    const double d = height;
    if (!seal_png.empty()) {
      if (absl::Status s = Image(cr, seal_png, 0, 0, d, d); !s.ok()) return s;
    } else {
      DrawnSeal(cr, 0, 0, d, agency);
    }
    cairo_set_source_rgb(cr, kBlue[0], kBlue[1], kBlue[2]);
    Text(
        cr,
        absl::StrCat(EscapeMarkup(agency), "\n", FormatLocalInstant(signed_at)),
        10, d * 0.85, 2, width - d * 0.85, false);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> LineStamp(double width, double height,
                                      const std::string& text, double size,
                                      bool italic) {
  return Page(width, height, [&](cairo_t* cr) -> absl::Status {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    const std::string escaped = EscapeMarkup(text);
    Text(cr, italic ? "<i>" + escaped + "</i>" : escaped, size, 0, 0, width,
         true);
    return absl::OkStatus();
  });
}

}  // namespace dtr::report
