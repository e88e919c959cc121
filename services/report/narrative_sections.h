// The narrative sections of the report, in the order it places them: the
// text staff write for a period, around the figures the services give.
#ifndef DTR_SERVICES_REPORT_NARRATIVE_SECTIONS_H_
#define DTR_SERVICES_REPORT_NARRATIVE_SECTIONS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dtr::report {

// introduction, direction (1.1), awareness (1.2), infrastructure (1.3),
// data (1.4), public_services (1.5, before its figures), workforce (1.6),
// security (1.7), digital_economy_society (2), national_committee_tasks
// (3), difficulties (II.1), proposals (II.2).
const std::vector<std::string>& NarrativeSections();

// Position in NarrativeSections(), or -1 for an unknown id.
int NarrativeSectionIndex(absl::string_view id);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_NARRATIVE_SECTIONS_H_
