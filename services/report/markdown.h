// Markdown parsed by cmark-gfm (GitHub-flavoured: tables, strikethrough),
// rendered as HTML or walked node by node (the DOCX writer). Raw HTML in
// the text is escaped, never passed through.
//
// Not thread-safe: a document belongs to the rendering that parsed it.
#ifndef DTR_SERVICES_REPORT_MARKDOWN_H_
#define DTR_SERVICES_REPORT_MARKDOWN_H_

#include <string>

#include "cmark-gfm.h"

namespace dtr::report {

class MarkdownDocument {
 public:
  explicit MarkdownDocument(const std::string& text);
  ~MarkdownDocument();
  MarkdownDocument(const MarkdownDocument&) = delete;
  MarkdownDocument& operator=(const MarkdownDocument&) = delete;

  cmark_node* root() const { return root_; }
  // An HTML fragment (no <html> or <body>).
  std::string ToHtml() const;

 private:
  cmark_parser* parser_;
  cmark_node* root_;
};

// Node types of the table extension, by their type names.
bool IsTable(cmark_node* node);
bool IsTableRow(cmark_node* node);
bool IsTableHeaderRow(cmark_node* node);
bool IsTableCell(cmark_node* node);
bool IsStrikethrough(cmark_node* node);

// The text of a node's descendants, without their markup (a table cell's
// "**33.747/46.955**" is "33.747/46.955").
std::string PlainText(cmark_node* node);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_MARKDOWN_H_
