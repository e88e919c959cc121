// Where a report's PDF leaves room for what signing and issuing add: the
// number line and the date line (filled when the version is issued) and
// the space between the signer's title and name (the signatures'
// appearances). The PDF writer finds them; they are archived with the
// version, as JSON, for the steps that come later.
#ifndef DTR_SERVICES_REPORT_PDF_PLACES_H_
#define DTR_SERVICES_REPORT_PDF_PLACES_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/pdf_signing.h"

namespace dtr::report {

struct PdfPlaces {
  PdfPlace number;     // the "Số: …/BC-…" line
  PdfPlace date;       // the place and date line
  PdfPlace signature;  // between the signer's title and name
};

std::string PlacesToJson(const PdfPlaces& places);
absl::StatusOr<PdfPlaces> PlacesFromJson(const std::string& json);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_PDF_PLACES_H_
