// Where a unit's report settings come from: the settings file
// (--settings, settings_versions.h) for every unit it names in any
// version, the store (PutSettings) for the others. One source per unit,
// so that an edit through the API cannot be silently overridden by the
// file or the other way round: PutSettings for a unit the file names is
// refused, saying to edit the file and reload it.
//
// Thread-safe: the file is read through its reloadable snapshot.
#ifndef DTR_SERVICES_REPORT_SETTINGS_SOURCE_H_
#define DTR_SERVICES_REPORT_SETTINGS_SOURCE_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/reloadable.h"
#include "dtr/report/v1/report.pb.h"
#include "services/report/report_store.h"
#include "services/report/settings_versions.h"

namespace dtr::report {

using SettingsHolder = Reloadable<SettingsVersions>;

class SettingsSource {
 public:
  // `file` null: every unit's settings are the store's.
  SettingsSource(ReportStore* store, const SettingsHolder* file)
      : store_(store), file_(file) {}

  // The settings of `unit` in force on `day`, with their days and legal
  // basis; nullopt when none are.
  absl::StatusOr<std::optional<v1::ReportSettings>> InForce(
      const std::string& unit, absl::CivilDay day) const;

  // OK when `unit`'s settings may be put through the API;
  // FAILED_PRECONDITION when the settings file holds them.
  absl::Status CheckPuttable(const std::string& unit) const;

 private:
  ReportStore* const store_;
  const SettingsHolder* const file_;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_SETTINGS_SOURCE_H_
