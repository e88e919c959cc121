// The parts of the report around its body, as every laid-out rendering
// (DOCX, PDF) prints them: the issuer and national motto header with the
// number and the place and date, the title and summary, the recipients
// and the signature block (Decree 30/2020/NĐ-CP, Appendix I).
#ifndef DTR_SERVICES_REPORT_DOCUMENT_FRAME_H_
#define DTR_SERVICES_REPORT_DOCUMENT_FRAME_H_

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace dtr::report {

struct DocumentFrame {
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

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCUMENT_FRAME_H_
