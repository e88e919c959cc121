#include "services/report/pdf_body.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cmark-gfm-core-extensions.h"
#include "services/report/decree30_layout.h"
#include "services/report/markup_escape.h"
#include "services/report/table_columns.h"

namespace dtr::report {
namespace {

constexpr double kCellPadding = 4;  // points, each side, as the DOCX's 80

double BodySize() { return HalfPointsToPoints(kBodySize); }
double TableSize() { return HalfPointsToPoints(kTableSize); }

// A paragraph as the DOCX sets it: justified, 1 cm first-line indent, 6 pt
// after.
PdfTextStyle BodyStyle() {
  PdfTextStyle s;
  s.size = BodySize();
  s.justify = true;
  s.first_line = TwipsToPoints(kFirstLineIndent);
  s.after = 6;
  return s;
}

class BodyLayout {
 public:
  BodyLayout(PdfFlow* flow, const ChartSet& charts)
      : flow_(flow), charts_(charts) {}

  void Write(cmark_node* root) {
    for (cmark_node* n = cmark_node_first_child(root); n != nullptr;
         n = cmark_node_next(n)) {
      Block(n, "");
    }
  }

 private:
  void Block(cmark_node* node, const std::string& prefix) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HEADING: {
        const int level = cmark_node_get_heading_level(node);
        PdfTextStyle s = BodyStyle();
        s.bold = true;
        s.italic = level >= 4;
        s.before = level <= 2 ? 6 : 3;
        s.keep_next = true;
        flow_->Paragraph(Inlines(node), s);
        return;
      }
      case CMARK_NODE_PARAGRAPH: {
        if (auto chart = charts_.find(ChartParagraph(node));
            chart != charts_.end()) {
          Chart(chart->second, PlainText(node));
          return;
        }
        PdfTextStyle s = BodyStyle();
        s.bold = s.italic = quote_;
        flow_->Paragraph(EscapeMarkup(prefix) + Inlines(node), s);
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
        flow_->Paragraph(EscapeMarkup(literal ? literal : ""), BodyStyle());
        return;
      }
      case CMARK_NODE_THEMATIC_BREAK:
        flow_->Advance(6);
        return;
      default:
        break;
    }
    if (IsTable(node)) Table(node);
  }

  struct Row {
    bool header = false;
    std::vector<LayoutPtr> cells;
    double height = 0;
  };

  void Table(cmark_node* table) {
    const int columns = cmark_gfm_extensions_get_table_columns(table);
    if (columns <= 0) return;
    const uint8_t* align = cmark_gfm_extensions_get_table_alignments(table);
    // Each column at least its longest word (table_columns.h).
    const std::vector<double> widths = TableColumnWidths(
        table, columns, flow_->width(), TableSize(), 2 * kCellPadding + 0.5);

    std::vector<Row> rows;
    for (cmark_node* row = cmark_node_first_child(table); row != nullptr;
         row = cmark_node_next(row)) {
      if (!IsTableRow(row)) continue;
      Row r;
      r.header = IsTableHeaderRow(row);
      int c = 0;
      for (cmark_node* cell = cmark_node_first_child(row);
           cell != nullptr && c < columns; cell = cmark_node_next(cell), ++c) {
        PdfTextStyle s;
        s.size = TableSize();
        s.bold = r.header;
        const uint8_t a = align != nullptr ? align[c] : 0;
        s.align = r.header || a == 'c' ? PANGO_ALIGN_CENTER
                  : a == 'r'           ? PANGO_ALIGN_RIGHT
                                       : PANGO_ALIGN_LEFT;
        r.cells.push_back(
            flow_->Layout(Inlines(cell), s, widths[c] - 2 * kCellPadding));
        r.height = std::max(r.height, PdfFlow::Height(r.cells.back().get()));
      }
      r.height += 2 * kCellPadding;
      rows.push_back(std::move(r));
    }
    const Row* header = !rows.empty() && rows[0].header ? &rows[0] : nullptr;
    for (const Row& row : rows) {
      if (flow_->y() + row.height > flow_->bottom()) {
        flow_->NewPage();
        // The header row again at the top of each page the table runs on.
        if (header != nullptr && &row != header) DrawRow(*header, widths);
      }
      DrawRow(row, widths);
    }
    flow_->Advance(6);  // space after the table
  }

  void DrawRow(const Row& row, const std::vector<double>& widths) {
    // The table centred on the text width (wider only if its words are).
    double total = 0;
    for (double w : widths) total += w;
    double x = flow_->left() + (flow_->width() - total) / 2;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      flow_->Frame(x, flow_->y(), widths[c], row.height);
      flow_->Draw(row.cells[c].get(), x + kCellPadding,
                  flow_->y() + kCellPadding);
      x += widths[c];
    }
    flow_->Advance(row.height);
  }

  // Inline children as Pango markup.
  std::string Inlines(cmark_node* parent) {
    std::string markup;
    for (cmark_node* n = cmark_node_first_child(parent); n != nullptr;
         n = cmark_node_next(n)) {
      switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE: {
          const char* literal = cmark_node_get_literal(n);
          markup += EscapeMarkup(literal ? literal : "");
          break;
        }
        case CMARK_NODE_SOFTBREAK:
          markup += " ";
          break;
        case CMARK_NODE_LINEBREAK:
          markup += "\n";
          break;
        case CMARK_NODE_EMPH:
          markup += "<i>" + Inlines(n) + "</i>";
          break;
        case CMARK_NODE_STRONG:
          markup += "<b>" + Inlines(n) + "</b>";
          break;
        default:
          markup += IsStrikethrough(n) ? "<s>" + Inlines(n) + "</s>"
                                       : Inlines(n);  // links: their text
      }
    }
    return markup;
  }

  // The chart centred on the text width, its caption in italics below,
  // kept together on one page.
  void Chart(const report::Chart& chart, const std::string& caption) {
    PdfTextStyle s;
    s.size = TableSize();
    s.italic = true;
    s.align = PANGO_ALIGN_CENTER;
    s.after = 6;
    LayoutPtr label = flow_->Layout(EscapeMarkup(caption), s, flow_->width());
    flow_->Reserve(kChartHeight + 4 + PdfFlow::Height(label.get()));
    cairo_t* cr = flow_->cairo();
    cairo_save(cr);
    cairo_translate(cr, flow_->left() + (flow_->width() - kChartWidth) / 2,
                    flow_->y());
    DrawChart(cr, chart, kChartWidth, kChartHeight);
    cairo_restore(cr);
    flow_->Advance(kChartHeight + 4);
    flow_->Paragraph(EscapeMarkup(caption), s);
  }

  PdfFlow* flow_;
  const ChartSet& charts_;
  bool quote_ = false;
};

}  // namespace

void LayOutBody(const MarkdownDocument& markdown, PdfFlow* flow,
                const ChartSet& charts) {
  BodyLayout(flow, charts).Write(markdown.root());
}

}  // namespace dtr::report
