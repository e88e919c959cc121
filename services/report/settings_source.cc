#include "services/report/settings_source.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"

namespace dtr::report {
namespace {

bool Names(const SettingsVersions& file, const std::string& unit) {
  for (const SettingsVersions::Version& v : file.versions()) {
    if (v.value->Find(unit) != nullptr) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::optional<v1::ReportSettings>> SettingsSource::InForce(
    const std::string& unit, absl::CivilDay day) const {
  if (file_ != nullptr) {
    const std::shared_ptr<const SettingsVersions> file = file_->Get();
    if (Names(*file, unit)) {
      // The file's alone, even on a day its versions leave the unit out.
      const SettingsVersions::Version* v = file->At(day);
      const v1::ReportSettings* found =
          v != nullptr ? v->value->Find(unit) : nullptr;
      if (found == nullptr) return std::optional<v1::ReportSettings>();
      v1::ReportSettings settings = *found;
      settings.set_valid_from(v->meta.valid_from());
      settings.set_valid_to(v->meta.valid_to());
      *settings.mutable_legal_basis() = v->meta.legal_basis();
      return std::optional<v1::ReportSettings>(std::move(settings));
    }
  }
  return store_->GetSettings(unit, day);
}

absl::Status SettingsSource::CheckPuttable(const std::string& unit) const {
  if (file_ == nullptr || !Names(*file_->Get(), unit)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "unit_code: the settings of ", unit,
      " come from the settings file (--settings, DTR_SETTINGS); change "
      "them there and reload the report service (SIGHUP)"));
}

}  // namespace dtr::report
