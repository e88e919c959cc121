// The report as a PDF laid out as the DOCX is (docx_writer.h): the
// issuer and national motto header with the number and the place and date,
// "BÁO CÁO" and the summary line, the body, the recipients and the
// signature block, the appendix on a page of its own; A4, the margins of
// Decree 30/2020/NĐ-CP, Liberation Serif (metric-compatible with Times New
// Roman) embedded as a subset, page numbers centred at the top from page 2.
//
// Pango and cairo lay it out: an A4 page of Vietnamese text in tens of
// milliseconds, with the font's own metrics, where a DOCX-to-PDF
// conversion through an office suite takes seconds and hundreds of
// megabytes.
//
// Thread-safe: each call lays out a document of its own.
#ifndef DTR_SERVICES_REPORT_PDF_WRITER_H_
#define DTR_SERVICES_REPORT_PDF_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/report/document_frame.h"
#include "services/report/markdown.h"
#include "services/report/pdf_flow.h"
#include "services/report/pdf_places.h"
#include "services/report/report_charts.h"

namespace dtr::report {

struct PdfRendering {
  std::string bytes;
  PdfPlaces places;
};

// `appendix`, when given, follows the signature on a new page; `charts`
// are drawn where the body names them.
absl::StatusOr<PdfRendering> WritePdf(const DocumentFrame& frame,
                                      const MarkdownDocument& body,
                                      const MarkdownDocument* appendix,
                                      const ChartSet& charts = {});

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_PDF_WRITER_H_
