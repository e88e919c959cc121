// The controls catalogue: which controls each security level requires, how
// long evidence counts, how long an approval lasts. Read from a JSON file
// (services/security/data/controls.json), so that a province edits it
// without a rebuild; the file holds a version for each period of the law.
//
// Thread-safe: immutable once loaded.
#ifndef DTR_SERVICES_SECURITY_CONTROL_CATALOGUE_H_
#define DTR_SERVICES_SECURITY_CONTROL_CATALOGUE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/dated_versions.h"
#include "common/reloadable.h"
#include "dtr/security/v1/security.pb.h"

namespace dtr::security {

class ControlCatalogue {
 public:
  static absl::StatusOr<std::shared_ptr<const ControlCatalogue>> Parse(
      absl::string_view json);
  static absl::StatusOr<std::shared_ptr<const ControlCatalogue>> LoadFile(
      const std::string& path);

  // In file order.
  const std::vector<v1::Control>& controls() const { return controls_; }
  const v1::Control* Find(absl::string_view control_id) const;
  // The controls a system of `level` must meet.
  std::vector<const v1::Control*> RequiredFor(int level) const;
  // Years an approval stays valid; 0: without end.
  int approval_valid_years() const { return approval_valid_years_; }
  // Identifies the content; cached answers carry it.
  uint64_t fingerprint() const { return fingerprint_; }

 private:
  ControlCatalogue() = default;

  std::vector<v1::Control> controls_;
  absl::flat_hash_map<std::string, size_t> by_id_;
  int approval_valid_years_ = 0;
  uint64_t fingerprint_ = 0;
};

// Every version of the catalogue, each in force over its days
// (dated_versions.h): a summary as of a day applies the version in force
// on that day.
using ControlCatalogues = DatedVersions<ControlCatalogue>;
absl::StatusOr<std::shared_ptr<const ControlCatalogues>> ParseControlCatalogues(
    absl::string_view json);
absl::StatusOr<std::shared_ptr<const ControlCatalogues>> LoadControlCatalogues(
    const std::string& path);

// A control of any version: a record may concern any period, and the
// summary of its day decides whether that day's catalogue requires it.
const v1::Control* FindControlInAnyVersion(const ControlCatalogues& catalogues,
                                           absl::string_view control_id);

// The controls catalogues in use, reloaded on SIGHUP.
using CatalogueHolder = Reloadable<ControlCatalogues>;

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_CONTROL_CATALOGUE_H_
