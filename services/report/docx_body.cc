#include "services/report/docx_body.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cmark-gfm-core-extensions.h"
#include "services/report/docx_xml.h"
#include "services/report/report_charts.h"
#include "services/report/table_columns.h"

namespace dtr::report {
namespace {

class BodyWriter {
 public:
  explicit BodyWriter(const std::map<std::string, DocxChart>& charts)
      : charts_(charts) {}

  std::string Write(cmark_node* root) {
    for (cmark_node* n = cmark_node_first_child(root); n != nullptr;
         n = cmark_node_next(n)) {
      Block(n, "");
    }
    return std::move(out_);
  }

 private:
  void Block(cmark_node* node, const std::string& prefix) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HEADING: {
        const int level = cmark_node_get_heading_level(node);
        RunStyle style;
        style.bold = true;
        style.italic = level >= 4;
        ParagraphStyle p;
        p.before = level <= 2 ? 120 : 60;
        p.keep_next = true;
        out_ += Paragraph(p, Inlines(node, style));
        return;
      }
      case CMARK_NODE_PARAGRAPH: {
        if (auto chart = charts_.find(ChartParagraph(node));
            chart != charts_.end()) {
          Chart(chart->second, PlainText(node), ++drawings_);
          return;
        }
        RunStyle style = quote_ ? RunStyle{true, true} : RunStyle{};
        out_ += Paragraph(
            ParagraphStyle(),
            (prefix.empty() ? "" : Run(prefix, style)) + Inlines(node, style));
        return;
      }
      case CMARK_NODE_LIST: {
        const bool ordered =
            cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
        int number = cmark_node_get_list_start(node);
        for (cmark_node* item = cmark_node_first_child(node); item != nullptr;
             item = cmark_node_next(item)) {
          const std::string marker =
              ordered ? absl::StrCat(number++, ". ") : std::string("- ");
          bool first = true;
          for (cmark_node* c = cmark_node_first_child(item); c != nullptr;
               c = cmark_node_next(c)) {
            Block(c, first ? marker : "");
            first = false;
          }
        }
        return;
      }
      case CMARK_NODE_BLOCK_QUOTE: {
        const bool outer = quote_;
        quote_ = true;
        for (cmark_node* c = cmark_node_first_child(node); c != nullptr;
             c = cmark_node_next(c)) {
          Block(c, "");
        }
        quote_ = outer;
        return;
      }
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_BLOCK: {
        const char* literal = cmark_node_get_literal(node);
        out_ += Paragraph(ParagraphStyle(), Run(literal ? literal : "", {}));
        return;
      }
      case CMARK_NODE_THEMATIC_BREAK:
        out_ += Paragraph(Centered(120), "");
        return;
      default:
        break;
    }
    if (IsTable(node)) Table(node);
  }

  void Table(cmark_node* table) {
    const int columns = cmark_gfm_extensions_get_table_columns(table);
    if (columns <= 0) return;
    const uint8_t* align = cmark_gfm_extensions_get_table_alignments(table);
    const std::vector<int> widths = ColumnWidths(table, columns);
    int total = 0;
    std::string grid;
    for (int c = 0; c < columns; ++c) {
      total += widths[c];
      absl::StrAppend(&grid, "<w:gridCol w:w=\"", widths[c], "\"/>");
    }
    absl::StrAppend(
        &out_, "<w:tbl><w:tblPr><w:tblW w:w=\"", total,
        "\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>",
        "<w:top w:val=\"single\" w:sz=\"4\" w:color=\"000000\"/>",
        "<w:left w:val=\"single\" w:sz=\"4\" w:color=\"000000\"/>",
        "<w:bottom w:val=\"single\" w:sz=\"4\" w:color=\"000000\"/>",
        "<w:right w:val=\"single\" w:sz=\"4\" w:color=\"000000\"/>",
        "<w:insideH w:val=\"single\" w:sz=\"4\" w:color=\"000000\"/>",
        "<w:insideV w:val=\"single\" w:sz=\"4\" w:color=\"000000\"/>",
        "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/>",
        "<w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>",
        "<w:tblGrid>", grid, "</w:tblGrid>");
    for (cmark_node* row = cmark_node_first_child(table); row != nullptr;
         row = cmark_node_next(row)) {
      if (!IsTableRow(row)) continue;
      const bool header = IsTableHeaderRow(row);
      out_ += "<w:tr>";
      if (header) out_ += "<w:trPr><w:tblHeader/></w:trPr>";
      int c = 0;
      for (cmark_node* cell = cmark_node_first_child(row); cell != nullptr;
           cell = cmark_node_next(cell), ++c) {
        if (!IsTableCell(cell) || c >= columns) continue;
        ParagraphStyle p;
        p.first_line = 0;
        p.after = 0;
        const uint8_t a = align != nullptr ? align[c] : 0;
        p.align = header || a == 'c' ? "center" : a == 'r' ? "right" : "left";
        RunStyle style;
        style.bold = header;
        style.size = kTableSize;
        out_ += Cell(widths[c], Paragraph(p, Inlines(cell, style)));
      }
      out_ += "</w:tr>";
    }
    out_ += "</w:tbl>";
    out_ += Paragraph(Centered(120), "");  // space after the table
  }

