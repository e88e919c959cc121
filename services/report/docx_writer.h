// The report as a Word document (Office Open XML) laid out as a Vietnamese
// administrative document (Decree 30/2020/NĐ-CP, Appendix I): A4; margins
// top and bottom 22.5 mm, left 33 mm, right 18 mm; Times New Roman; the
// issuing body's parent above it and the body in bold with a short rule,
// at top left, with the document number; the national name in bold 12 and
// the motto in bold 13 with a rule, at top right, with the place and date
// in italics; the title and summary bold and centred; the body in 14 with
// per-level tables; page numbers centred at the top from page 2; the
// recipients and the signature block at the end.
//
// The body comes as Markdown (headings, paragraphs, lists, emphasis,
// tables). The package holds only what Word and independent readers need
// ([Content_Types].xml, relationships, document, styles, settings, two
// headers, core and app properties); every entry carries `created` as its
// time, so the same content gives the same bytes.
#ifndef DTR_SERVICES_REPORT_DOCX_WRITER_H_
#define DTR_SERVICES_REPORT_DOCX_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/report/document_frame.h"
#include "services/report/markdown.h"
#include "services/report/report_charts.h"

namespace dtr::report {

// `appendix`, when given, follows the signature on a new page; `charts`
// are drawn where the body names them, as PNG images.
absl::StatusOr<std::string> WriteDocx(const DocumentFrame& frame,
                                      const MarkdownDocument& body,
                                      const MarkdownDocument* appendix,
                                      const ChartSet& charts = {});

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCX_WRITER_H_
