// What signing and issuing draw on the report's PDF, each as a one-page PDF
// of the place's size that becomes a form field's appearance
// (common/pdf_signing.h), as Appendix I of Decree 30/2020/NĐ-CP describes
// them:
//  - the competent person's signature: their signature image (blue, PNG
//    with a transparent background), centred between title and name; with
//    no image, their name in blue italics;
//  - the agency's signature: its red seal over about the left third of the
//    signer's, with the agency's name and the signing time (ISO 8601,
//    +07:00) in blue 10 pt Times New Roman (Liberation Serif); with no
//    image, a seal drawn with the issuer's name;
//  - the number and the date lines, on white over the blanks of the draft.
// Pango draws the text, so Vietnamese letters stay whole.
//
// Pure functions; thread-safe.
#ifndef DTR_SERVICES_REPORT_DOCUMENT_STAMPS_H_
#define DTR_SERVICES_REPORT_DOCUMENT_STAMPS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dtr::report {

absl::StatusOr<std::string> SignerStamp(double width, double height,
                                        const std::string& signature_png,
                                        const std::string& signer_name);

absl::StatusOr<std::string> AgencyStamp(double width, double height,
                                        const std::string& seal_png,
                                        const std::string& agency,
                                        absl::Time signed_at);

// One line of text centred on white, `size` points, italic when asked.
absl::StatusOr<std::string> LineStamp(double width, double height,
                                      const std::string& text, double size,
                                      bool italic);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCUMENT_STAMPS_H_
