#include "services/report/docx_xml.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/report/markup_escape.h"

namespace dtr::report {
std::string Run(const std::string& text, const RunStyle& s) {
  std::string props;
  if (s.bold) props += "<w:b/>";
  if (s.italic) props += "<w:i/>";
  if (s.strike) props += "<w:strike/>";
  if (s.size > 0) {
    absl::StrAppend(&props, "<w:sz w:val=\"", s.size, "\"/><w:szCs w:val=\"",
                    s.size, "\"/>");
  }
  return absl::StrCat(
      "<w:r>", props.empty() ? "" : "<w:rPr>" + props + "</w:rPr>",
      "<w:t xml:space=\"preserve\">", EscapeMarkup(text), "</w:t></w:r>");
}

std::string ParagraphStart(const ParagraphStyle& p) {
  std::string props;
  if (p.keep_next) props += "<w:keepNext/>";
  if (!p.border_top.empty()) {
    absl::StrAppend(&props, "<w:pBdr>", p.border_top, "</w:pBdr>");
  }
  absl::StrAppend(&props, "<w:spacing w:before=\"", p.before, "\" w:after=\"",
                  p.after, "\" w:line=\"288\" w:lineRule=\"auto\"/>");
  absl::StrAppend(&props, "<w:ind w:left=\"", p.left, "\" w:right=\"", p.right,
                  "\" w:firstLine=\"", p.first_line, "\"/>");
  absl::StrAppend(&props, "<w:jc w:val=\"", p.align, "\"/>");
  return absl::StrCat("<w:p><w:pPr>", props, "</w:pPr>");
}

std::string Paragraph(const ParagraphStyle& p, const std::string& runs) {
  return ParagraphStart(p) + runs + "</w:p>";
}

ParagraphStyle Centered(int after) {
  ParagraphStyle p;
  p.align = "center";
  p.first_line = 0;
  p.after = after;
  return p;
}

std::string Rule(int column, int width) {
  ParagraphStyle p = Centered();
  p.left = p.right = std::max(0, (column - width) / 2);
  p.border_top =
      "<w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/>";
  return ParagraphStart(p) +
         "<w:r><w:rPr><w:sz w:val=\"8\"/></w:rPr></w:r></w:p>";
}

std::string Cell(int width, const std::string& content) {
  return absl::StrCat("<w:tc><w:tcPr><w:tcW w:w=\"", width,
                      "\" w:type=\"dxa\"/></w:tcPr>", content, "</w:tc>");
}

std::string Layout(int left_width, const std::string& left,
                   const std::string& right) {
  const int right_width = kTextWidth - left_width;
  return absl::StrCat(
      "<w:tbl><w:tblPr><w:tblW w:w=\"", kTextWidth,
      "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
      "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/>"
      "<w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/>"
      "<w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>"
      "<w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" "
      "w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w=\"",
      left_width, "\"/><w:gridCol w:w=\"", right_width,
      "\"/></w:tblGrid><w:tr>", Cell(left_width, left),
      Cell(right_width, right), "</w:tr></w:tbl>");
}

}  // namespace dtr::report
