#include "services/stats/import_kinds.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"

namespace dtr::stats {

absl::Status StatsImport::Reach(const std::string& unit_code,
                                int32_t day) const {
  // The tree as it stood on the record's day.
  if (scope_.Allows(*units_, unit_code, DayFromNumber(day))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("unit_code: ", scope_.Refusal(unit_code)));
}

}  // namespace dtr::stats
