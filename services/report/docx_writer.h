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
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/report/markdown.h"

namespace dtr::report {

struct DocxFrame {
  std::string issuer_parent;  // "UBND TỈNH HÀ TĨNH"
  std::string issuer;         // "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
  std::string number_line;    // "Số:        /BC-STTTT" (no-break blanks)
  std::string nation;         // "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
  std::string motto;          // "Độc lập - Tự do - Hạnh phúc"
  std::string date_line;      // "Hà Tĩnh, ngày      tháng 10 năm 2023"
  std::string title;          // "BÁO CÁO"
  std::string summary;  // "Kết quả chuyển đổi số đến hết tháng 10 ..."
  std::string recipients_heading;  // "Nơi nhận:"
  std::vector<std::string> recipients;
  std::vector<std::string> signer_title;  // one line each
  std::string signer_name;
  absl::Time created;
};

// `appendix`, when given, follows the signature on a new page.
absl::StatusOr<std::string> WriteDocx(const DocxFrame& frame,
                                      const MarkdownDocument& body,
                                      const MarkdownDocument* appendix);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCX_WRITER_H_
