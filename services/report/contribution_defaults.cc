#include "services/report/contribution_defaults.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/report/narrative_sections.h"
#include "services/report/report_requests.h"

namespace dtr::report {
namespace {

absl::Status Wrong(const std::string& where, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", why));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const ContributionDefaults>>
ContributionDefaults::Parse(const std::string& text) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Wrong("(file)", "not a JSON object");
  }
  if (!doc.contains("versions") || !doc["versions"].is_array() ||
      doc["versions"].empty()) {
    return Wrong("versions", "a non-empty list is required");
  }
  auto out = std::shared_ptr<ContributionDefaults>(new ContributionDefaults);
  for (size_t i = 0; i < doc["versions"].size(); ++i) {
    const nlohmann::json& v = doc["versions"][i];
    const std::string at = absl::StrCat("versions[", i, "]");
    if (!v.is_object()) return Wrong(at, "expected an object");
    ContributionDefaultsVersion version;
    if (!v.contains("from") || !v["from"].is_string()) {
      return Wrong(at + ".from", "required, \"YYYY-MM\"");
    }
    auto from = ParsePeriod(v["from"].get<std::string>(), absl::CivilDay());
    if (!from.ok() || v["from"].get<std::string>().size() != 7) {
      return Wrong(at + ".from", "expected \"YYYY-MM\"");
    }
    version.from = *from;
    if (v.contains("deadline_day")) {
      if (!v["deadline_day"].is_number_integer() ||
          v["deadline_day"].get<int>() < 1 ||
          v["deadline_day"].get<int>() > 31) {
        return Wrong(at + ".deadline_day", "expected a day from 1 to 31");
      }
      version.deadline_day = v["deadline_day"].get<int>();
    }
    if (!v.contains("sections") || !v["sections"].is_array()) {
      return Wrong(at + ".sections", "a list is required");
    }
    for (size_t j = 0; j < v["sections"].size(); ++j) {
      const nlohmann::json& s = v["sections"][j];
      const std::string sat = absl::StrCat(at, ".sections[", j, "]");
      if (!s.is_object() || !s.contains("section") ||
          !s["section"].is_string() ||
          NarrativeSectionIndex(s["section"].get<std::string>()) < 0) {
        return Wrong(sat + ".section", "expected one of the report's sections");
      }
      DefaultSectionRequest request;
      request.section = s["section"].get<std::string>();
      if (!s.contains("levels") || !s["levels"].is_array() ||
          s["levels"].empty()) {
        return Wrong(sat + ".levels", "a non-empty list of unit levels");
      }
      for (const nlohmann::json& level : s["levels"]) {
        if (!level.is_string() || level.get<std::string>().empty()) {
          return Wrong(sat + ".levels", "a level is a name, e.g. \"district\"");
        }
        request.levels.push_back(level.get<std::string>());
      }
      version.sections.push_back(std::move(request));
    }
    if (!out->versions_.empty() && out->versions_.back().from >= version.from) {
      return Wrong(at + ".from", "versions go from the earliest to the latest");
    }
    out->versions_.push_back(std::move(version));
  }
  return std::shared_ptr<const ContributionDefaults>(std::move(out));
}

absl::StatusOr<std::shared_ptr<const ContributionDefaults>>
ContributionDefaults::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str());
}

const ContributionDefaultsVersion* ContributionDefaults::For(
    absl::CivilMonth month) const {
  const ContributionDefaultsVersion* found = nullptr;
  for (const ContributionDefaultsVersion& v : versions_) {
    if (v.from <= month) found = &v;
  }
  return found;
}

}  // namespace dtr::report
