// The pieces of WordprocessingML a DOCX of dtr is written with: the page
// and type sizes of Decree 30/2020/NĐ-CP, runs, paragraphs, short rules and
// borderless two-column tables. Text is escaped here (markup_escape.h).
//
// Pure functions; thread-safe.
#ifndef DTR_SERVICES_REPORT_DOCX_XML_H_
#define DTR_SERVICES_REPORT_DOCX_XML_H_

#include <string>

#include "services/report/decree30_layout.h"

namespace dtr::report {

inline constexpr char kWordNs[] =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/"
    "drawingml/2006/wordprocessingDrawing\"";
inline constexpr char kXmlDecl[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

struct RunStyle {
  bool bold = false;
  bool italic = false;
  bool strike = false;
  int size = 0;  // half-points; 0: the paragraph's default
};

// A run of text in `style`.
std::string Run(const std::string& text, const RunStyle& style);

struct ParagraphStyle {
  const char* align = "both";  // both, center, left, right
  int first_line = kFirstLineIndent;
  int before = 0;
  int after = 120;
  int left = 0;
  int right = 0;
  std::string border_top;  // a rule above, e.g. under a heading line
  bool keep_next = false;
};

// A paragraph's opening tag and properties; Paragraph() closes it too.
std::string ParagraphStart(const ParagraphStyle& style);
std::string Paragraph(const ParagraphStyle& style, const std::string& runs);
// Centred, without a first-line indent, `after` twips below.
ParagraphStyle Centered(int after = 0);

// A short centred rule: an empty paragraph with a top border, narrowed by
// indents to `width` twips of a column `column` twips wide.
std::string Rule(int column, int width);

// A table cell `width` twips wide.
std::string Cell(int width, const std::string& content);

// A two-column table without borders across the text width (the
// document's head and foot).
std::string Layout(int left_width, const std::string& left,
                   const std::string& right);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCX_XML_H_
