#include "services/workforce/staff_behind.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/field_checks.h"
#include "common/figure_parts.h"
#include "services/workforce/workforce_summary.h"

namespace dtr::workforce {

absl::StatusOr<std::vector<const v1::Staff*>> StaffBehind(
    const WorkforceRecords& records, const UnitTree& units,
    const AllowanceRules& rules, const std::string& root_code, DayRange range,
    const std::string& figure, common::v1::FigurePart part,
    const std::string& level) {
  if (figure != "eligible") {
    return Invalid("figure", absl::StrCat("'", figure,
                                          "' is not a rate of staff; "
                                          "expected eligible"));
  }
  if (absl::Status s = CheckFigurePart(part); !s.ok()) return s;
  std::vector<const v1::Staff*> out;
  absl::Status walked = ForEachStaffCounted(
      records, units, rules, root_code, range.last,
      [&](const v1::Staff& s, const std::string& at, bool eligible) {
        // The rate is over the dedicated staff.
        if (s.role() != v1::ROLE_DEDICATED) return;
        if (!level.empty() && at != level) return;
        if (InFigurePart(part, eligible)) out.push_back(&s);
      });
  if (!walked.ok()) return walked;
  std::sort(out.begin(), out.end(), [](const v1::Staff* a, const v1::Staff* b) {
    return a->staff_id() < b->staff_id();
  });
  return out;
}

}  // namespace dtr::workforce
