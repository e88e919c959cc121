#include "services/report/contribution_assembly.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace dtr::report {

std::string LedByUnitName(const std::string& unit_name,
                          const std::string& text) {
  const absl::string_view body = absl::StripTrailingAsciiWhitespace(
      absl::StripLeadingAsciiWhitespace(text));
  size_t digits = 0;
  while (digits < body.size() && absl::ascii_isdigit(body[digits])) ++digits;
  const bool opens_a_block =
      absl::StartsWith(body, "- ") || absl::StartsWith(body, "* ") ||
      absl::StartsWith(body, "|") || absl::StartsWith(body, "#") ||
      (digits > 0 && absl::StartsWith(body.substr(digits), ". "));
  if (opens_a_block) return absl::StrCat("**", unit_name, ":**\n\n", body);
  return absl::StrCat("**", unit_name, ":** ", body);
}

std::vector<v1::Narrative> WithContributions(
    const std::vector<v1::Narrative>& department,
    const std::vector<AcceptedContribution>& accepted, const std::string& unit,
    const std::string& period) {
  std::vector<v1::Narrative> out = department;
  for (const AcceptedContribution& c : accepted) {
    v1::Narrative* section = nullptr;
    for (v1::Narrative& n : out) {
      if (n.section() == c.section) section = &n;
    }
    if (section == nullptr) {
      section = &out.emplace_back();
      section->set_unit_code(unit);
      section->set_period(period);
      section->set_section(c.section);
    }
    const absl::string_view before =
        absl::StripTrailingAsciiWhitespace(section->text());
    section->set_text(absl::StrCat(before, before.empty() ? "" : "\n\n",
                                   LedByUnitName(c.unit_name, c.text), "\n"));
  }
  return out;
}

}  // namespace dtr::report
