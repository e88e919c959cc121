#include "services/security/control_catalogue.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/fingerprint.h"
#include "nlohmann/json.hpp"

namespace dtr::security {
namespace {

using nlohmann::json;

absl::Status Bad(size_t index, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("controls: controls[", index, "]: ", what));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const ControlCatalogue>> ControlCatalogue::Parse(
    absl::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return absl::InvalidArgumentError("controls: not a JSON object");
  }
  std::shared_ptr<ControlCatalogue> catalogue(new ControlCatalogue());
  const json years = root.value("approval_valid_years", json(0));
  const json review = root.value("default_review_days", json(365));
  if (!years.is_number_integer() || years.get<int>() < 0) {
    return absl::InvalidArgumentError(
        "controls: approval_valid_years must be a whole number of years");
  }
  if (!review.is_number_integer() || review.get<int>() <= 0) {
    return absl::InvalidArgumentError(
        "controls: default_review_days must be a positive number of days");
  }
  catalogue->approval_valid_years_ = years.get<int>();
  if (!root.contains("controls") || !root["controls"].is_array()) {
    return absl::InvalidArgumentError("controls: missing the controls list");
  }
  const json& list = root["controls"];
  for (size_t i = 0; i < list.size(); ++i) {
    const json& c = list[i];
    if (!c.is_object()) return Bad(i, "not an object");
    v1::Control control;
    for (const char* key : {"control_id", "group", "subgroup", "title"}) {
      if (!c.contains(key) || !c[key].is_string() ||
          c[key].get<std::string>().empty()) {
        return Bad(i, absl::StrCat(key, " is required"));
      }
    }
    control.set_control_id(c["control_id"].get<std::string>());
    control.set_group(c["group"].get<std::string>());
    control.set_subgroup(c["subgroup"].get<std::string>());
    control.set_title(c["title"].get<std::string>());
    if (control.group() != "management" && control.group() != "technical") {
      return Bad(i, "group must be management or technical");
    }
    const json level = c.value("min_level", json());
    if (!level.is_number_integer() || level.get<int>() < 1 ||
        level.get<int>() > 5) {
      return Bad(i, "min_level must be a security level, 1 to 5");
    }
    control.set_min_level(level.get<int>());
    const json days = c.value("review_days", review);
    if (!days.is_number_integer() || days.get<int>() <= 0) {
      return Bad(i, "review_days must be a positive number of days");
    }
    control.set_review_days(days.get<int>());
    if (!catalogue->by_id_.emplace(control.control_id(), i).second) {
      return Bad(i, absl::StrCat("control_id ", control.control_id(),
                                 " appears twice"));
    }
    catalogue->controls_.push_back(std::move(control));
  }
  catalogue->fingerprint_ = Fingerprint(root.dump());
  return std::shared_ptr<const ControlCatalogue>(std::move(catalogue));
}

absl::StatusOr<std::shared_ptr<const ControlCatalogue>>
ControlCatalogue::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("controls: cannot read ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str());
}

const v1::Control* ControlCatalogue::Find(absl::string_view control_id) const {
  auto it = by_id_.find(control_id);
  return it == by_id_.end() ? nullptr : &controls_[it->second];
}

std::vector<const v1::Control*> ControlCatalogue::RequiredFor(int level) const {
  std::vector<const v1::Control*> out;
  for (const v1::Control& c : controls_) {
    if (c.min_level() <= level) out.push_back(&c);
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const ControlCatalogues>> ParseControlCatalogues(
    absl::string_view json) {
  return ControlCatalogues::Parse("controls", json, &ControlCatalogue::Parse);
}

absl::StatusOr<std::shared_ptr<const ControlCatalogues>> LoadControlCatalogues(
    const std::string& path) {
  return ControlCatalogues::LoadFile("controls", path,
                                     &ControlCatalogue::Parse);
}

const v1::Control* FindControlInAnyVersion(const ControlCatalogues& catalogues,
                                           absl::string_view control_id) {
  const auto& versions = catalogues.versions();
  for (auto v = versions.rbegin(); v != versions.rend(); ++v) {
    if (const v1::Control* c = v->value->Find(control_id)) return c;
  }
  return nullptr;
}

}  // namespace dtr::security
