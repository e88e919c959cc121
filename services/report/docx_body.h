// A Markdown tree (markdown.h) as the WordprocessingML of a document's
// body: headings, paragraphs, lists, block quotes, emphasis and tables, in
// the sizes of docx_xml.h.
//
// A pure function; thread-safe.
#ifndef DTR_SERVICES_REPORT_DOCX_BODY_H_
#define DTR_SERVICES_REPORT_DOCX_BODY_H_

#include <string>

#include "services/report/markdown.h"

namespace dtr::report {

std::string BodyXml(const MarkdownDocument& markdown);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCX_BODY_H_