  // Column widths in twips: each wide enough for its longest word in bold
  // 12 pt, the cell margins (80 twips each side) and 2 points to spare for
  // a reader's rounding, so that no number breaks (table_columns.h).
  static std::vector<int> ColumnWidths(cmark_node* table, int columns) {
    std::vector<int> widths;
    for (double points : TableColumnWidths(
             table, columns, TwipsToPoints(kTextWidth),
             HalfPointsToPoints(kTableSize), TwipsToPoints(2 * 80) + 2)) {
      widths.push_back(static_cast<int>(points * 20 + 0.5));
    }
    return widths;
  }

  std::string Inlines(cmark_node* parent, RunStyle style) {
    std::string runs;
    for (cmark_node* n = cmark_node_first_child(parent); n != nullptr;
         n = cmark_node_next(n)) {
      switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE: {
          const char* literal = cmark_node_get_literal(n);
          runs += Run(literal ? literal : "", style);
          break;
        }
        case CMARK_NODE_SOFTBREAK:
          runs += Run(" ", style);
          break;
        case CMARK_NODE_LINEBREAK:
          runs += "<w:r><w:br/></w:r>";
          break;
        case CMARK_NODE_EMPH: {
          RunStyle s = style;
          s.italic = true;
          runs += Inlines(n, s);
          break;
        }
        case CMARK_NODE_STRONG: {
          RunStyle s = style;
          s.bold = true;
          runs += Inlines(n, s);
          break;
        }
        default: {
          RunStyle s = style;
          if (IsStrikethrough(n)) s.strike = true;
          runs += Inlines(n, s);  // links, images: their text
        }
      }
    }
    return runs;
  }

  // An inline picture, centred, with its caption in italics below.
  void Chart(const DocxChart& chart, const std::string& caption, int id) {
    constexpr int64_t kEmuPerPoint = 12700;
    const int64_t cx = static_cast<int64_t>(chart.width * kEmuPerPoint);
    const int64_t cy = static_cast<int64_t>(chart.height * kEmuPerPoint);
    out_ += ParagraphStart(Centered(60));
    absl::StrAppend(
        &out_, "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" ",
        "distL=\"0\" distR=\"0\"><wp:extent cx=\"", cx, "\" cy=\"", cy,
        "\"/><wp:docPr id=\"", id, "\" name=\"chart", id,
        "\"/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/"
        "drawingml/2006/main\"><a:graphicData uri=\"http://"
        "schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic "
        "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/"
        "picture\"><pic:nvPicPr><pic:cNvPr id=\"",
        id, "\" name=\"chart", id,
        ".png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip "
        "r:embed=\"",
        chart.rel_id,
        "\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>"
        "<a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"",
        cx, "\" cy=\"", cy,
        "\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>"
        "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r></w:p>");
    out_ += Paragraph(Centered(120),
                      Run(caption, {false, true, false, kTableSize}));
  }

  const std::map<std::string, DocxChart>& charts_;
  std::string out_;
  bool quote_ = false;
  int drawings_ = 0;
};

}  // namespace

std::string BodyXml(const MarkdownDocument& markdown,
                    const std::map<std::string, DocxChart>& charts) {
  return BodyWriter(charts).Write(markdown.root());
}

}  // namespace dtr::report
