#include "services/report/settings_versions.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/fingerprint.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "services/report/report_requests.h"

namespace dtr::report {
namespace {

constexpr char kKind[] = "settings";

absl::Status Refused(absl::string_view where, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("settings: ", where, why));
}

// One unit's entry: its message without what the file gives elsewhere.
absl::StatusOr<v1::ReportSettings> UnitSettings(const std::string& unit,
                                                const nlohmann::json& entry) {
  const std::string where = absl::StrCat("units.", unit, ": ");
  if (!entry.is_object()) return Refused(where, "expected an object");
  v1::ReportSettings settings;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      entry.dump(), &settings, options);
  if (!parsed.ok()) return Refused(where, std::string(parsed.message()));
  // What the file gives elsewhere, however it was spelt (unitCode too).
  const std::pair<const char*, bool> given_elsewhere[] = {
      {"unit_code", !settings.unit_code().empty()},
      {"valid_from", !settings.valid_from().empty()},
      {"valid_to", !settings.valid_to().empty()},
      {"legal_basis", settings.has_legal_basis()},
      {"updated_at", !settings.updated_at().empty()}};
  for (const auto& [field, set] : given_elsewhere) {
    if (set) {
      return Refused(where, absl::StrCat(field,
                                         ": not set here (the unit's key and "
                                         "the version give it)"));
    }
  }
  settings.set_unit_code(unit);
  if (absl::Status s = CheckSettings(settings); !s.ok()) {
    return Refused(where, s.message());
  }
  return settings;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const SettingsSet>> SettingsSet::Parse(
    absl::string_view json) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return Refused("", "not a JSON object");
  auto set = std::make_shared<SettingsSet>();
  for (const auto& [key, value] : j.items()) {
    if (key == "about") continue;  // a file without versions may say it
    if (key != "units") {
      return Refused(
          "", absl::StrCat("unknown key '", key, "' (a version holds units)"));
    }
    if (!value.is_object() || value.empty()) {
      return Refused("units: ", "expected an object of units' settings");
    }
    for (const auto& [unit, entry] : value.items()) {
      auto settings = UnitSettings(unit, entry);
      if (!settings.ok()) return settings.status();
      set->units_[unit] = std::move(*settings);
    }
  }
  if (set->units_.empty()) return Refused("", "units: is required");
  // Units in code order, each with its message's bytes.
  uint64_t fingerprint = kFingerprintSeed;
  for (const auto& [unit, settings] : set->units_) {
    fingerprint = Fingerprint(unit, fingerprint);
    fingerprint = Fingerprint(settings.SerializeAsString(), fingerprint);
  }
  set->fingerprint_ = fingerprint;
  return std::shared_ptr<const SettingsSet>(std::move(set));
}

const v1::ReportSettings* SettingsSet::Find(const std::string& unit) const {
  auto it = units_.find(unit);
  return it == units_.end() ? nullptr : &it->second;
}

absl::Status CheckSettingsUnits(const SettingsVersions& file,
                                const UnitTree& units) {
  const auto& versions = file.versions();
  for (size_t i = 0; i < versions.size(); ++i) {
    const SettingsVersions::Version& v = versions[i];
    const DayRange days{v.valid_from,
                        v.valid_to.value_or(absl::CivilDay(9999, 12, 31))};
    for (const auto& [unit, settings] : v.value->units()) {
      if (units.FindInRange(unit, days) != nullptr) continue;
      return absl::InvalidArgumentError(absl::StrCat(
          "settings: versions[", i, "] (from ", v.meta.valid_from(),
          "): units.", unit, ": no such unit in the unit tree in those days"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const SettingsVersions>> LoadSettingsVersions(
    const std::string& path) {
  return SettingsVersions::LoadFile(kKind, path, &SettingsSet::Parse);
}

}  // namespace dtr::report
