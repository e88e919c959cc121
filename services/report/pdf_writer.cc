#include "services/report/pdf_writer.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/report/decree30_layout.h"
#include "services/report/markup_escape.h"
#include "services/report/pdf_body.h"
#include "services/report/table_columns.h"

namespace dtr::report {
namespace {

PdfTextStyle Centred(int half_points, bool bold, bool italic = false) {
  PdfTextStyle s;
  s.size = HalfPointsToPoints(half_points);
  s.bold = bold;
  s.italic = italic;
  s.align = PANGO_ALIGN_CENTER;
  return s;
}

// A column of centred lines and short rules at x, `width` wide, measured
// first and drawn when the caller knows where it goes.
class Column {
 public:
  Column(PdfFlow* flow, double x, double width)
      : flow_(flow), x_(x), width_(width) {}

  PdfPlace Text(const std::string& text, const PdfTextStyle& style, double y) {
    LayoutPtr layout = flow_->Layout(EscapeMarkup(text), style, width_);
    const double height = PdfFlow::Height(layout.get());
    items_.push_back({std::move(layout), y, 0});
    return {flow_->page(), x_, y, width_, height};
  }
  // A short centred rule `width` wide, 2 points below `y`.
  void Rule(double width, double y) {
    items_.push_back({nullptr, y + 2, width});
  }
  void Draw() {
    for (const Item& item : items_) {
      if (item.layout) {
        flow_->Draw(item.layout.get(), x_, item.y);
      } else {
        const double x = x_ + (width_ - item.rule) / 2;
        flow_->Rule(x, item.y, x + item.rule, item.y);
      }
    }
  }

 private:
  struct Item {
    LayoutPtr layout;
    double y;
    double rule;
  };
  PdfFlow* flow_;
  double x_, width_;
  std::vector<Item> items_;
};

// The head: the issuer and number at left, the national name, motto and
// date at right.
void Head(const DocumentFrame& f, PdfFlow* flow, PdfPlaces* places) {
  // The head may reach 6 points into each side margin, as a Word table's
  // cell margins do (its text stays more than 30 mm from the left edge and
  // 15 mm from the right, the least Appendix I allows): with the national
  // name in 12 points bold, that is what lets a long issuer's name stay on
  // one line.
  const double head_left = flow->left() - 6;
  const double head_width = flow->width() + 12;
  // Two fifths at left, as the DOCX, widened so that the issuer's name
  // stays on one line where the national name leaves room; set in 12
  // rather than 13 points (Appendix I allows both) when it needs it.
  const double room =
      head_width -
      TextWidthPoints(f.nation, HalfPointsToPoints(kNationSize), true) - 2;
  int issuer_size = kHeaderSize;
  double issuer_width =
      TextWidthPoints(f.issuer, HalfPointsToPoints(issuer_size), true) + 2;
  if (issuer_width > std::max(room, head_width * 2 / 5)) {
    issuer_size = kHeaderSize - 2;
    issuer_width =
        TextWidthPoints(f.issuer, HalfPointsToPoints(issuer_size), true) + 2;
  }
  const double left_width =
      std::max(head_width * 2 / 5, std::min(issuer_width, room));
  const double right_width = head_width - left_width;
  const double top = flow->y();
  Column left(flow, head_left, left_width);
  double y = top;
  y += left.Text(f.issuer_parent, Centred(kHeaderSize, false), y).height;
  y += left.Text(f.issuer, Centred(issuer_size, true), y).height;
  left.Rule(left_width / 3, y);
  y += 6;
  places->number = left.Text(f.number_line, Centred(kHeaderSize, false), y);
  const double left_bottom = y + places->number.height;

  Column right(flow, head_left + left_width, right_width);
  y = top;
  y += right.Text(f.nation, Centred(kNationSize, true), y).height;
  y += right.Text(f.motto, Centred(kMottoSize, true), y).height;
  right.Rule(right_width * 3 / 5, y);
  y += 6;
  places->date = right.Text(f.date_line, Centred(kBodySize, false, true), y);
  const double right_bottom = y + places->date.height;

  left.Draw();
  right.Draw();
  flow->Advance(std::max(left_bottom, right_bottom) - top);
}

// The foot: the recipients at left, the signature block at right, kept on
// one page.
void Foot(const DocumentFrame& f, PdfFlow* flow, PdfPlaces* places) {
  const double half = flow->width() / 2;
  // Laid out once to measure, then again where it lands.
  auto lay_out = [&](double top, bool draw) {
    Column left(flow, flow->left(), half);
    double y = top;
    PdfTextStyle heading = Centred(24, true, true);
    heading.align = PANGO_ALIGN_LEFT;
    y += left.Text(f.recipients_heading, heading, y).height;
    PdfTextStyle recipient = Centred(kRecipientsSize, false);
    recipient.align = PANGO_ALIGN_LEFT;
    for (const std::string& line : f.recipients) {
      y += left.Text("- " + line, recipient, y).height;
    }
    const double left_bottom = y;

    Column right(flow, flow->left() + half, half);
    y = top;
    for (const std::string& line : f.signer_title) {
      y += right.Text(line, Centred(kBodySize, true), y).height;
    }
    // Room for the signature and the seal: four lines, as the DOCX.
    const double gap = 4 * 1.2 * HalfPointsToPoints(kBodySize);
    places->signature = {flow->page(), flow->left() + half, y, half, gap};
    y += gap;
    y += right.Text(f.signer_name, Centred(kBodySize, true), y).height;
    if (draw) {
      left.Draw();
      right.Draw();
    }
    return std::max(left_bottom, y) - top;
  };
  flow->Advance(12);
  flow->Reserve(lay_out(flow->y(), false));
  flow->Advance(lay_out(flow->y(), true));
}

}  // namespace

absl::StatusOr<PdfRendering> WritePdf(const DocumentFrame& frame,
                                      const MarkdownDocument& body,
                                      const MarkdownDocument* appendix,
                                      const ChartSet& charts) {
  PdfFlow flow({absl::StrCat(frame.title, " ", frame.summary), frame.issuer,
                frame.created});
  PdfRendering out;
  Head(frame, &flow, &out.places);
  PdfTextStyle title = Centred(kBodySize, true);
  title.before = 18;
  flow.Paragraph(EscapeMarkup(frame.title), title);
  PdfTextStyle summary = Centred(kBodySize, true);
  summary.after = 12;
  flow.Paragraph(EscapeMarkup(frame.summary), summary);
  LayOutBody(body, &flow, charts);
  Foot(frame, &flow, &out.places);
  if (appendix != nullptr) {
    flow.NewPage();
    LayOutBody(*appendix, &flow);
  }
  auto bytes = flow.Finish();
  if (!bytes.ok()) return bytes.status();
  out.bytes = std::move(*bytes);
  return out;
}

}  // namespace dtr::report
