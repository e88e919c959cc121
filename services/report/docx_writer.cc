#include "services/report/docx_writer.h"

#include <algorithm>
#include <ctime>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cmark-gfm-core-extensions.h"
#include "zip.h"

namespace dtr::report {
namespace {

// Page: A4 and the margins of Decree 30/2020/NĐ-CP (in twentieths of a
// point; 1 mm = 56.69 twips).
constexpr int kPageWidth = 11906;
constexpr int kPageHeight = 16838;
constexpr int kMarginTop = 1276;     // 22.5 mm (20–25)
constexpr int kMarginBottom = 1276;  // 22.5 mm (20–25)
constexpr int kMarginLeft = 1871;    // 33 mm (30–35)
constexpr int kMarginRight = 1021;   // 18 mm (15–20)
constexpr int kTextWidth = kPageWidth - kMarginLeft - kMarginRight;
constexpr int kFirstLineIndent = 567;  // 1 cm
// Sizes in half-points.
constexpr int kBodySize = 28;        // 14 pt (13–14)
constexpr int kTableSize = 24;       // 12 pt
constexpr int kHeaderSize = 26;      // 13 pt
constexpr int kNationSize = 24;      // 12 pt (12–13)
constexpr int kMottoSize = 26;       // 13 pt (13–14)
constexpr int kRecipientsSize = 22;  // 11 pt

constexpr char kWordNs[] =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"";
constexpr char kXmlDecl[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

std::string Xml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // Control characters other than tab and line ends are not XML.
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
    }
  }
  return out;
}

struct RunStyle {
  bool bold = false;
  bool italic = false;
  bool strike = false;
  int size = 0;  // half-points; 0: the paragraph's default
};

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
      "<w:t xml:space=\"preserve\">", Xml(text), "</w:t></w:r>");
}

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

ParagraphStyle Centered(int after = 0) {
  ParagraphStyle p;
  p.align = "center";
  p.first_line = 0;
  p.after = after;
  return p;
}

// A short centred rule: an empty paragraph with a top border, narrowed by
// indents to `width` twips of a column `column` twips wide.
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

// A two-column table without borders (the document's head and foot).
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

// Writes the Markdown body as WordprocessingML.
class BodyWriter {
 public:
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
    // The first column (labels) twice as wide as the figures.
    const int unit = kTextWidth / (columns + 1);
    std::string grid;
    for (int c = 0; c < columns; ++c) {
      absl::StrAppend(&grid, "<w:gridCol w:w=\"", c == 0 ? 2 * unit : unit,
                      "\"/>");
    }
    absl::StrAppend(
        &out_, "<w:tbl><w:tblPr><w:tblW w:w=\"", kTextWidth,
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
        out_ +=
            Cell(c == 0 ? 2 * unit : unit, Paragraph(p, Inlines(cell, style)));
      }
      out_ += "</w:tr>";
    }
    out_ += "</w:tbl>";
    out_ += Paragraph(Centered(120), "");  // space after the table
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

  std::string out_;
  bool quote_ = false;
};

