#include "tools/dtctl/sample_report.h"

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

}  // namespace

absl::StatusOr<std::vector<WrittenFile>> WriteReportSample(
    const FixtureTargets& t, const std::string& dir) {
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
  return written;
}

}  // namespace dtr::dtctl
