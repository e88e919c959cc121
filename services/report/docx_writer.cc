#include "services/report/docx_writer.h"

#include "absl/strings/str_cat.h"
#include "services/report/docx_body.h"
#include "services/report/docx_package.h"
#include "services/report/docx_xml.h"

namespace dtr::report {
namespace {

std::string DocumentXml(const DocumentFrame& f, const std::string& body,
                        const std::string& appendix) {
  const int left_width = kTextWidth * 2 / 5;
  const int right_width = kTextWidth - left_width;
  RunStyle header{false, false, false, kHeaderSize};
  RunStyle header_bold{true, false, false, kHeaderSize};
  std::string left = Paragraph(Centered(), Run(f.issuer_parent, header)) +
                     Paragraph(Centered(), Run(f.issuer, header_bold)) +
                     Rule(left_width, left_width / 3) +
                     Paragraph(Centered(), Run(f.number_line, header));
  std::string right =
      Paragraph(Centered(), Run(f.nation, {true, false, false, kNationSize})) +
      Paragraph(Centered(), Run(f.motto, {true, false, false, kMottoSize})) +
      Rule(right_width, right_width * 3 / 5) +
      Paragraph(Centered(), Run(f.date_line, {false, true, false, kBodySize}));
  std::string doc = Layout(left_width, left, right);
  ParagraphStyle title = Centered();
  title.before = 360;
  doc += Paragraph(title, Run(f.title, {true, false, false, kBodySize}));
  doc +=
      Paragraph(Centered(240), Run(f.summary, {true, false, false, kBodySize}));
  doc += body;

  // The foot: recipients at left, the signature at right.
  ParagraphStyle recipient;
  recipient.align = "left";
  recipient.first_line = 0;
  recipient.after = 0;
  std::string recipients =
      Paragraph(recipient, Run(f.recipients_heading, {true, true, false, 24}));
  for (const std::string& line : f.recipients) {
    recipients += Paragraph(
        recipient, Run("- " + line, {false, false, false, kRecipientsSize}));
  }
  std::string signature;
  for (const std::string& line : f.signer_title) {
    signature +=
        Paragraph(Centered(), Run(line, {true, false, false, kBodySize}));
  }
  for (int i = 0; i < 4; ++i) signature += Paragraph(Centered(), "");
  signature += Paragraph(Centered(),
                         Run(f.signer_name, {true, false, false, kBodySize}));
  ParagraphStyle gap = Centered(240);
  doc += Paragraph(gap, "");
  doc += Layout(kTextWidth / 2, recipients, signature);
  if (!appendix.empty()) {
    doc += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>" + appendix;
  }

  const std::string section = absl::StrCat(
      "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/>"
      "<w:headerReference w:type=\"first\" r:id=\"rId4\"/>"
      "<w:pgSz w:w=\"",
      kPageWidth, "\" w:h=\"", kPageHeight, "\"/><w:pgMar w:top=\"", kMarginTop,
      "\" w:right=\"", kMarginRight, "\" w:bottom=\"", kMarginBottom,
      "\" w:left=\"", kMarginLeft,
      "\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
      "<w:titlePg/></w:sectPr>");
  return absl::StrCat(kXmlDecl, "<w:document ", kWordNs, "><w:body>", doc,
                      section, "</w:body></w:document>");
}

}  // namespace

absl::StatusOr<std::string> WriteDocx(const DocumentFrame& frame,
                                      const MarkdownDocument& body,
                                      const MarkdownDocument* appendix,
                                      const ChartSet& charts) {
  std::vector<DocxImage> images;
  std::map<std::string, DocxChart> placed;
  for (const auto& [name, chart] : charts) {
    // Twice the points in pixels: sharp on paper at its printed size.
    auto png = ChartPng(chart, 2);
    if (!png.ok()) return png.status();
    const std::string rel_id = absl::StrCat("rIdChart", images.size() + 1);
    images.push_back({rel_id, "chart-" + name, std::move(*png)});
    placed[name] = {rel_id, kChartWidth, kChartHeight};
  }
  return PackageDocx({absl::StrCat(frame.title, " ", frame.summary),
                      frame.issuer, frame.created},
                     DocumentXml(frame, BodyXml(body, placed),
                                 appendix ? BodyXml(*appendix, placed) : ""),
                     images);
}

}  // namespace dtr::report
