#include "tools/dtctl/sample_report.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"

namespace dtr::dtctl {
namespace {

using nlohmann::ordered_json;

absl::Status WriteJson(const std::string& path, const ordered_json& value) {
  std::ofstream out(path, std::ios::trunc);
  out << value.dump(2) << "\n";
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

// contributions/<UNIT>-<section>.md for each of the inputs' contributions,
// and contributions.tsv: "unit<TAB>section<TAB>file" a line.
absl::StatusOr<WrittenFile> WriteContributions(
    const ordered_json& contributions, const std::vector<SampleUnit>& units,
    const std::string& dir) {
  const std::string folder = dir + "/contributions";
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return absl::InternalError(absl::StrCat("cannot make ", folder));
  const std::string list_path = dir + "/contributions.tsv";
  std::ofstream list(list_path, std::ios::trunc);
  for (const ordered_json& c : contributions) {
    const std::string name = c.value("unit_name", "");
    const std::string section = c.value("section", "");
    const SampleUnit* unit = nullptr;
    for (const SampleUnit& u : units) {
      if (u.name == name) unit = &u;
    }
    if (unit == nullptr) {
      return absl::InternalError(absl::StrCat(
          "the built-in contributions name no sample unit '", name, "'"));
    }
    const std::string file =
        absl::StrCat(folder, "/", unit->code, "-", section, ".md");
    std::ofstream text(file, std::ios::trunc);
    text << c.value("text", "") << "\n";
    text.close();
    if (!text) return absl::InternalError(absl::StrCat("cannot write ", file));
    list << unit->code << "\t" << section << "\t" << file << "\n";
  }
  list.close();
  if (!list)
    return absl::InternalError(absl::StrCat("cannot write ", list_path));
  return WrittenFile{list_path, static_cast<int64_t>(contributions.size()),
                     "units' contributions"};
}

// The report service's settings file: a version for each of the inputs'
// settings_versions, holding the unit's settings changed by the fields the
// version gives besides its days and legal basis.
absl::StatusOr<ordered_json> DatedSettings(const ordered_json& inputs,
                                           const std::string& unit) {
  const ordered_json& eras = inputs.value("settings_versions", ordered_json());
  if (!eras.is_array() || eras.empty()) {
    return absl::InternalError(
        "the built-in report inputs give no settings_versions");
  }
  ordered_json versions = ordered_json::array();
  for (const ordered_json& era : eras) {
    ordered_json version;
    ordered_json settings = inputs["settings"];
    for (auto it = era.begin(); it != era.end(); ++it) {
      if (it.key() == "valid_from" || it.key() == "valid_to" ||
          it.key() == "legal_basis") {
        version[it.key()] = it.value();
      } else {
        settings[it.key()] = it.value();
      }
    }
    version["units"][unit] = std::move(settings);
    versions.push_back(std::move(version));
  }
  ordered_json file;
  file["about"] =
      "How the sample's province issues its reports, by date: a report uses "
      "the version in force on its period's last day. Each version names "
      "the legal text behind it; checked: false marks our reading. To "
      "change the settings from a day, end the last version the day before "
      "and add one; the report service reads this file again on SIGHUP.";
  file["versions"] = std::move(versions);
  return file;
}

}  // namespace

absl::StatusOr<std::vector<WrittenFile>> WriteReportSample(
    const FixtureTargets& t, const std::vector<SampleUnit>& units,
    const std::string& dir) {
  const ordered_json inputs =
      ordered_json::parse(BuiltInReportInputs(), nullptr, false);
  if (inputs.is_discarded() || !inputs.contains("sections") ||
      !inputs.contains("settings")) {
    return absl::InternalError("the built-in report inputs are not valid");
  }
  std::vector<WrittenFile> written;

  ordered_json narratives;
  narratives["unit_code"] = t.province_code;
  narratives["period"] =
      absl::StrFormat("%04d-%02d", t.period_to.year(), t.period_to.month());
  narratives["sections"] = inputs["sections"];
  ordered_json published = ordered_json::array();
  for (const PublishedTarget& p : t.published) {
    published.push_back(
        {{"figure", p.figure},
         {"value", p.value},
         {"decimals", p.decimals},
         {"source", absl::StrCat("báo cáo đã công bố của ", t.issuer_name)}});
  }
  narratives["published"] = published;
  const std::string narratives_path = dir + "/narratives.json";
  if (absl::Status s = WriteJson(narratives_path, narratives); !s.ok()) {
    return s;
  }
  written.push_back({narratives_path,
                     static_cast<int64_t>(inputs["sections"].size()),
                     "narrative sections"});

  ordered_json settings;
  settings["unit_code"] = t.province_code;
  for (auto it = inputs["settings"].begin(); it != inputs["settings"].end();
       ++it) {
    settings[it.key()] = it.value();
  }
  const std::string settings_path = dir + "/report-settings.json";
  if (absl::Status s = WriteJson(settings_path, settings); !s.ok()) return s;
  written.push_back({settings_path, 1, "report settings"});
  auto dated = DatedSettings(inputs, t.province_code);
  if (!dated.ok()) return dated.status();
  const std::string dated_path = dir + "/settings.json";
  if (absl::Status s = WriteJson(dated_path, *dated); !s.ok()) return s;
  written.push_back({dated_path,
                     static_cast<int64_t>(inputs["settings_versions"].size()),
                     "dated report settings (--settings)"});
  auto contributions = WriteContributions(
      inputs.value("contributions", ordered_json::array()), units, dir);
  if (!contributions.ok()) return contributions.status();
  written.push_back(*contributions);
  return written;
}

}  // namespace dtr::dtctl
