// The units' accepted contributions in the report: each section prints the
// Department's own text (its narrative), then the contributions accepted
// for it in unit order (agencies, districts, communes), each led by its
// unit's name in bold — "**Sở Tài chính:** triển khai …" — or, for a text
// that opens with a list, a table or a heading, by the name on a line of
// its own.
//
// Pure functions; thread-safe.
#ifndef DTR_SERVICES_REPORT_CONTRIBUTION_ASSEMBLY_H_
#define DTR_SERVICES_REPORT_CONTRIBUTION_ASSEMBLY_H_

#include <string>
#include <vector>

#include "dtr/report/v1/report.pb.h"

namespace dtr::report {

struct AcceptedContribution {
  std::string unit_code;
  std::string unit_name;
  std::string section;
  std::string text;         // Markdown
  std::string accepted_at;  // RFC 3339
};

// The text as the report prints it, led by the unit's name.
std::string LedByUnitName(const std::string& unit_name,
                          const std::string& text);

// `department`'s narratives of `unit` and `period` with `accepted` (in
// unit order) after each section's text; a section only the units wrote
// gets a narrative of its own.
std::vector<v1::Narrative> WithContributions(
    const std::vector<v1::Narrative>& department,
    const std::vector<AcceptedContribution>& accepted, const std::string& unit,
    const std::string& period);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_CONTRIBUTION_ASSEMBLY_H_
