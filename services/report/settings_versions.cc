#include "services/report/settings_versions.h"

#include <utility>

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
  // Said before the parse, whose message would only call them unknown.
  for (const char* key :
       {"unit_code", "valid_from", "valid_to", "legal_basis", "updated_at"}) {
    if (entry.contains(key)) {
      return Refused(where,
                     absl::StrCat(key,
                                  ": not set here (the unit's key and the "
                                  "version give it)"));
    }
  }
  v1::ReportSettings settings;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      entry.dump(), &settings, options);
  if (!parsed.ok()) return Refused(where, std::string(parsed.message()));
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

absl::StatusOr<std::shared_ptr<const SettingsVersions>> LoadSettingsVersions(
    const std::string& path) {
  return SettingsVersions::LoadFile(kKind, path, &SettingsSet::Parse);
}

}  // namespace dtr::report
