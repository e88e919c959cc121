// A Markdown tree (markdown.h) laid out on a PDF (pdf_flow.h) as the DOCX
// lays out its body (docx_body.h): headings, justified paragraphs with a
// first-line indent, lists, block quotes, emphasis and tables with their
// header row repeated on each page, columns wide enough that no number
// breaks (table_columns.h).
#ifndef DTR_SERVICES_REPORT_PDF_BODY_H_
#define DTR_SERVICES_REPORT_PDF_BODY_H_

#include "services/report/markdown.h"
#include "services/report/pdf_flow.h"
#include "services/report/report_charts.h"

namespace dtr::report {

// `charts` are drawn, as vector graphics, where the body names them.
void LayOutBody(const MarkdownDocument& markdown, PdfFlow* flow,
                const ChartSet& charts = {});

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_PDF_BODY_H_
