#include "services/report/narrative_sections.h"

namespace dtr::report {

const std::vector<std::string>& NarrativeSections() {
  static const auto* sections = new std::vector<std::string>{
      "introduction",
      "direction",
      "awareness",
      "infrastructure",
      "data",
      "public_services",
      "workforce",
      "security",
      "digital_economy_society",
      "national_committee_tasks",
      "difficulties",
      "proposals",
  };
  return *sections;
}

int NarrativeSectionIndex(absl::string_view id) {
  const std::vector<std::string>& all = NarrativeSections();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i] == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace dtr::report
