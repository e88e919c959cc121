// A DOCX package (Office Open XML): given the document part, the parts
// Word and independent readers need around it ([Content_Types].xml, the
// relationships, styles in Times New Roman, settings, the two headers —
// the page number from page 2 — and the core and app properties), zipped
// with libzip. Every entry carries `created` as its time, so the same
// content gives the same bytes.
//
// A pure function; thread-safe.
#ifndef DTR_SERVICES_REPORT_DOCX_PACKAGE_H_
#define DTR_SERVICES_REPORT_DOCX_PACKAGE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dtr::report {

// The package's properties.
struct DocxMeta {
  std::string title;
  std::string creator;
  absl::Time created;
};

// A PNG image the document shows, as word/media/<name>.png, referenced as
// `rel_id` (which must not be rId1–rId4).
struct DocxImage {
  std::string rel_id;
  std::string name;
  std::string png;
};

// The bytes of the package around `document_xml` (word/document.xml, whose
// header references are rId3 for the default and rId4 for the first page).
absl::StatusOr<std::string> PackageDocx(
    const DocxMeta& meta, const std::string& document_xml,
    const std::vector<DocxImage>& images = {});

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DOCX_PACKAGE_H_
