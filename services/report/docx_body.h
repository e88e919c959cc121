// A Markdown tree (markdown.h) as the WordprocessingML of a document's
// body: headings, paragraphs, lists, block quotes, emphasis and tables, in
// the sizes of docx_xml.h.
//
// A pure function; thread-safe.
#ifndef DTR_SERVICES_REPORT_DOCX_BODY_H_
#define DTR_SERVICES_REPORT_DOCX_BODY_H_

#include <map>
#include <string>

#include "services/report/markdown.h"

namespace dtr::report {

// A chart the body shows where its Markdown names it ("chart:NAME"): the
// image's relationship id and its size in points.
struct DocxChart {
  std::string rel_id;
  double width = 0, height = 0;
};

std::string BodyXml(const MarkdownDocument& markdown,
                    const std::map<std::string, DocxChart>& charts = {});

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCX_BODY_H_
