#include "services/report/template_versions.h"

#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace dtr::report {
namespace {

constexpr char kKind[] = "templates";
constexpr char kVersionsFile[] = "versions.json";

// A version's "replace": template file name -> the file read instead.
absl::StatusOr<std::map<std::string, std::string>> ReplacementsOf(
    absl::string_view content, const std::string& dir) {
  const nlohmann::json j = nlohmann::json::parse(content, nullptr, false);
  if (!j.is_object()) {
    return absl::InvalidArgumentError("templates: not a JSON object");
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : j.items()) {
    if (key != "replace") {
      return absl::InvalidArgumentError(absl::StrCat(
          "templates: unknown key '", key, "' (a version holds replace)"));
    }
    if (!value.is_object()) {
      return absl::InvalidArgumentError(
          "templates: replace: expected an object of file names");
    }
    for (const auto& [name, source] : value.items()) {
      if (name != "labels.json" && !absl::EndsWith(name, ".mustache")) {
        return absl::InvalidArgumentError(
            absl::StrCat("templates: replace: '", name,
                         "' is not a template (labels.json or NAME.mustache)"));
      }
      if (!source.is_string() || source.get<std::string>().empty() ||
          absl::StrContains(source.get<std::string>(), "/")) {
        return absl::InvalidArgumentError(absl::StrCat(
            "templates: replace: ", name,
            ": expected the name of a file of the templates directory"));
      }
      const std::string file = source.get<std::string>();
      // A base file read in place of another would vanish from every
      // version (a version's files are never the base's).
      if (file == "labels.json" || file == name || file == "body.md.mustache" ||
          file == "report.md.mustache" || file == "report.html.mustache") {
        return absl::InvalidArgumentError(absl::StrCat(
            "templates: replace: ", name, ": ", file,
            " is a file of the base templates; name a file of its own"));
      }
      std::error_code error;
      if (!std::filesystem::is_regular_file(std::filesystem::path(dir) / file,
                                            error)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "templates: replace: ", name, ": no file ", file, " in ", dir));
      }
      out[name] = file;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const TemplateVersions>> LoadTemplateVersions(
    const std::string& dir) {
  const std::filesystem::path file = std::filesystem::path(dir) / kVersionsFile;
  std::error_code error;
  std::string text = "{}";  // no versions.json: one version, every day
  if (std::filesystem::exists(file, error)) {
    auto read = ReadDatedFile(kKind, file.string());
    if (!read.ok()) return read.status();
    text = std::move(*read);
  }
  // Every version's replacements are left out of the others' templates,
  // so that an era's file is not read as a partial of the base.
  auto entries = ParseDatedEntries(kKind, text);
  if (!entries.ok()) return entries.status();
  std::set<std::string> skip;
  for (const DatedEntry& entry : *entries) {
    auto replace = ReplacementsOf(entry.content, dir);
    if (!replace.ok()) continue;  // reported by the parse below
    for (const auto& [name, source] : *replace) skip.insert(source);
  }
  return TemplateVersions::Parse(
      kKind, text,
      [&dir, &skip](absl::string_view content)
          -> absl::StatusOr<std::shared_ptr<const TemplateSet>> {
        auto replace = ReplacementsOf(content, dir);
        if (!replace.ok()) return replace.status();
        return TemplateSet::Load(dir, *replace, skip);
      });
}

}  // namespace dtr::report