std::string DocumentXml(const DocxFrame& f, const std::string& body,
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

std::string StylesXml() {
  const std::string fonts =
      "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
      "w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>";
  return absl::StrCat(
      kXmlDecl, "<w:styles ", kWordNs, "><w:docDefaults><w:rPrDefault><w:rPr>",
      fonts, "<w:sz w:val=\"", kBodySize, "\"/><w:szCs w:val=\"", kBodySize,
      "\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault><w:pPrDefault>"
      "<w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:pPrDefault>"
      "</w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" "
      "w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:rPr>",
      fonts, "<w:sz w:val=\"", kBodySize, "\"/><w:szCs w:val=\"", kBodySize,
      "\"/></w:rPr></w:style><w:style w:type=\"paragraph\" "
      "w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn "
      "w:val=\"Normal\"/></w:style><w:style w:type=\"table\" w:default=\"1\" "
      "w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr>"
      "<w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" "
      "w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom "
      "w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
      "</w:tblCellMar></w:tblPr></w:style></w:styles>");
}

// The page number, centred at the top (from page 2: the first page has its
// own, empty header).
std::string PageNumberHeaderXml() {
  return absl::StrCat(
      kXmlDecl, "<w:hdr ", kWordNs,
      "><w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:jc w:val=\"center\"/>"
      "</w:pPr><w:fldSimple w:instr=\" PAGE \"><w:r><w:rPr><w:sz w:val=\"",
      kHeaderSize,
      "\"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>");
}

std::string EmptyHeaderXml() {
  return absl::StrCat(kXmlDecl, "<w:hdr ", kWordNs,
                      "><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>"
                      "</w:p></w:hdr>");
}

std::string Rfc3339Utc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

struct Part {
  std::string name;
  std::string content;
};

std::vector<Part> Package(const DocxFrame& f, const std::string& document) {
  const std::string created = Rfc3339Utc(f.created);
  return {
      {"[Content_Types].xml",
       absl::StrCat(
           kXmlDecl,
           "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
           "content-types\"><Default Extension=\"rels\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-package.relationships+xml\"/><Default "
           "Extension=\"xml\" ContentType=\"application/xml\"/><Override "
           "PartName=\"/word/document.xml\" ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.document.main+"
           "xml\"/><Override PartName=\"/word/styles.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
           "<Override PartName=\"/word/settings.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/"
           "><Override PartName=\"/word/header1.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
           "<Override PartName=\"/word/header2.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
           "<Override PartName=\"/docProps/core.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-package.core-properties+xml\"/><Override "
           "PartName=\"/docProps/app.xml\" ContentType=\"application/"
           "vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
           "</Types>")},
      {"_rels/.rels",
       absl::StrCat(
           kXmlDecl,
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
           "2006/relationships\"><Relationship Id=\"rId1\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships/officeDocument\" Target=\"word/document.xml\"/>"
           "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
           "package/2006/relationships/metadata/core-properties\" "
           "Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
           "</Relationships>")},
      {"word/_rels/document.xml.rels",
       absl::StrCat(
           kXmlDecl,
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
           "2006/relationships\"><Relationship Id=\"rId1\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships/styles\" Target=\"styles.xml\"/><Relationship "
           "Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
           "officeDocument/2006/relationships/settings\" "
           "Target=\"settings.xml\"/><Relationship Id=\"rId3\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships/header\" Target=\"header1.xml\"/><Relationship "
           "Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/"
           "officeDocument/2006/relationships/header\" "
           "Target=\"header2.xml\"/></Relationships>")},
      {"word/document.xml", document},
      {"word/styles.xml", StylesXml()},
      {"word/settings.xml",
       absl::StrCat(
           kXmlDecl, "<w:settings ", kWordNs,
           "><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl "
           "w:val=\"doNotCompress\"/></w:settings>")},
      {"word/header1.xml", PageNumberHeaderXml()},
      {"word/header2.xml", EmptyHeaderXml()},
      {"docProps/core.xml",
       absl::StrCat(
           kXmlDecl,
           "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
           "package/2006/metadata/core-properties\" "
           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
           "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>",
           Xml(absl::StrCat(f.title, " ", f.summary)),
           "</dc:title><dc:creator>", Xml(f.issuer),
           "</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">",
           created, "</dcterms:created></cp:coreProperties>")},
      {"docProps/app.xml",
       absl::StrCat(kXmlDecl,
                    "<Properties xmlns=\"http://schemas.openxmlformats.org/"
                    "officeDocument/2006/extended-properties\"><Application>"
                    "dtr</Application></Properties>")},
  };
}

}  // namespace

absl::StatusOr<std::string> WriteDocx(const DocxFrame& frame,
                                      const MarkdownDocument& body,
                                      const MarkdownDocument* appendix) {
  const std::vector<Part> parts = Package(
      frame, DocumentXml(frame, BodyWriter().Write(body.root()),
                         appendix ? BodyWriter().Write(appendix->root()) : ""));
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) {
    return absl::InternalError("docx: cannot create a zip buffer");
  }
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return absl::InternalError("docx: cannot open a zip archive");
  }
  zip_source_keep(buffer);  // read it back after zip_close
  const time_t mtime = static_cast<time_t>(absl::ToUnixSeconds(frame.created));
  for (const Part& part : parts) {
    zip_source_t* source =
        zip_source_buffer(archive, part.content.data(), part.content.size(), 0);
    const zip_int64_t index = source == nullptr
                                  ? -1
                                  : zip_file_add(archive, part.name.c_str(),
                                                 source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      zip_discard(archive);
      zip_source_free(buffer);
      return absl::InternalError(absl::StrCat("docx: cannot add ", part.name));
    }
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), mtime, 0);
  }
  if (zip_close(archive) != 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    return absl::InternalError("docx: cannot write the zip archive");
  }
  std::string bytes;
  if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    bytes.resize(static_cast<size_t>(std::max<zip_int64_t>(size, 0)));
    const zip_int64_t read =
        zip_source_read(buffer, bytes.data(), bytes.size());
    zip_source_close(buffer);
    if (read != size) bytes.clear();
  }
  zip_source_free(buffer);
  if (bytes.empty())
    return absl::InternalError("docx: cannot read the archive");
  return bytes;
}

}  // namespace dtr::report
