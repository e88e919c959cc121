#include "services/report/markdown.h"

#include <cstdlib>
#include <cstring>

#include "cmark-gfm-core-extensions.h"
#include "cmark-gfm-extension_api.h"

namespace dtr::report {
namespace {

constexpr int kOptions = CMARK_OPT_VALIDATE_UTF8;

bool TypeIs(cmark_node* node, const char* name) {
  const char* type = cmark_node_get_type_string(node);
  return type != nullptr && std::strcmp(type, name) == 0;
}

}  // namespace

MarkdownDocument::MarkdownDocument(const std::string& text) {
  cmark_gfm_core_extensions_ensure_registered();
  parser_ = cmark_parser_new(kOptions);
  for (const char* name : {"table", "strikethrough"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser_, ext);
    }
  }
  cmark_parser_feed(parser_, text.data(), text.size());
  root_ = cmark_parser_finish(parser_);
}

MarkdownDocument::~MarkdownDocument() {
  cmark_node_free(root_);
  cmark_parser_free(parser_);
}

std::string MarkdownDocument::ToHtml() const {
  char* html = cmark_render_html(root_, kOptions,
                                 cmark_parser_get_syntax_extensions(parser_));
  std::string out(html);
  std::free(html);
  return out;
}

bool IsTable(cmark_node* node) { return TypeIs(node, "table"); }
bool IsTableRow(cmark_node* node) {
  return TypeIs(node, "table_row") || TypeIs(node, "table_header");
}
bool IsTableHeaderRow(cmark_node* node) { return TypeIs(node, "table_header"); }
bool IsTableCell(cmark_node* node) { return TypeIs(node, "table_cell"); }
bool IsStrikethrough(cmark_node* node) { return TypeIs(node, "strikethrough"); }

std::string PlainText(cmark_node* node) {
  std::string text;
  for (cmark_node* n = cmark_node_first_child(node); n != nullptr;
       n = cmark_node_next(n)) {
    const char* literal = cmark_node_get_literal(n);
    if (literal != nullptr) text += literal;
    text += PlainText(n);
  }
  return text;
}

}  // namespace dtr::report
