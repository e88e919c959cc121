// Report settings kept as a file (a ConfigMap) and dated like the other
// reference files (common/dated_versions.h): each version gives the
// settings of the units it names, in force from its valid_from to its
// valid_to, under its legal basis:
//
//   {"about": "…",
//    "versions": [
//      {"valid_from": "2000-01-01", "valid_to": "2025-02-28",
//       "legal_basis": {…},
//       "units": {"HT": {"issuer_parent": "UBND TỈNH HÀ TĨNH",
//                        "issuer": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
//                        "document_symbol": "BC-STTTT", …}}},
//      {"valid_from": "2025-03-01", "legal_basis": {…}, "units": {…}}]}
//
// A unit's settings are the ReportSettings message in the proto3 JSON
// mapping (images base64), without the fields the file gives elsewhere:
// unit_code (the key), valid_from, valid_to and legal_basis (the
// version's), updated_at. A file without "versions" is one version in
// force on every day. Refused whole, naming the entry
// ("settings: versions[1] (from 2025-03-01): units.HT: issuer: is
// required"), when anything in it is invalid.
#ifndef DTR_SERVICES_REPORT_SETTINGS_VERSIONS_H_
#define DTR_SERVICES_REPORT_SETTINGS_VERSIONS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/dated_versions.h"
#include "common/unit_tree.h"
#include "dtr/report/v1/report.pb.h"

namespace dtr::report {

// One version's settings, by unit code. Immutable once parsed.
class SettingsSet {
 public:
  static absl::StatusOr<std::shared_ptr<const SettingsSet>> Parse(
      absl::string_view json);

  // The unit's settings in this version (unit_code set, no days), or null.
  const v1::ReportSettings* Find(const std::string& unit) const;
  const std::map<std::string, v1::ReportSettings>& units() const {
    return units_;
  }
  uint64_t fingerprint() const { return fingerprint_; }

 private:
  std::map<std::string, v1::ReportSettings> units_;
  uint64_t fingerprint_ = 0;
};

using SettingsVersions = DatedVersions<SettingsSet>;

// Reads the settings file at `path`; NOT_FOUND or INVALID_ARGUMENT naming
// the entry.
absl::StatusOr<std::shared_ptr<const SettingsVersions>> LoadSettingsVersions(
    const std::string& path);

// INVALID_ARGUMENT naming the first entry whose unit `units` does not
// hold in the days of its version (a mistyped code would otherwise leave
// the real unit on the store's settings).
absl::Status CheckSettingsUnits(const SettingsVersions& file,
                                const UnitTree& units);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_SETTINGS_VERSIONS_H_
