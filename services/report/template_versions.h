// The report's wording by date: the templates directory may hold
// versions.json, which dates the wording with its legal basis the way the
// other reference files are dated (common/dated_versions.h); a version
// changes the base templates by reading some files from others of the
// same directory:
//
//   {"about": "…",
//    "versions": [
//      {"valid_from": "2000-01-01", "valid_to": "2025-02-28",
//       "legal_basis": {…}},
//      {"valid_from": "2025-03-01", "legal_basis": {…},
//       "replace": {"labels.json": "labels.2025-03-01.json",
//                   "section-security.md.mustache":
//                       "section-security.2025-03-01.md.mustache"}}]}
//
// The directory stays flat (a ConfigMap has no subdirectories). A
// replacement of labels.json holds only the labels that change and is
// merged onto it; a template's replacement is the whole template. A
// directory without versions.json is one version in force on every day.
// A report for a period uses the version in force on its last day.
#ifndef DTR_SERVICES_REPORT_TEMPLATE_VERSIONS_H_
#define DTR_SERVICES_REPORT_TEMPLATE_VERSIONS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/dated_versions.h"
#include "services/report/template_set.h"

namespace dtr::report {

using TemplateVersions = DatedVersions<TemplateSet>;

// Loads `dir` and every version its versions.json states; INVALID_ARGUMENT
// naming the entry ("templates: versions[1] (from 2025-03-01): replace:
// labels.2025.json: no such file in DIR") when one does not load.
absl::StatusOr<std::shared_ptr<const TemplateVersions>> LoadTemplateVersions(
    const std::string& dir);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_TEMPLATE_VERSIONS_H_
